"""``manage.py search_index rebuild | sync | status``."""

import copy
from io import StringIO

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from articles.models import ArticlePage
from search.connection import alias_name
from search.documents import index_body
from search.models import IndexChange
from search.rebuild import REBUILD_BATCH, rebuild
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory
from tests.search.helpers import OLD, serve_alias

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("search_index", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize("action", ["rebuild", "sync"])
def test_without_elasticsearch_the_commands_say_so(action):
    with pytest.raises(CommandError, match="not configured"):
        run(action)


def test_without_elasticsearch_status_reports_the_database_backend():
    assert "Backend: database" in run("status")


def test_rebuild_reports_what_it_loaded(site_tree, fake_es):
    ArticlePageFactory.create_batch(3)
    IndexChange.objects.all().delete()
    serve_alias(fake_es, OLD)

    output = run("rebuild", "--batch-size", "2")

    assert f"Indexed 3 of 3 articles into {alias_name()}-" in output
    assert "(language analysis)" in output
    assert len(fake_es.of("_bulk")) == 2


def test_rebuild_against_a_dead_cluster_fails_clearly(site_tree, dead_es):
    with pytest.raises(CommandError, match="Rebuild failed"):
        run("rebuild")


def live_index(fake, mappings=None, documents=1):
    serve_alias(fake, OLD)
    body = index_body()
    mapping = mappings or body["mappings"]
    fake.routes[("GET", "/_cluster/health")] = lambda r: (
        200,
        {"cluster_name": "docker-cluster", "status": "green"},
    )
    fake.routes[("POST", "_count")] = lambda r: (200, {"count": documents})
    fake.routes[("GET", "_count")] = lambda r: (200, {"count": documents})
    fake.routes[("GET", "_mapping")] = lambda r: (200, {OLD: {"mappings": mapping}})
    analysis = body["settings"]["analysis"]
    fake.routes[("GET", "_settings")] = lambda r: (
        200,
        {OLD: {"settings": {"index": {"analysis": analysis, "number_of_shards": "1"}}}},
    )


def test_status_reports_cluster_alias_counts_pending_and_mapping(site_tree, fake_es):
    ArticlePageFactory.create_batch(2)
    live_index(fake_es, documents=1)

    output = run("status")

    assert "Cluster: docker-cluster, health green" in output
    assert f"Alias: {alias_name()} → {OLD}" in output
    assert "Documents: 1 indexed, 2 live public articles (-1)" in output
    assert "Pending changes: 2, the oldest recorded 0\xa0minutes ago" in output
    assert "Mapping: matches search/documents.py" in output


def test_status_reports_a_mapping_that_differs_from_the_code(site_tree, fake_es):
    mappings = copy.deepcopy(index_body()["mappings"])
    mappings["properties"]["tags"]["properties"]["slug"] = {"type": "text"}
    del mappings["properties"]["year"]
    mappings["properties"]["colour"] = {"type": "keyword"}
    live_index(fake_es, mappings=mappings)

    out = StringIO()
    with pytest.raises(CommandError, match="needs attention"):
        call_command("search_index", "status", stdout=out)

    output = out.getvalue()
    assert "Mapping: the index differs from search/documents.py" in output
    assert "mapping properties.tags.properties.slug.type: index has text, code has keyword" in (
        output
    )
    assert "mapping properties.year.type: missing in the index (code: integer)" in output
    assert "mapping properties.colour.type: in the index only (keyword)" in output


def test_status_of_an_unreachable_cluster_is_reported_not_raised(site_tree, dead_es):
    out = StringIO()
    with pytest.raises(CommandError, match="needs attention"):
        call_command("search_index", "status", stdout=out)
    assert "Cluster: unreachable or failing: ConnectionError" in out.getvalue()


def test_status_without_an_alias_says_to_rebuild(site_tree, fake_es):
    serve_alias(fake_es)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("search_index", "status", stdout=out)
    assert "does not exist: run `search_index rebuild`" in out.getvalue()


def rebuild_queries(count: int) -> int:
    authors = [AuthorPageFactory() for _ in range(3)]
    topics = [TopicFactory() for _ in range(2)]
    for i in range(count):
        ArticlePageFactory(authors=authors, tags=[f"t{i}", "common"], topics=topics)
    IndexChange.objects.all().delete()
    cache.clear()  # the site's root paths are read once per rebuild
    with CaptureQueriesContext(connection) as queries:
        rebuild(batch_size=10)
    return len(queries)


def test_rebuild_spends_a_constant_number_of_queries_per_batch(site_tree, fake_es):
    serve_alias(fake_es, OLD)
    ten = rebuild_queries(10)
    fake_es.requests.clear()
    ArticlePage.objects.all().delete()
    thirty = rebuild_queries(30)

    per_batch = (thirty - ten) / 2
    assert per_batch == 5  # the articles with their type, credits+authors, tags, topics, PDFs
    assert len(fake_es.of("_bulk")) == 3
    # The budget: at most 10 queries per 1,000 articles, whole rebuild included: the
    # default batches, plus the few queries a rebuild spends whatever its size (the site's
    # root paths, the replay).
    fixed = ten - per_batch
    assert 1000 / REBUILD_BATCH * per_batch + fixed <= 10
