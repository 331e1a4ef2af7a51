"""The database gone or locked under a reader's request: a 503 with ``Retry-After`` and a
plain page (JSON on the API), never a traceback; /readyz says the database is down; pages
already in the page cache keep serving."""

import sqlite3

from django.conf import settings
from django.db import connections
from django.test import Client

import pytest

from cms.core.errors import server_error
from tests.factories import ArticlePageFactory
from tests.ports import free_port

pytestmark = pytest.mark.django_db

READER_PAGES = ["/", "/articles/", "/feeds/rss/", "/feeds/atom/", "/search/?q=walrus"]
API = ["/api/v2/pages/", "/api/search/?q=walrus"]


def broken(**changes):
    """A connection like the test's own, with ``changes`` to its settings."""
    current = connections["default"]
    return type(current)({**current.settings_dict, **changes})


def locked(tmp_path):
    """SQLite: another connection holds an exclusive lock; the site's gives up after a
    fifth of a second (instead of the settings' 20)."""
    if connections["default"].vendor != "sqlite":
        # PostgreSQL's locks would wait on the test's own open transaction.
        pytest.skip("a locked database is SQLite's failure; PostgreSQL's is unreachable")
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    options = {**settings.SQLITE_OPTIONS, "timeout": 0.2}
    return broken(NAME=str(path), OPTIONS=options), holder.close


def unreachable(tmp_path):
    """PostgreSQL on a loopback port nothing listens on; a SQLite file that is not there."""
    if connections["default"].vendor == "postgresql":
        return broken(HOST="127.0.0.1", PORT=str(free_port())), lambda: None
    return broken(NAME=str(tmp_path / "gone" / "db.sqlite3")), lambda: None


@pytest.fixture(params=[locked, unreachable], ids=["locked", "unreachable"])
def database_down(request, tmp_path):
    """Call it to make the database fail for every request that follows, in this test."""
    original = connections["default"]
    taken_down = []

    def go_down():
        wrapper, release = request.param(tmp_path)
        taken_down.append((wrapper, release))
        connections["default"] = wrapper

    yield go_down
    connections["default"] = original
    for wrapper, release in taken_down:
        wrapper.close()
        release()


@pytest.fixture
def reader():
    """A client that gets the response the site sends, as a browser would."""
    return Client(raise_request_exception=False)


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Traceback" not in body
    assert "Error" not in body  # neither the exception's name nor Django's debug page


def test_reader_pages_feeds_and_the_api_answer_503(site_tree, database_down, reader):
    article_url = ArticlePageFactory(title="Walrus census").url
    database_down()

    for url in [*READER_PAGES, article_url]:
        response = reader.get(url)
        assert_unavailable(response)
        assert "Back in a moment" in response.content.decode(), url
    for url in API:
        response = reader.get(url)
        assert_unavailable(response)
        assert response.json() == {
            "error": "The site is unavailable for a moment. Please try again shortly."
        }


def test_readyz_reports_the_database_down(database_down, reader):
    database_down()
    response = reader.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"]["status"]) == ("unavailable", "error")
    assert reader.get("/healthz").status_code == 200  # the process itself is alive


def test_pages_in_the_page_cache_keep_serving(site_tree, database_down, reader):
    article = ArticlePageFactory(title="Walrus census")
    assert reader.get(article.url).status_code == 200  # rendered and kept
    database_down()

    cached = reader.get(article.url)
    assert cached.status_code == 200
    assert cached["X-Page-Cache"] == "hit"
    assert b"Walrus census" in cached.content
    assert_unavailable(reader.get("/articles/"))  # never rendered before the outage


def test_any_other_error_is_the_plain_500(rf):
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert b"Something went wrong" in response.content
