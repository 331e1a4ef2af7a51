"""Reader pages keep serving when Redis, the production cache, goes away: a real Redis is
started, used, then stopped under the site."""

import logging
import shutil
import subprocess

from django.contrib.auth import get_user_model
from django.core.cache import cache

import pytest

from cms.settings.base import REDIS_CACHE_OPTIONS
from tests.ci import IN_CI
from tests.factories import ArticlePageFactory
from tests.ports import free_port, wait_until_listening

REDIS_SERVER = shutil.which("redis-server")
LOGIN = "/admin/login/"


@pytest.fixture
def redis_server():
    """A Redis of the test's own on a free loopback port; yields a ``stop()`` function."""
    if REDIS_SERVER is None:
        if IN_CI:
            pytest.fail("redis-server is required in CI (make services installs it)")
        pytest.skip("redis-server is not installed (make services installs it)")
    port = free_port()
    command = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, loopback only
        [*command, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_until_listening(port, process, "redis-server", seconds=10)

    def stop():
        process.terminate()
        process.wait(timeout=10)

    yield port, stop
    if process.poll() is None:
        stop()


def redis_caches(port: int) -> dict:
    """The production cache (base.py with REDIS_URL) on a loopback port."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "outage-test",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }


@pytest.fixture
def redis_cache(settings, redis_server):
    port, stop = redis_server
    settings.CACHES = redis_caches(port)
    return stop


@pytest.fixture
def dead_redis(settings):
    """Redis configured on a port nothing answers on: down from the first request."""
    settings.CACHES = redis_caches(free_port())


def test_reader_pages_serve_through_a_redis_outage(client, site_tree, redis_cache, caplog):
    article = ArticlePageFactory(title="Walrus census", standfirst="Counting walruses.")
    pages = ["/", "/articles/", article.url, "/feeds/rss/", "/search/?q=walrus", "/readyz"]
    for url in pages:
        assert client.get(url).status_code == 200, url
    cache.set("probe", "kept")
    assert cache.get("probe") == "kept"  # the pages above were served through Redis

    redis_cache()  # Redis goes away
    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
        assert b"Walrus census" in client.get(article.url).content
        assert b"Walrus census" in client.get("/feeds/rss/").content
    assert cache.get("probe") is None
    assert any("Exception ignored" in r.getMessage() for r in caplog.records)
    assert client.get("/readyz").json()["cache"]["status"] == "error"


def test_the_page_cache_sign_in_and_its_throttle_work_without_redis(client, site_tree, dead_redis):
    get_user_model().objects.create_superuser("edna", password="right-horse-battery")
    article = ArticlePageFactory(title="Walrus census")

    # Anonymous readers: rendered every time, never an error.
    for _ in range(2):
        response = client.get(article.url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
    # Publishing does not fail on the cache it cannot reach; nothing was kept, so readers
    # see the change at once.
    ArticlePageFactory(title="Narwhal survey").save_revision().publish()
    assert b"Narwhal survey" in client.get("/").content

    # Sessions live in the database: an editor signs in and stays signed in.
    signed_in = client.post(LOGIN, {"username": "edna", "password": "right-horse-battery"})
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()

    # The sign-in throttle counts in the database too: the fifth failure still locks.
    for _ in range(4):
        assert client.post(LOGIN, {"username": "edna", "password": "wrong"}).status_code == 200
    assert client.post(LOGIN, {"username": "edna", "password": "wrong"}).status_code == 429
