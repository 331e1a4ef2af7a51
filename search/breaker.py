"""A circuit breaker in front of Elasticsearch.

After a failure the cluster is left alone for ``CIRCUIT_COOLDOWN`` seconds: searches answer
from the database straight away and publishing leaves its changes pending, instead of every
request waiting out the timeout on a dead cluster. The state lives in the cache, so with
Redis all workers share it. The failure is logged when the circuit opens: once per
interval, not once per request.
"""

import logging
import time

from django.core.cache import cache

from .connection import es_settings, is_cluster_failure

logger = logging.getLogger("search")
OPEN_UNTIL_KEY = "search:elasticsearch:open-until"


def is_open() -> bool:
    """True while the cluster is being left alone after a failure."""
    return (cache.get(OPEN_UNTIL_KEY) or 0) > time.time()


def record_failure(exc: BaseException, during: str) -> None:
    cooldown = es_settings()["CIRCUIT_COOLDOWN"]
    if not is_open():
        logger.warning(
            "Elasticsearch failed during %s (%s: %s); using the database for %.0fs",
            during,
            type(exc).__name__,
            exc,
            cooldown,
        )
    if cooldown > 0:
        cache.set(OPEN_UNTIL_KEY, time.time() + cooldown, timeout=int(cooldown) + 1)


def record_success() -> None:
    cache.delete(OPEN_UNTIL_KEY)


def record_error(exc: BaseException, during: str) -> None:
    """A cluster failure opens the circuit; a request the cluster rejected is only logged,
    and the next request tries the cluster again."""
    if is_cluster_failure(exc):
        record_failure(exc, during)
    else:
        logger.warning("Elasticsearch rejected a request during %s: %s", during, exc)
