"""The worker's pass brings the search index up to date with what went live on schedule,
against the live node, and carries on when the cluster is down."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine

from articles.models import ArticlePage
from search.models import IndexChange
from search.rebuild import rebuild, refresh
from search.service import search
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

GO_LIVE = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)


@pytest.fixture
def scheduled(site_tree):
    ArticlePageFactory(title="Published long ago")
    page = ArticlePageFactory(title="Embargoed walrus report", live=False)
    page.go_live_at = GO_LIVE
    page.save_revision().publish()
    return page


def worker_once() -> str:
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


def test_an_article_that_goes_live_on_schedule_is_found_on_elasticsearch(live_es, scheduled):
    rebuild()
    refresh()
    assert search("walrus").total == 0
    with time_machine.travel(GO_LIVE + datetime.timedelta(seconds=5)):
        output = worker_once()
    assert "1 published on schedule" in output
    assert "1 search documents updated" in output
    refresh()
    result = search("walrus")
    assert (result.backend, result.degraded) == ("elasticsearch", False)
    assert [hit.title for hit in result.hits] == ["Embargoed walrus report"]
    assert not IndexChange.objects.pending().exists()


def test_with_the_cluster_down_the_article_goes_live_and_its_change_waits(dead_es, scheduled):
    with time_machine.travel(GO_LIVE + datetime.timedelta(seconds=5)):
        output = worker_once()
    assert "1 published on schedule" in output
    assert "index changes pending" in output
    assert "error: search index:" in output
    assert ArticlePage.objects.get(pk=scheduled.pk).live
    assert IndexChange.objects.pending().filter(page_id=scheduled.pk).exists()
