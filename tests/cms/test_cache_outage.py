"""Reader pages keep serving when Redis, the production cache, goes away: a real Redis is
started, used, then stopped under the site."""

import logging
import shutil
import subprocess

from django.core.cache import cache

import pytest

from cms.settings.base import REDIS_CACHE_OPTIONS
from tests.ci import IN_CI
from tests.factories import ArticlePageFactory
from tests.ports import free_port, wait_until_listening

REDIS_SERVER = shutil.which("redis-server")


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


@pytest.fixture
def redis_cache(settings, redis_server):
    port, stop = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "outage-test",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    return stop


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
