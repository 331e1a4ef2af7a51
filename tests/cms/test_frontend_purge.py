"""With a CDN configured (``WAGTAILFRONTENDCACHE``), the changes that retire the page cache
purge it too, over real HTTP; and a CDN that fails never fails the publishing."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory
from tests.ports import free_port

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    purged: list[str] = []
    status = 200

    def do_PURGE(self):
        self.purged.append(f"http://{self.headers['Host']}{self.path}")
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    """A cache server on loopback that answers PURGE requests and records them."""
    PurgeRecorder.purged, PurgeRecorder.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder
    server.shutdown()


@pytest.fixture
def draft(site_tree):
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya")
    topic = TopicFactory(slug="korean-peninsula")
    return ArticlePageFactory(
        title="Summit", slug="summit", live=False, authors=[author], tags=["dprk"], topics=[topic]
    )


def test_publishing_purges_the_article_and_the_pages_that_list_it(
    cdn, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    site = "http://localhost"
    for path in [
        "/articles/summit/",
        "/",
        "/articles/",
        "/search/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/feeds/rss/",
        "/feeds/json/",
        "/authors/toloraya/",
        "/authors/toloraya/feed/",
        "/tags/dprk/",
        "/tags/dprk/feed/",
        "/topics/korean-peninsula/",
    ]:
        assert site + path in cdn.purged, path


def test_a_draft_saved_purges_nothing(cdn, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft.title = "Summit, a second draft"
        draft.save_revision()
    assert cdn.purged == []


@pytest.mark.parametrize("failure", ["a 500", "nothing listening"])
def test_a_failing_cdn_never_fails_publishing(
    failure, cdn, draft, settings, client, caplog, django_capture_on_commit_callbacks
):
    if failure == "a 500":
        cdn.status = 500
    else:
        settings.WAGTAILFRONTENDCACHE["cdn"]["LOCATION"] = f"http://127.0.0.1:{free_port()}"

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    assert client.get("/articles/summit/").status_code == 200
    assert "Couldn't purge" in caplog.text
