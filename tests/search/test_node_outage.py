"""A real Elasticsearch node stopped under the site and started again: readers search the
database meanwhile (and are told so), editors keep publishing, and every change made during
the outage reaches the index after it. The node is one of the test's own (the live node
other tests share must not stop); without one the test is skipped, and fails under CI=true."""

import io
import time
import uuid

from django.core.management import call_command

import pytest

from articles.models import ArticlePage
from search.connection import alias_name, get_client
from search.models import IndexChange
from search.rebuild import rebuild, refresh
from search.service import search
from tests.ci import IN_CI
from tests.elasticsearch_node import OwnNode
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

COOLDOWN = 1.0  # seconds the breaker leaves the cluster alone after a failure


@pytest.fixture
def own_node(settings):
    node = OwnNode()
    try:
        node.start()
    except RuntimeError as exc:
        node.remove()
        if IN_CI:
            pytest.fail(f"CI=true and a node of the test's own did not start: {exc}")
        pytest.skip(f"a node of the test's own did not start: {exc}")
    settings.ELASTICSEARCH = {
        **settings.ELASTICSEARCH,
        "URL": node.url,
        "INDEX_PREFIX": f"thinktank-test-{uuid.uuid4().hex[:12]}",
        "CIRCUIT_COOLDOWN": COOLDOWN,
    }
    yield node
    node.remove()


def indexed_ids() -> set[int]:
    refresh()
    hits = get_client().search(index=alias_name(), size=100, query={"match_all": {}})
    return {int(hit["_id"]) for hit in hits["hits"]["hits"]}


def test_a_stopped_node_loses_nothing_and_search_comes_back(
    site_tree, own_node, client, django_capture_on_commit_callbacks
):
    kept, dropped = ArticlePageFactory.create_batch(2)
    draft = ArticlePageFactory(live=False, title="Quokka diplomacy")
    rebuild()
    assert indexed_ids() == {kept.pk, dropped.pk}

    own_node.stop()
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
        dropped.unpublish()
    assert ArticlePage.objects.get(pk=draft.pk).live
    assert {c.page_id for c in IndexChange.objects.pending()} == {draft.pk, dropped.pk}

    page = client.get("/search/", {"q": "quokka"})
    assert page.status_code == 200
    assert b"Quokka diplomacy" in page.content
    assert b"simpler mode" in page.content  # the reader is told

    own_node.start()
    out = io.StringIO()
    call_command("search_index", "sync", "--wait", "0", stdout=out)
    assert "1 articles indexed, 1 documents removed" in out.getvalue()
    assert not IndexChange.objects.pending().exists()
    assert indexed_ids() == {kept.pk, draft.pk}

    time.sleep(COOLDOWN)
    after = search("quokka")
    assert (after.backend, after.degraded) == ("elasticsearch", False)
    assert [hit.id for hit in after.hits] == [draft.pk]
