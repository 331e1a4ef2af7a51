"""Indexes the database search reads instead of tables, on PostgreSQL.

For every article a search matches, its facet counts read the article's type, language and
date, and its tags and authors. Read from the tables, each is a visit to a row of its own
page (an article's row holds its body): at 100,000 articles a common word matches 11,000,
and those visits were a third of the search's time. These indexes hold what is read, so
that each match is one index lookup (docs/performance.md). The topics' links are read from
the unique index Django makes for them.
"""

from django.db import migrations

INDEXES = {
    "search_articletag_article_tag": "articles_articlepagetag (content_object_id, tag_id)",
    "search_articleauthor_article_author": "articles_articlepageauthor (page_id, author_id)",
    "search_article_facets": (
        "articles_articlepage (page_ptr_id) INCLUDE (article_type_id, language, display_date)"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")
        tables = ", ".join(columns.split()[0] for columns in INDEXES.values())
        schema_editor.execute(f"ANALYZE {tables}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_drop_unused_indexentry_gin"),
        ("articles", "0013_pdf_attached"),
    ]

    operations = [migrations.RunPython(create, drop)]
