"""Elasticsearch failing in every way a cluster fails: the reader still gets results."""

import logging

import pytest

from search import breaker
from search.service import search, suggest
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_tree):
    return ArticlePageFactory(
        parent=site_tree.articles,
        title="Sanctions and summits",
        body=[("paragraph", "<p>The summit discussed sanctions.</p>")],
        tags=["sanctions"],
    )


def test_without_elasticsearch_the_database_answers(settings, article):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", False)
    assert [h.id for h in result.hits] == [article.pk]


@pytest.mark.parametrize("status", [500, 503, 429, 400])
def test_an_error_status_falls_back_to_the_database(fake_es, article, client, status):
    fake_es.fail_with = status
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", True)
    assert [h.id for h in result.hits] == [article.pk]
    response = client.get("/search/", {"q": "summit"})
    assert response.status_code == 200
    assert b"Sanctions and summits" in response.content
    assert b"simpler mode" in response.content
    api = client.get("/api/search/", {"q": "summit"}).json()
    assert (api["backend"], api["degraded"], api["total"]) == ("database", True, 1)


def test_a_timeout_falls_back_to_the_database(fake_es, article, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "TIMEOUT": 0.2}
    fake_es.delay = 1.0
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", True)
    assert [h.id for h in result.hits] == [article.pk]


def test_a_refused_connection_falls_back_to_the_database(dead_es, article, client):
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", True)
    assert client.get("/search/", {"q": "summit"}).status_code == 200
    assert suggest("sanc")  # the search box keeps working too


def test_the_open_breaker_skips_elasticsearch_and_logs_once(fake_es, article, settings, caplog):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "CIRCUIT_COOLDOWN": 60.0}
    fake_es.fail_with = 500
    with caplog.at_level(logging.WARNING, logger="search"):
        first = search("summit")
        assert len(fake_es.requests) == 1
        assert breaker.is_open()
        second = search("summit")
        third = search(tags=["sanctions"])
    assert len(fake_es.requests) == 1  # nothing reached the cluster while open
    assert first.degraded and second.degraded and third.degraded
    assert [h.id for h in second.hits] == [article.pk]
    assert len([r for r in caplog.records if "Elasticsearch failed" in r.message]) == 1
