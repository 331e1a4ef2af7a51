"""The search against the live Elasticsearch node: the demo content on both backends, a
real outage and the recovery from it, and the limits of a real cluster."""

import datetime
import io
import time

from django.core.management import call_command
from django.utils import timezone

import pytest

from articles.models import ArticlePage
from search import breaker
from search.backends import elasticsearch as es
from search.connection import alias_name
from search.models import IndexChange
from search.rebuild import rebuild, refresh
from search.service import search, suggest
from search.status import index_status
from search.text import MAX_WORDS
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

# A phrase; an author's name with a subject only one of their articles has (the name
# alone, or with a subject several share, ties among their articles, and each backend
# breaks the tie its own way); every word of one article.
SAME_TOP_HIT = [
    '"predictions for the second summit"',
    "Toloraya denuclearization",
    "Asmolov Russia visit",
]


@pytest.fixture
def demo(site_tree, live_es):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    rebuild()
    refresh()
    return live_es


def on_database(settings, call):
    url = settings.ELASTICSEARCH["URL"]
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    try:
        return call()
    finally:
        settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": url}


def slugs(result) -> list[str]:
    return [hit.url.rstrip("/").rsplit("/", 1)[-1] for hit in result.hits]


@pytest.mark.parametrize("query", SAME_TOP_HIT)
def test_both_backends_give_the_same_top_hit(demo, settings, query):
    elastic = search(query)
    database = on_database(settings, lambda: search(query))
    assert (elastic.backend, elastic.degraded) == ("elasticsearch", False)
    assert database.backend == "database"
    assert elastic.hits
    assert database.hits
    assert slugs(elastic)[0] == slugs(database)[0]


def test_both_backends_list_a_tag_the_same(demo, settings):
    elastic = search(tags=["hanoi-summit"])
    database = on_database(settings, lambda: search(tags=["hanoi-summit"]))
    assert elastic.backend == "elasticsearch"
    assert slugs(elastic) == slugs(database)
    assert len(slugs(elastic)) == 4


def test_status_counts_the_live_public_articles_and_nothing_pending(demo):
    status = index_status()
    assert status.error == ""
    assert status.mapping_differences == []
    assert status.documents == ArticlePage.objects.for_readers().count() == 5
    assert status.pending == 0
    assert status.analysis.startswith("core")  # the test distribution has no analysis-common
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "Documents: 5 indexed, 5 live public articles (in step)" in out.getvalue()
    assert "Analysis: core" in out.getvalue()


def test_an_outage_loses_nothing_and_search_comes_back(demo, settings, dead_port):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "CIRCUIT_COOLDOWN": 1.0}
    live_url = settings.ELASTICSEARCH["URL"]
    articles = {a.slug: a for a in ArticlePage.objects.all()}
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": f"http://127.0.0.1:{dead_port}"}

    # While the node is unreachable, editors keep working.
    fresh = ArticlePageFactory(title="Quokka diplomacy", slug="quokka-diplomacy")
    fresh.save_revision().publish()
    articles["kim-trump-i-know-that-you-know-i-know"].unpublish()
    edited = ArticlePage.objects.get(slug="north-korea-the-winding-road-to-denuclearization")
    edited.title = "The winding wombat road"
    edited.save_revision().publish()
    started = time.monotonic()
    during = search("wombat")
    assert time.monotonic() - started < settings.ELASTICSEARCH["TIMEOUT"]
    assert (during.backend, during.degraded) == ("database", True)
    assert slugs(during) == ["north-korea-the-winding-road-to-denuclearization"]
    assert IndexChange.objects.pending().exists()

    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": live_url}
    call_command("search_index", "sync", "--wait", "0", stdout=io.StringIO())
    refresh()
    indexed = {
        int(hit["_id"])
        for hit in demo.search(index=alias_name(), size=100, query={"match_all": {}})["hits"][
            "hits"
        ]
    }
    assert indexed == set(ArticlePage.objects.for_readers().values_list("pk", flat=True))
    assert fresh.pk in indexed
    assert articles["kim-trump-i-know-that-you-know-i-know"].pk not in indexed
    assert IndexChange.objects.pending().count() == 0

    time.sleep(1.1)  # the breaker's cooldown
    after = search("wombat")
    assert (after.backend, after.degraded) == ("elasticsearch", False)
    assert slugs(after) == ["north-korea-the-winding-road-to-denuclearization"]
    assert slugs(search("quokka")) == ["quokka-diplomacy"]


def test_a_query_the_cluster_rejects_is_answered_for_that_request_alone(
    demo, settings, monkeypatch
):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "CIRCUIT_COOLDOWN": 60.0}
    real = es.search_body
    monkeypatch.setattr(es, "search_body", lambda params, **kw: {**real(params, **kw), "size": -5})
    rejected = search("summit")
    assert (rejected.backend, rejected.degraded) == ("database", True)
    assert rejected.hits
    assert not breaker.is_open()
    monkeypatch.setattr(es, "search_body", real)
    assert search("summit").backend == "elasticsearch"


def near_words(base: str, count: int) -> list[str]:
    """``count`` words one edit from ``base``: each a term a fuzzy query expands to."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [base[:-1] + letters[i % 26] + letters[i // 26] for i in range(count)]


def test_the_longest_query_stays_within_a_real_nodes_clause_limit(site_tree, live_es):
    bases = [f"w{chr(97 + i)}rdzq" for i in range(MAX_WORDS)]
    vocabulary = " ".join(word for base in bases for word in near_words(base, 60))
    target = ArticlePageFactory(
        title=" ".join(bases[:3]),
        body=[("paragraph", f"<p>{' '.join(bases)}</p>")],
    )
    # The text fields hold fifty and more words a fuzzy query expands each query word to.
    for language in ("en", "ru"):
        ArticlePageFactory(
            standfirst=vocabulary,
            language=language,
            body=[("paragraph", f"<p>{vocabulary}</p>")],
        )
    rebuild()
    refresh()
    query = " ".join(bases)
    result = search(query)
    assert (result.backend, result.degraded) == ("elasticsearch", False)
    assert result.hits[0].id == target.pk


def test_an_article_longer_than_the_highlighting_limit_is_found_and_highlighted(site_tree, live_es):
    long_body = "<p>Hydrangea sanctions opened the report.</p>" + "<p>filler text</p>" * 90_000
    page = ArticlePageFactory(body=[("paragraph", long_body)])
    rebuild()
    refresh()
    result = search("hydrangea")
    assert (result.backend, result.degraded) == ("elasticsearch", False)
    assert [hit.id for hit in result.hits] == [page.pk]
    assert any("<mark>Hydrangea</mark>" in h for h in result.hits[0].highlights)


def test_an_article_past_its_expiry_time_leaves_search_at_once(site_tree, live_es):
    expiry = timezone.now() + datetime.timedelta(seconds=2)
    page = ArticlePageFactory(title="Narwhal summit", tags=["narwhal"], expire_at=expiry)
    rebuild()
    refresh()
    assert [hit.id for hit in search("narwhal").hits] == [page.pk]
    assert [s["label"] for s in suggest("narwh") if s["type"] == "article"] == ["Narwhal summit"]
    # Past its expiry time, not yet unpublished by the scheduler: its document is still there.
    time.sleep(max((expiry - timezone.now()).total_seconds(), 0) + 0.2)
    result = search("narwhal")
    assert (result.backend, result.total, result.hits) == ("elasticsearch", 0, [])
    assert search(tags=["narwhal"]).total == 0
    assert all(bucket["slug"] != "narwhal" for bucket in search().facets["tags"])
    assert [s for s in suggest("narwh") if s["type"] == "article"] == []


def test_each_site_finds_its_own_articles_and_counts_its_own_facets(two_sites, live_es, rf):
    rebuild()
    refresh()
    here = search("walrus", request=rf.get("/search/", HTTP_HOST="localhost"))
    there = search("walrus", request=rf.get("/search/", HTTP_HOST="other.test"))
    assert (here.backend, here.degraded) == ("elasticsearch", False)
    assert ([h.title for h in here.hits], here.total) == (["Local walrus"], 1)
    assert ([h.title for h in there.hits], there.total) == (["Remote walrus"], 1)
    assert here.facets["tags"] == [{"slug": "shared", "name": "shared", "count": 1}]
    assert [s["label"] for s in suggest("walr", request=rf.get("/", HTTP_HOST="other.test"))] == [
        "Remote walrus"
    ]
