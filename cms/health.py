"""``/healthz`` and ``/readyz``: what a load balancer, an orchestrator or a monitor asks.

Both are answered by a middleware placed first, before the host is validated, the session
is read or any cache is consulted: a probe that addresses the container by its IP address
gets an answer, and the answer is never cached.

- ``/healthz``: the process answers (200, no service is asked).
- ``/readyz``: the database is reachable (503 when it is not); Elasticsearch, the cache and
  the age of the oldest pending search index change are reported, never fatal: the site
  keeps serving reader pages without them.
"""

import json
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from search.connection import ES_ERRORS, get_client, is_configured
from search.outbox import pending_summary

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 1.0  # seconds a probe waits on Elasticsearch
CACHE_PROBE_KEY = "readyz-probe"


def healthz() -> tuple[int, dict]:
    return 200, {"status": "ok"}


def readyz() -> tuple[int, dict]:
    checks = {"database": _database(), "search": _search(), "cache": _cache()}
    if checks["database"]["status"] == "ok":
        checks["search_outbox"] = _outbox()
    ready = checks["database"]["status"] == "ok"
    return (200 if ready else 503), {"status": "ok" if ready else "unavailable", **checks}


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("readyz: the database is unreachable: %s", exc)
        return {"status": "error", "error": str(exc)}
    return {"status": "ok", "vendor": connection.vendor}


def _search() -> dict:
    if not is_configured():
        return {"status": "ok", "backend": "database"}
    try:
        health = get_client(timeout=PROBE_TIMEOUT).cluster.health()
    except ES_ERRORS as exc:
        return {"status": "error", "backend": "elasticsearch", "error": str(exc)[:300]}
    return {"status": "ok", "backend": "elasticsearch", "cluster": health.get("status", "")}


def _cache() -> dict:
    try:
        cache.set(CACHE_PROBE_KEY, "1", timeout=10)
        answered = cache.get(CACHE_PROBE_KEY) == "1"
    # Each cache backend raises its own errors (Redis's ConnectionError, memcached's...).
    except Exception as exc:  # noqa: BLE001 - reported, never raised, by design
        return {"status": "error", "error": str(exc)[:300]}
    if not answered:  # a cache that swallows its errors (see REDIS_CACHE_OPTIONS)
        return {"status": "error", "error": "the cache did not keep a value"}
    return {"status": "ok"}


def _outbox() -> dict:
    pending = pending_summary()
    age = (timezone.now() - pending.oldest).total_seconds() if pending.oldest else 0.0
    return {"status": "ok", "pending": pending.count, "oldest_pending_seconds": round(age, 1)}


PROBES: dict[str, Callable[[], tuple[int, dict]]] = {"/healthz": healthz, "/readyz": readyz}


def probes(get_response):
    """Answers the probes (GET and HEAD) before anything else in the stack sees them."""

    def middleware(request: HttpRequest):
        probe = PROBES.get(request.path)
        if probe is None:
            return get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return response
        status, body = probe()
        response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response

    return middleware
