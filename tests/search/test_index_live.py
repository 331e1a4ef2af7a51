"""Indexing against the live Elasticsearch node (ELASTICSEARCH_URL)."""

from django.core.management import call_command

import pytest

from search.connection import alias_name
from search.models import IndexChange
from search.rebuild import rebuild, refresh
from search.status import index_status
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(live_es):
    return live_es


def count(es) -> int:
    refresh()
    return es.count(index=alias_name())["count"]


def ids(es, query: dict) -> set[int]:
    refresh()
    hits = es.search(index=alias_name(), query=query, size=100)["hits"]["hits"]
    return {int(hit["_id"]) for hit in hits}


def test_rebuild_indexes_every_live_public_article(site_tree, es):
    pages = ArticlePageFactory.create_batch(3, title="Sanctions")
    ArticlePageFactory(live=False)

    first = rebuild(batch_size=2).index
    second = rebuild(batch_size=2).index

    assert count(es) == 3
    assert ids(es, {"match": {"en.title": "sanctions"}}) == {p.pk for p in pages}
    assert list(es.indices.get_alias(name=alias_name())) == [second]
    assert not es.indices.exists(index=first)
    assert index_status().mapping_differences == []


def test_a_rebuilt_index_is_one_segment(site_tree, es):
    """Loaded in several segments (a refresh after each batch), merged before the switch
    (no change to replay after it)."""
    ArticlePageFactory.create_batch(5)
    IndexChange.objects.all().delete()

    def refresh_new_index(loaded):
        es.indices.refresh(index=f"{alias_name()}-*", expand_wildcards="all")

    index = rebuild(batch_size=1, progress=refresh_new_index).index

    shard = es.indices.segments(index=index)["indices"][index]["shards"]["0"][0]
    assert shard["num_search_segments"] == 1
    assert count(es) == 5


def test_publish_and_unpublish_reach_the_live_index(
    site_tree, es, django_capture_on_commit_callbacks
):
    kept = ArticlePageFactory()
    rebuild()
    draft = ArticlePageFactory(live=False, title="Fresh news")

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert ids(es, {"match": {"title": "fresh"}}) == {draft.pk}

    draft.refresh_from_db()  # live now: unpublish does nothing to a page it thinks a draft
    with django_capture_on_commit_callbacks(execute=True):
        draft.unpublish()
    assert ids(es, {"match_all": {}}) == {kept.pk}
    assert not IndexChange.objects.pending().exists()


def test_sync_applies_what_publishing_left_pending(site_tree, es):
    rebuild()
    # Without the on-commit callbacks, the changes are only recorded.
    page = ArticlePageFactory()
    assert IndexChange.objects.pending().exists()

    call_command("search_index", "sync")

    assert ids(es, {"match_all": {}}) == {page.pk}
    assert not IndexChange.objects.pending().exists()
