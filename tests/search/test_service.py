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


def test_a_timeout_falls_back_to_the_database(fake_es, article, settings, client):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "TIMEOUT": 0.2}
    fake_es.delay = 1.0
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", True)
    assert [h.id for h in result.hits] == [article.pk]
    page = client.get("/search/", {"q": "summit"})
    assert b"Sanctions and summits" in page.content
    assert b"simpler mode" in page.content


def test_a_refused_connection_falls_back_to_the_database(dead_es, article, client):
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", True)
    page = client.get("/search/", {"q": "summit"})
    assert page.status_code == 200
    assert b"Sanctions and summits" in page.content
    assert b"simpler mode" in page.content
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
    assert first.degraded
    assert second.degraded
    assert third.degraded
    assert [h.id for h in second.hits] == [article.pk]
    assert len([r for r in caplog.records if "Elasticsearch failed" in r.message]) == 1


@pytest.mark.parametrize(
    ("status", "error", "opens"),
    [
        (400, {"type": "parsing_exception"}, False),
        (404, {"type": "index_not_found_exception"}, False),
        (429, {"type": "es_rejected_execution_exception"}, True),
        (500, {"type": "search_phase_execution_exception"}, True),
        (503, {"type": "unavailable_shards_exception"}, True),
        # A 5xx whose every cause is the request says nothing about the cluster.
        (
            500,
            {
                "type": "search_phase_execution_exception",
                "root_cause": [{"type": "too_many_nested_clauses"}],
            },
            False,
        ),
    ],
)
def test_only_cluster_failures_open_the_breaker(fake_es, article, settings, status, error, opens):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "CIRCUIT_COOLDOWN": 60.0}
    fake_es.routes[("POST", "_search")] = lambda r: (status, {"error": error, "status": status})
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", True)
    assert [h.id for h in result.hits] == [article.pk]
    assert breaker.is_open() is opens
    search("summit")
    # A rejected query is answered from the database for that request alone.
    assert len(fake_es.of("_search")) == (1 if opens else 2)


def test_an_answer_not_shaped_as_elasticsearchs_counts_as_a_cluster_failure(
    fake_es, article, settings
):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "CIRCUIT_COOLDOWN": 60.0}
    fake_es.routes[("POST", "_search")] = lambda r: (200, {"hits": "a proxy's error page"})
    result = search("summit")
    assert (result.backend, result.degraded) == ("database", True)
    assert breaker.is_open()


def test_a_bug_in_reading_the_hits_back_raises(fake_es, article, monkeypatch):
    hit = {"_id": str(article.pk), "_source": {"page_id": article.pk}}
    answer = {"hits": {"total": {"value": 1}, "hits": [hit]}}
    fake_es.routes[("POST", "_search")] = lambda r: (200, answer)

    def broken(*args, **kwargs):
        raise TypeError("a bug in hydration")

    monkeypatch.setattr("search.backends.elasticsearch.hydrate", broken)
    with pytest.raises(TypeError, match="a bug in hydration"):
        search("summit")
    assert not breaker.is_open()
