import os
import socket
import uuid

import pytest

from search.connection import alias_name, get_client
from tests.ci import IN_CI
from tests.search.fake_es import FakeElasticsearch, start

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")


def live_node_problem() -> str:
    """Why the live Elasticsearch tests cannot run here, or "" when they can."""
    if not LIVE_URL:
        return "ELASTICSEARCH_URL not set"
    from elasticsearch import Elasticsearch

    try:
        health = Elasticsearch(LIVE_URL, request_timeout=10).cluster.health()
    except Exception as exc:  # noqa: BLE001 - any reason at all: reported, or fails the CI run
        return f"Elasticsearch at {LIVE_URL} does not answer ({type(exc).__name__}: {exc})"
    if health.get("status") not in {"green", "yellow"}:
        return f"Elasticsearch at {LIVE_URL} is {health.get('status')}"
    return ""


@pytest.fixture(scope="session")
def live_node():
    """The live node's URL. Without one the test is skipped, except under CI=true, where
    a node that is not there fails the test instead of hiding it."""
    problem = live_node_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true and the live Elasticsearch tests cannot run: {problem}")
        pytest.skip(problem)
    return LIVE_URL


@pytest.fixture
def live_es(live_node, settings):
    """A client of the live node; the settings point there with an index prefix of this
    test's own, and every index under it is deleted afterwards."""
    settings.ELASTICSEARCH = {
        **settings.ELASTICSEARCH,
        "URL": live_node,
        "INDEX_PREFIX": f"thinktank-test-{uuid.uuid4().hex[:12]}",
    }
    client = get_client(timeout=30)
    yield client
    for name in client.indices.get(index=f"{alias_name()}*", expand_wildcards="all"):
        client.indices.delete(index=name)


@pytest.fixture
def fake_es(settings):
    """Elasticsearch answered by a recording fake on loopback (see fake_es.py)."""
    fake = FakeElasticsearch()
    server, url = start(fake)
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": url, "TIMEOUT": 0.5}
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead_es(settings, dead_port):
    """Elasticsearch configured on a loopback port nothing listens on."""
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": f"http://127.0.0.1:{dead_port}"}
    return dead_port


@pytest.fixture
def dead_port():
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request):
    """Each reader search backend in turn: the database, then the live node."""
    if request.param == "elasticsearch":
        request.getfixturevalue("live_es")
    return request.param
