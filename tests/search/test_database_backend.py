import sqlite3

from django.db import connection

import pytest

from search.service import search
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's limit on query parameters"
)


@pytest.fixture
def few_query_parameters(db):
    """SQLite allowing 40 parameters a query: a stand-in for its real limit of 32,766."""
    connection.ensure_connection()
    raw = connection.connection
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 40)
    yield
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_word_in_more_articles_than_a_query_takes_parameters(
    site_tree, sort, request, monkeypatch
):
    # Up to RANK_LIMIT matches (1,000, SQLite taking 32,766) are ranked by their ids; past
    # it nothing is given by id.
    monkeypatch.setattr("search.backends.database.RANK_LIMIT", 20)
    for _ in range(60):
        ArticlePageFactory(body=[("paragraph", "<p>Sanctions.</p>")])
    request.getfixturevalue("few_query_parameters")

    result = search("sanctions", sort=sort)

    assert result.total == 60
    assert len(result.hits) == 10
    assert sum(bucket["count"] for bucket in result.facets["types"]) == 60


def test_a_search_of_no_more_matches_than_it_ranks_takes_one_parameter_a_match(
    site_tree, request, monkeypatch
):
    monkeypatch.setattr("search.backends.database.RANK_LIMIT", 20)
    for n in range(15):
        ArticlePageFactory(title=f"Sanctions {n}", body=[("paragraph", "<p>Sanctions.</p>")])
    request.getfixturevalue("few_query_parameters")

    result = search("sanctions")

    assert result.total == 15
    assert len(result.hits) == 10
