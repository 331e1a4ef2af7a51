"""The database search's query plans on PostgreSQL: the match is answered by its index, the
content type and the words together (search/migrations/0003)."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

import pytest

from articles.models import ArticlePage
from search.backends import database
from search.backends.database import FULL_TEXT_INDEX
from search.service import search
from tests.factories import ArticlePageFactory
from tests.postgres import archive_plan

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text index"
)

MATCH = re.compile(r'\((\w+)\."title" \|\| \1\."body"\) @@')


def test_the_full_text_match_reads_the_gin_index_not_every_entry(site_tree, monkeypatch):
    # As for a few matches among many articles, where the planner reads the full-text
    # index for Wagtail's match (so few rows would be scanned).
    monkeypatch.setattr(database, "FULL_TEXT_INDEX", "")
    for n in range(3):
        ArticlePageFactory(title=f"Pipeline tariffs {n}", body=[("paragraph", "<p>Tariffs.</p>")])
    with CaptureQueriesContext(connection) as captured:
        assert search("pipeline tariffs").total == 3
    # The backend matches the two columns together: the expression the index is built on.
    assert any(MATCH.search(q["sql"]) for q in captured)
    plan = archive_plan(
        "SELECT count(*) FROM wagtailsearch_indexentry "
        "WHERE (title || body) @@ plainto_tsquery('pipeline tariffs')"
    )
    assert "Bitmap Index Scan on search_indexentry_type_title_body_gin" in plan, plan


@pytest.mark.parametrize(
    ("index", "definition"),
    [
        # The reader search's match of the words.
        ("search_indexentry_type_title_body_gin", "gin (content_type_id, ((title || body)))"),
        # The admin page search's match of prefixes.
        ("search_indexentry_type_autocomplete_gin", "gin (content_type_id, autocomplete)"),
        # What the facet counts read of each match (search/migrations/0006).
        ("search_articletag_article_tag", "btree (content_object_id, tag_id)"),
        ("search_articleauthor_article_author", "btree (page_id, author_id)"),
        (
            "search_article_facets",
            "btree (page_ptr_id) INCLUDE (article_type_id, language, display_date)",
        ),
        # The suggestions' match of titles (search/migrations/0010).
        ("search_page_title_trgm", "gin (upper((title)::text) gin_trgm_ops)"),
    ],
)
def test_the_full_text_indexes_hold_the_content_type_beside_the_words(db, index, definition):
    # Wagtail's backend asks for both together. With the content type in an index of its
    # own, the planner answered a common word from that one and tested the match on every
    # entry of the type, reading every indexed text (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (found,) = cursor.fetchone()
    assert f"USING {definition}" in found


def test_an_index_entry_is_written_once_with_its_title_norm(site_tree):
    # Wagtail's index wrote new entries with the norm unset, then averaged every entry's
    # title, looked for the unset ones over the whole table and wrote them again, every word
    # of their bodies into the full-text index again (search migration 0009).
    ArticlePageFactory.create_batch(3)
    page = ArticlePageFactory(title="Pipeline tariffs across the eastern Baltic states")
    entry = IndexEntry.objects.filter(content_type__model="articlepage", object_id=str(page.pk))
    # Set as it was first written: the average title is shorter than its six words.
    assert 0 < entry.get().title_norm < 1
    with CaptureQueriesContext(connection) as captured:
        get_search_backend().add(page)
    statements = [q["sql"] for q in captured if "wagtailsearch_indexentry" in q["sql"]]
    (written,) = statements
    assert written.lstrip().startswith("INSERT")
    assert 0 < entry.get().title_norm < 1


def _function_plan(cursor, kind: int, text: str) -> str:
    """The plan of ``search_matching_pages``' statement (search migration 0008) under the
    settings the function carries, for the articles of ``kind`` matching ``text``."""
    cursor.execute("SELECT prosrc, proconfig FROM pg_proc WHERE proname = 'search_matching_pages'")
    source, settings = cursor.fetchone()
    for setting in settings:
        name, value = setting.split("=")
        cursor.execute(f"SET LOCAL {name} = {value}")
    statement = source.replace("kind", "%s").replace("words", "plainto_tsquery(%s)")
    cursor.execute(f"EXPLAIN {statement}", [kind, text])
    return "\n".join(row[0] for row in cursor.fetchall())


def test_a_word_in_most_articles_is_matched_from_the_full_text_index(site_tree):
    # The planner does not count reading an entry's indexed text: for a word in most
    # articles it tested every entry (5 s at 100,000 articles). Such a match is made by a
    # function that can only read the full-text index.
    for n in range(4):
        ArticlePageFactory(title=f"Report {n}", body=[("paragraph", "<p>Sanctions.</p>")])
    ArticlePageFactory(title="Tariffs", body=[("paragraph", "<p>Pipelines.</p>")])
    with CaptureQueriesContext(connection) as captured:
        assert search("sanctions").total == 4
    assert any("search_matching_pages(" in q["sql"] for q in captured)
    kind = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        plan = _function_plan(cursor, kind, "sanctions")
    assert f"Bitmap Index Scan on {FULL_TEXT_INDEX}" in plan, plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize("planned_from_index", [True, False])
def test_both_ways_of_matching_find_the_same_articles(site_tree, monkeypatch, planned_from_index):
    # Wagtail's match where the planner reads the full-text index (as it does for a few
    # matches among many articles), the function otherwise: the same articles either way.
    if planned_from_index:
        monkeypatch.setattr(database, "FULL_TEXT_INDEX", "")
    sanctions = [
        ArticlePageFactory(title=f"Sanctions {n}", body=[("paragraph", "<p>Oil.</p>")])
        for n in range(3)
    ]
    ArticlePageFactory(title="Sanctions draft", live=False)
    ArticlePageFactory(title="Tariffs", body=[("paragraph", "<p>Oil and gas.</p>")])
    with CaptureQueriesContext(connection) as captured:
        result = search("sanctions oil")
    assert {hit.id for hit in result.hits} == {page.pk for page in sanctions}
    called = any("search_matching_pages(" in q["sql"] for q in captured)
    assert called is not planned_from_index
    assert search("gas tariffs").total == 1


def test_ranking_reads_the_matches_alone_not_every_article_holding_one_word(site_tree):
    # Two rare words and one in every article: ranked by any of the words, Wagtail's
    # backend matched "any" over the whole archive before keeping the matches, reading every
    # indexed text (4 s at 100,000 articles). The matches are given to it by id.
    found = ArticlePageFactory(title="Fubur gukatmur", body=[("paragraph", "<p>Sanctions.</p>")])
    for n in range(5):
        ArticlePageFactory(title=f"Report {n}", body=[("paragraph", "<p>Sanctions.</p>")])
    with CaptureQueriesContext(connection) as captured:
        result = search("fubur gukatmur sanctions")
    assert [hit.id for hit in result.hits] == [found.pk]
    (ranked,) = [q["sql"] for q in captured if "ts_rank" in q["sql"]]
    assert f'"articles_articlepage"."page_ptr_id" IN ({found.pk})' in ranked


def test_suggestions_match_titles_by_the_expression_the_trigram_index_holds(site_tree):
    # search/migrations/0010 indexes UPPER(title::text): the titles holding the typed
    # letters come from it only while Django writes icontains on that expression.
    for n in range(3):
        ArticlePageFactory(title=f"Pipeline tariffs {n}")
    with CaptureQueriesContext(connection) as captured:
        found = database.suggest("pipel", request=None)
    assert [s["label"] for s in found if s["type"] == "article"] == [
        f"Pipeline tariffs {n}" for n in (2, 1, 0)
    ]
    assert any('UPPER("wagtailcore_page"."title"::text) LIKE UPPER(' in q["sql"] for q in captured)
