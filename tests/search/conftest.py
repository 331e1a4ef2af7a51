import socket

import pytest

from tests.search.fake_es import FakeElasticsearch, start


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
def dead_es(settings):
    """Elasticsearch configured on a loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": f"http://127.0.0.1:{port}"}
    return port
