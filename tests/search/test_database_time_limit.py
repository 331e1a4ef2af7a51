"""A database search that runs past its time limit (PostgreSQL) gives up and says so: a 503
to ask again later or narrow, never a worker held for seconds, never a cached error."""

from django.db import connection

import pytest

from articles.models import ArticlePage
from search.backends import database
from tests.factories import ArticlePageFactory
from tests.postgres import show

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout"),
]

NOTICE = "This search matches too much of the archive to be answered right now."


@pytest.fixture
def summits(site_tree):
    return [ArticlePageFactory(title=f"Summit report {i}") for i in range(3)]


@pytest.fixture
def slow_counts(monkeypatch, settings):
    """The search's counts take two seconds, against a limit of a fifth of one."""
    settings.SEARCH_DATABASE_TIMEOUT = 0.2
    monkeypatch.setattr(database, "stats", slowed(database.stats))
    return monkeypatch


def slowed(function):
    """``function``, after a statement of two seconds."""

    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return function(*args, **kwargs)

    return slow


def timeout() -> str:
    return show("statement_timeout")


@pytest.fixture(params=["database", "elasticsearch down"])
def backend(request, settings):
    if request.param == "database":
        settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    else:
        request.getfixturevalue("dead_es")


def test_the_search_page_says_the_search_is_too_broad(client, backend, summits, slow_counts):
    before = timeout()
    response = client.get("/search/", {"q": "summit"})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert NOTICE in page
    assert "No results shown" in page
    assert "0 results" not in page
    assert 'value="summit"' in page  # the reader can narrow it from there
    # The limit was the search's own, and the connection is usable after it.
    assert timeout() == before
    assert ArticlePage.objects.count() == 3


def test_the_api_answers_503_with_the_reason(client, backend, summits, slow_counts):
    response = client.get("/api/search/", {"q": "summit"})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "error": NOTICE + " Add a word or a filter, or try again in a few minutes."
    }


def test_the_answer_is_not_kept_once_the_search_is_quick_again(
    client, summits, slow_counts, settings
):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    assert client.get("/search/", {"q": "summit"}).status_code == 503
    slow_counts.undo()

    response = client.get("/search/", {"q": "summit"})
    assert response.status_code == 200
    assert "3 results" in response.content.decode()


def test_a_search_within_the_limit_answers_and_leaves_the_limit_as_it_was(
    client, summits, settings
):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    settings.SEARCH_DATABASE_TIMEOUT = 5
    before = timeout()

    data = client.get("/api/search/", {"q": "summit"}).json()

    assert data["total"] == 3
    assert timeout() == before


def test_suggestions_past_the_limit_are_none(
    client, summits, monkeypatch, settings, page_cache_off
):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    assert client.get("/api/search/suggest/", {"q": "summ"}).json()["suggestions"]
    settings.SEARCH_DATABASE_TIMEOUT = 0.2
    monkeypatch.setattr(database, "suggest", slowed(database.suggest))
    response = client.get("/api/search/suggest/", {"q": "summ"})

    assert response.status_code == 200
    assert response.json() == {"query": "summ", "suggestions": []}


def test_a_search_is_planned_for_its_counts_and_the_site_is_not(client, summits, settings):
    # The site's statements are planned without parallel workers (DATABASE_PARALLEL_WORKERS);
    # a search's counts over thousands of matches gain from them
    # (SEARCH_DATABASE_PARALLEL_WORKERS), from more memory and from no JIT compilation.
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    settings.SEARCH_DATABASE_PARALLEL_WORKERS = 2
    names = ("max_parallel_workers_per_gather", "work_mem", "jit")
    site = [show(name) for name in names]
    seen = []

    def planned(*args, **kwargs):
        seen.append([show(name) for name in names])
        return counts(*args, **kwargs)

    counts = database.stats
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(database, "stats", planned)
        assert client.get("/api/search/", {"q": "summit"}).json()["total"] == 3

    assert seen == [["2", "16MB", "off"]]
    assert site[0] == "0"
    assert [show(name) for name in names] == site
