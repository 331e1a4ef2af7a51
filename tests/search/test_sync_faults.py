"""Publishing succeeds whatever Elasticsearch does; its changes wait for the next sync."""

import time

from django.core.management import CommandError, call_command

import pytest

from articles.models import ArticlePage
from search.models import IndexChange
from search.outbox import sync
from tests.factories import ArticlePageFactory
from tests.search.fake_es import FakeElasticsearch, start
from tests.search.helpers import bulk_actions

pytestmark = pytest.mark.django_db


def edit_during_outage(capture) -> tuple[list, list]:
    """Publish two drafts and unpublish a live article; returns (published, unpublished)."""
    drafts = [ArticlePageFactory(live=False) for _ in range(2)]
    live = ArticlePageFactory()
    IndexChange.objects.all().delete()
    with capture(execute=True):
        for page in drafts:
            page.save_revision().publish()
        live.unpublish()
    return drafts, [live]


def assert_applied_after(fake, published, unpublished, pending_before):
    output = call_command_output("search_index", "sync", "--wait", "0")
    assert f"Applied {pending_before} changes" in output
    assert "0 changes pending" in output
    actions = {(action, meta["_id"]) for action, meta, _ in bulk_actions(fake)}
    assert actions == {("index", str(p.pk)) for p in published} | {
        ("delete", str(p.pk)) for p in unpublished
    }
    assert not IndexChange.objects.pending().exists()


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def revived(settings):
    """Start Elasticsearch (the recording fake) where the test had none."""
    servers = []

    def revive() -> FakeElasticsearch:
        fake = FakeElasticsearch()
        server, url = start(fake)
        servers.append(server)
        settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": url}
        return fake

    yield revive
    for server in servers:
        server.shutdown()
        server.server_close()


def test_refused_connections_leave_changes_pending_until_sync(
    site_tree, dead_es, revived, django_capture_on_commit_callbacks
):
    published, unpublished = edit_during_outage(django_capture_on_commit_callbacks)

    assert all(ArticlePage.objects.get(pk=p.pk).live for p in published)
    pending_before = IndexChange.objects.pending().count()
    assert pending_before > 0
    assert set(IndexChange.objects.values_list("page_id", flat=True)) == {
        p.pk for p in published + unpublished
    }
    assert "ConnectionError" in IndexChange.objects.first().last_error

    assert_applied_after(revived(), published, unpublished, pending_before)


def test_a_slow_cluster_does_not_hold_publishing(
    site_tree, fake_es, django_capture_on_commit_callbacks
):
    fake_es.delay = 3  # the client gives up after TIMEOUT (0.5s)
    page = ArticlePageFactory(live=False)
    IndexChange.objects.all().delete()

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert time.monotonic() - started < 2.5
    assert ArticlePage.objects.get(pk=page.pk).live
    pending_before = IndexChange.objects.pending().count()
    assert pending_before > 0
    assert "Timeout" in IndexChange.objects.first().last_error

    fake_es.delay = 0
    fake_es.requests.clear()
    assert_applied_after(fake_es, [page], [], pending_before)


@pytest.mark.parametrize("status", [500, 429])
def test_error_answers_leave_changes_pending_until_sync(
    site_tree, fake_es, status, django_capture_on_commit_callbacks
):
    fake_es.fail_with = status
    published, unpublished = edit_during_outage(django_capture_on_commit_callbacks)

    assert fake_es.of("_bulk")  # it was tried
    assert all(ArticlePage.objects.get(pk=p.pk).live for p in published)
    pending_before = IndexChange.objects.pending().count()
    assert pending_before == IndexChange.objects.count() > 0

    with pytest.raises(CommandError, match="stay pending: Elasticsearch failed 2 times"):
        call_command("search_index", "sync", "--retries", "1", "--wait", "0")
    assert IndexChange.objects.pending().count() == pending_before

    fake_es.fail_with = None
    fake_es.requests.clear()
    assert_applied_after(fake_es, published, unpublished, pending_before)


def test_a_rejected_item_in_a_bulk_answer_stays_pending(
    site_tree, fake_es, django_capture_on_commit_callbacks
):
    page = ArticlePageFactory(live=False)
    IndexChange.objects.all().delete()
    overloaded = {"type": "es_rejected_execution_exception"}
    fake_es.routes[("PUT", "_bulk")] = lambda request: (
        200,
        {"errors": True, "items": [{"index": {"status": 429, "error": overloaded}}]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert IndexChange.objects.pending().exists()

    del fake_es.routes[("PUT", "_bulk")]
    fake_es.requests.clear()
    assert_applied_after(fake_es, [page], [], IndexChange.objects.pending().count())


def test_an_open_circuit_spares_the_cluster(
    site_tree, fake_es, settings, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "CIRCUIT_COOLDOWN": 30.0}
    fake_es.fail_with = 500
    first, second = (ArticlePageFactory(live=False) for _ in range(2))
    IndexChange.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        first.save_revision().publish()
    tried = len(fake_es.requests)
    with django_capture_on_commit_callbacks(execute=True):
        second.save_revision().publish()

    assert tried >= 1
    assert len(fake_es.requests) == tried
    assert {c.page_id for c in IndexChange.objects.pending()} == {first.pk, second.pk}
    fake_es.fail_with = None
    fake_es.requests.clear()
    assert_applied_after(fake_es, [first, second], [], IndexChange.objects.pending().count())


def test_sync_backs_off_exponentially(site_tree, fake_es):
    ArticlePageFactory()
    fake_es.fail_with = 503
    waits = []

    report = sync(retries=3, wait=1.5, sleep=waits.append)

    assert waits == [1.5, 3.0, 6.0]
    assert report.attempts == 4
    assert report.cluster_error
    assert len(fake_es.of("_bulk")) == 4
    assert IndexChange.objects.pending().exists()


def test_a_rejected_document_backs_off_and_fails_the_sync(site_tree, fake_es):
    page = ArticlePageFactory()
    fake_es.routes[("PUT", "_bulk")] = lambda request: (
        200,
        {"errors": True, "items": [{"index": {"status": 400, "error": {"type": "bad"}}}]},
    )

    with pytest.raises(CommandError, match="documents rejected"):
        call_command("search_index", "sync", "--wait", "0")

    change = IndexChange.objects.pending().get(page_id=page.pk)
    assert change.attempts == 1
    assert "400" in change.last_error
    assert change.next_attempt_at > change.created_at
    # Not due yet: the next sync leaves it alone.
    fake_es.requests.clear()
    output = call_command_output("search_index", "sync")
    assert not fake_es.of("_bulk")
    assert "wait for their next attempt" in output
