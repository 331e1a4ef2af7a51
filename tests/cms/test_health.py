"""/healthz and /readyz answer a probe whatever the Host, never from a cache, and /readyz
fails only when the database does."""

import json
from datetime import timedelta

from django.db import OperationalError, connection
from django.utils import timezone

import pytest

from search.models import IndexChange
from tests.ports import free_port


def probe(client, path, **extra):
    response = client.get(path, **extra)
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response.status_code, json.loads(response.content)


@pytest.fixture
def production_like(settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    settings.SECURE_SSL_REDIRECT = True


def test_healthz_answers_a_probe_by_ip_over_plain_http(client, production_like):
    status, body = probe(client, "/healthz", HTTP_HOST="10.0.0.7:8000")
    assert (status, body) == (200, {"status": "ok"})
    # Any other page for that host is refused (400) or redirected to HTTPS, as before.
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/", HTTP_HOST="example.org").status_code == 301


@pytest.mark.django_db
def test_readyz_reports_every_service(client, production_like):
    status, body = probe(client, "/readyz", HTTP_HOST="10.0.0.7")
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok", "vendor": connection.vendor}
    assert body["search"] == {"status": "ok", "backend": "database"}
    assert body["cache"] == {"status": "ok"}
    assert body["search_outbox"] == {"status": "ok", "pending": 0, "oldest_pending_seconds": 0.0}


@pytest.mark.django_db
def test_readyz_gives_the_age_of_the_oldest_pending_index_change(client):
    IndexChange.objects.create(page_id=1, created_at=timezone.now() - timedelta(minutes=5))
    IndexChange.objects.create(page_id=2)
    IndexChange.objects.create(page_id=3, applied_at=timezone.now())
    _, body = probe(client, "/readyz")
    assert body["search_outbox"]["pending"] == 2
    assert 300 <= body["search_outbox"]["oldest_pending_seconds"] < 360


@pytest.mark.django_db
def test_readyz_stays_ready_when_elasticsearch_and_the_cache_are_down(client, settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": f"http://127.0.0.1:{free_port()}"}
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    status, body = probe(client, "/readyz")
    assert status == 200
    assert body["status"] == "ok"
    assert body["search"]["status"] == "error"
    assert body["search"]["backend"] == "elasticsearch"
    assert body["cache"]["status"] == "error"


@pytest.mark.django_db
def test_readyz_is_unavailable_without_the_database(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    status, body = probe(client, "/readyz")
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["database"]["status"] == "error"
    assert "Connection refused" in body["database"]["error"]
    assert "search_outbox" not in body


def test_probes_take_only_get_and_head(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head("/healthz").status_code == 200
