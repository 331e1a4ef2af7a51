"""The Elasticsearch client, configured from ``settings.ELASTICSEARCH``; None when unset."""

from functools import lru_cache

from django.conf import settings

from elasticsearch import Elasticsearch


def es_settings() -> dict:
    return settings.ELASTICSEARCH


def is_configured() -> bool:
    return bool(es_settings()["URL"])


def alias_name() -> str:
    """The name searches use; it points at the current concrete index."""
    return f"{es_settings()['INDEX_PREFIX']}-articles"


def get_client(timeout: float | None = None) -> Elasticsearch | None:
    """A client that gives up after ``timeout`` seconds (the configured one by default) and
    never retries on its own: callers decide what a failure means."""
    config = es_settings()
    if not config["URL"]:
        return None
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
