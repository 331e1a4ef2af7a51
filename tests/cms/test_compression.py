"""On PostgreSQL an article's large values are stored compressed with lz4 (cms/migrations
0006): its body, its revision and its search entry."""

from django.db import connection

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's compression of large values"
)

STORED = {
    "articles_articlepage": ("body", "page_ptr_id"),
    "wagtailcore_revision": ("content", "object_id"),
    "wagtailsearch_indexentry": ("body", "object_id"),
}


def test_a_long_article_is_stored_compressed_with_lz4(site_tree):
    # PostgreSQL compresses a value past about 2 KB: a body of many varied paragraphs.
    paragraphs = [
        ("paragraph", f"<p>Paragraph {n} on pipeline tariffs, quotas and duty number {n * 7}.</p>")
        for n in range(200)
    ]
    article = ArticlePageFactory(title="A long analysis", body=paragraphs)
    article.save_revision().publish()
    with connection.cursor() as cursor:
        for table, (column, key) in STORED.items():
            cursor.execute(
                f"SELECT pg_column_compression({column}) FROM {table}"  # noqa: S608
                f" WHERE CAST({key} AS text) = %s",
                [str(article.pk)],
            )
            methods = {row[0] for row in cursor.fetchall()}
            assert methods == {"lz4"}, (table, methods)
