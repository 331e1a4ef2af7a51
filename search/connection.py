"""The Elasticsearch client, configured from ``settings.ELASTICSEARCH`` (None when unset),
and the one definition of what counts as the cluster failing."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from django.conf import settings

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch


class NotConfigured(RuntimeError):
    def __init__(self):
        super().__init__(
            "Elasticsearch is not configured (ELASTICSEARCH_URL is empty); "
            "the reader search uses the database backend"
        )


class UnexpectedAnswer(Exception):
    """The cluster answered 2xx with a body not shaped as Elasticsearch's (a proxy's page,
    a truncated answer)."""


@contextmanager
def reading_answer(what: str) -> Iterator[None]:
    """Read a 2xx answer: a body not shaped as expected raises ``UnexpectedAnswer``."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UnexpectedAnswer(f"{what}: {exc!r}") from exc


# Everything talking to the cluster can raise: refused, reset or timed out (TransportError),
# an error status (ApiError), an answer we cannot read (UnexpectedAnswer). Our own bugs
# (KeyError, TypeError, ...) are not in it: they raise.
ES_ERRORS = (TransportError, ApiError, UnexpectedAnswer)

# Error types of a 5xx answer that the request caused, not the cluster.
REQUEST_ERROR_TYPES = {
    "illegal_argument_exception",
    "parsing_exception",
    "query_shard_exception",
    "search_parse_exception",
    "too_many_clauses",
    "too_many_nested_clauses",
    "x_content_parse_exception",
}


def is_cluster_failure(exc: BaseException) -> bool:
    """Whether ``exc`` (one of ES_ERRORS) means the cluster is failing, so that everyone
    should leave it alone for a while: unreachable, timed out, overloaded (429) or broken
    (5xx). A request the cluster rejects (4xx, or a 5xx whose every cause is the request)
    is the request's fault and says nothing about the cluster."""
    if not isinstance(exc, ApiError):
        return isinstance(exc, ES_ERRORS)
    return is_failing_status(exc.status_code, exc.body)


def is_failing_status(status: int, body=None) -> bool:
    """The same for an error status and its body, of a whole answer or of one bulk item
    (``{"status": ..., "error": {...}}``)."""
    if status == 429:
        return True
    if status < 500:
        return False
    causes = _root_cause_types(body)
    return not causes or not causes <= REQUEST_ERROR_TYPES


def _root_cause_types(body) -> set[str]:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return set()
    causes = error.get("root_cause") or [error]
    return {str(c.get("type")) for c in causes if isinstance(c, dict)}


def es_settings() -> dict:
    return settings.ELASTICSEARCH


def is_configured() -> bool:
    return bool(es_settings()["URL"])


def alias_name() -> str:
    """The name searches use; it points at the current concrete index."""
    return f"{es_settings()['INDEX_PREFIX']}-articles"


def get_client(timeout: float | None = None) -> Elasticsearch:
    """A client that gives up after ``timeout`` seconds (the configured one by default) and
    never retries on its own: callers decide what a failure means. ``NotConfigured`` when
    no cluster is configured (ask ``is_configured()`` first where that is no error)."""
    config = es_settings()
    if not config["URL"]:
        raise NotConfigured()
    timeout = config["TIMEOUT"] if timeout is None else timeout
    return _client(
        config["URL"],
        timeout,
        config["API_KEY"],
        config["USERNAME"],
        config["PASSWORD"],
        config["CA_CERTS"],
    )


@lru_cache(maxsize=8)
def _client(url, timeout, api_key, username, password, ca_certs) -> Elasticsearch:
    # One client (and connection pool) per configuration, reused across requests.
    options: dict = {"request_timeout": timeout, "max_retries": 0, "retry_on_timeout": False}
    if api_key:
        options["api_key"] = api_key
    elif username:
        options["basic_auth"] = (username, password)
    if ca_certs:
        options["ca_certs"] = ca_certs
    return Elasticsearch(url, **options)


def cluster_modules(client: Elasticsearch) -> set[str]:
    """The modules every node of the cluster has (analysis-common, mapper-extras, ...)."""
    answer = client.nodes.info(metric="plugins", filter_path="nodes.*.modules.name")
    with reading_answer("nodes info"):
        per_node = [
            {module["name"] for module in node.get("modules", [])}
            for node in answer["nodes"].values()
        ]
    return set.intersection(*per_node) if per_node else set()
