"""The worker: scheduled articles go live and expired ones go off by themselves, everywhere a
manual publish or unpublish shows, and the loop survives failures and stops on SIGTERM."""

import datetime
import io
import logging
import os
import signal
import threading

from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from wagtail.models import Revision

import pytest
import time_machine

from articles.models import ArticlePage
from cms.worker.passes import run_pass
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

GO_LIVE = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)


def worker_once() -> str:
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


@pytest.fixture
def scheduled(site_tree):
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya")
    ArticlePageFactory(title="Older article", slug="older", tags=["summit"], authors=[author])
    page = ArticlePageFactory(
        title="Embargoed summit analysis", slug="embargoed", live=False, tags=["summit"]
    )
    page.article_authors.create(author=author, sort_order=0)
    page.go_live_at = GO_LIVE
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


READER_SURFACES = ["/", "/articles/", "/tags/summit/", "/authors/toloraya/", "/feeds/rss/"]


def test_a_scheduled_article_is_invisible_until_the_worker_publishes_it(client, scheduled):
    assert not scheduled.live
    assert client.get("/articles/embargoed/").status_code == 404
    for url in READER_SURFACES:  # feeds are cached now: the publish must retire them
        assert "Embargoed" not in client.get(url).content.decode()
    assert worker_once().startswith("Worker pass: 0 published on schedule, 0 expired")
    assert not ArticlePage.objects.get(pk=scheduled.pk).live

    with time_machine.travel(GO_LIVE + datetime.timedelta(seconds=5)):
        assert "1 published on schedule" in worker_once()
        assert client.get("/articles/embargoed/").status_code == 200
        for url in READER_SURFACES:
            assert "Embargoed summit analysis" in client.get(url).content.decode(), url
        older = client.get("/articles/older/").content.decode()
        assert "Embargoed summit analysis" in older  # automatic related articles
        search = client.get("/api/search/", {"q": "embargoed"}).json()
        assert [hit["title"] for hit in search["hits"]] == ["Embargoed summit analysis"]
        assert "0 published" in worker_once()  # nothing twice
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_an_article_expires_by_itself_everywhere(client, site_tree):
    ArticlePageFactory(title="Evergreen", tags=["summit"])
    ArticlePageFactory(title="Short-lived", slug="short-lived", tags=["summit"], expire_at=GO_LIVE)
    for url in ["/articles/", "/tags/summit/", "/feeds/rss/"]:
        assert "Short-lived" in client.get(url).content.decode()

    with time_machine.travel(GO_LIVE + datetime.timedelta(seconds=5)):
        assert "1 expired" in worker_once()
        page = ArticlePage.objects.get(slug="short-lived")
        assert (page.live, page.expired) == (False, True)
        assert client.get("/articles/short-lived/").status_code == 404
        for url in ["/articles/", "/tags/summit/", "/feeds/rss/", "/sitemap-pages.xml"]:
            assert "Short-lived" not in client.get(url).content.decode(), url


def test_a_database_failure_is_reported_and_the_next_pass_does_the_work(scheduled, monkeypatch):
    original = Revision.objects.filter

    def failing(*args, **kwargs):
        raise OperationalError("database is locked")

    with time_machine.travel(GO_LIVE + datetime.timedelta(seconds=5)):
        monkeypatch.setattr(Revision.objects, "filter", failing)
        report = run_pass()
        assert report.errors == ("scheduled publishing: database is locked",)
        monkeypatch.setattr(Revision.objects, "filter", original)
        assert run_pass().published == 1
    assert ArticlePage.objects.get(pk=scheduled.pk).live


def test_the_loop_logs_what_a_pass_did_and_stops_cleanly_on_sigterm(scheduled, caplog):
    out = io.StringIO()
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGTERM))
    previous = signal.getsignal(signal.SIGTERM)
    caplog.set_level(logging.INFO, logger="cms.worker")
    with time_machine.travel(GO_LIVE + datetime.timedelta(seconds=5)):
        timer.start()
        try:
            call_command("worker", "--interval", "30", stdout=out)
        finally:
            timer.cancel()
    assert out.getvalue().splitlines()[-1] == "Worker: stopped."
    assert signal.getsignal(signal.SIGTERM) is previous
    assert [r.getMessage() for r in caplog.records if r.name == "cms.worker"] == [
        "Worker pass: 1 published on schedule, 0 expired, 0 search documents updated"
    ]
    assert ArticlePage.objects.get(pk=scheduled.pk).live
