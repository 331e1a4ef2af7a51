"""The database search as an archive grows: the matches found once, the rank bounded.

One statement counts the matches and their facets and, unless the full-text rank orders
them, reads the page of hits too.

Under ``RANK_LIMIT`` matches the full-text rank orders the hits (tests/search/test_suite.py).
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from search.backends import database
from search.service import search
from tests.factories import ArticlePageFactory, AuthorPageFactory


def article(title: str, day: int, body: str = "<p>Pipeline tariffs.</p>"):
    return ArticlePageFactory(
        title=title,
        display_date=datetime.date(2020, 1, day),
        body=[("paragraph", body)],
        tags=["energy"],
    )


def titles(result) -> list[str]:
    return [hit.title for hit in result.hits]


def test_the_number_of_matches_and_every_facet_come_from_one_statement(site_tree):
    for day in range(1, 4):
        article(f"Piece {day}", day)
    ArticlePageFactory(title="Elsewhere", body=[("paragraph", "<p>Nothing here.</p>")])
    with CaptureQueriesContext(connection) as captured:
        result = search("pipeline tariffs")
    assert result.total == 3
    assert result.facets["tags"] == [{"slug": "energy", "name": "energy", "count": 3}]
    assert result.facets["years"] == [{"key": 2020, "count": 3}]
    counting = [q["sql"] for q in captured if database.SCOPE_TABLE in q["sql"]]
    # The match is written once, in the common table expression every count reads.
    assert len(counting) == 1
    assert matches_in(counting[0]) == 1


def matches_in(sql: str) -> int:
    """The full-text matches a statement makes: PostgreSQL's, SQLite's, or the function
    that reads the matches from PostgreSQL's index (an EXPLAIN makes none)."""
    if sql.startswith("EXPLAIN"):
        return 0
    return sql.count("@@") + sql.count(" MATCH ") + sql.count("search_matching_pages(")


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_unranked_hits_come_from_the_statement_that_counts_them(site_tree, monkeypatch, sort):
    monkeypatch.setattr(database, "RANK_LIMIT", 2)
    for day in range(1, 5):
        article(f"Piece {day}", day)
    with CaptureQueriesContext(connection) as captured:
        result = search("pipeline", sort=sort, per_page=2, page=2)
    assert titles(result) == ["Piece 2", "Piece 1"]
    assert sum(matches_in(q["sql"]) for q in captured) == 1


def test_a_page_past_the_last_shows_the_last(site_tree, monkeypatch):
    monkeypatch.setattr(database, "RANK_LIMIT", 1)
    for day in range(1, 4):
        article(f"Piece {day}", day)
    result = search("pipeline", per_page=2, page=9)
    assert (result.page, titles(result)) == (2, ["Piece 1"])


def test_an_article_credited_twice_to_one_author_counts_once(site_tree):
    author = AuthorPageFactory(title="Anna Twice")
    ArticlePageFactory(
        title="Piece",
        body=[("paragraph", "<p>Pipeline tariffs.</p>")],
        authors=[(author, "author", ""), (author, "editor", "")],
    )
    result = search("pipeline")
    assert result.facets["authors"] == [{"slug": author.slug, "name": "Anna Twice", "count": 1}]


def test_past_the_rank_limit_titles_with_the_words_come_first_then_the_newest(
    site_tree, monkeypatch
):
    monkeypatch.setattr(database, "RANK_LIMIT", 3)
    article("Tariffs on a pipeline", 1)
    article("Tariffs alone", 2)
    for day in range(3, 6):
        article(f"Body only {day}", day)
    result = search("pipeline tariffs")
    assert result.total == 5
    assert titles(result) == [
        "Tariffs on a pipeline",  # both words in its title
        "Tariffs alone",
        "Body only 5",
        "Body only 4",
        "Body only 3",
    ]
    newest = search("pipeline tariffs", sort="newest")
    assert titles(newest)[0] == "Body only 5"


@pytest.mark.parametrize("limit", [1, 1000])
def test_every_page_holds_other_hits_whichever_order_applies(site_tree, monkeypatch, limit):
    monkeypatch.setattr(database, "RANK_LIMIT", limit)
    for day in range(1, 8):
        article(f"Piece {day}", day)
    pages = [search("pipeline", per_page=3, page=n) for n in (1, 2, 3)]
    seen = [title for page in pages for title in titles(page)]
    assert sorted(seen) == sorted(f"Piece {day}" for day in range(1, 8))
