"""The requests the indexer sends, asserted as data through the recording fake."""

import logging

from wagtail.models import PageViewRestriction

import pytest
import wagtail_factories
from elasticsearch import ApiError

from articles.models import ArticlePage
from search.connection import alias_name
from search.documents import article_source, index_body
from search.models import IndexChange
from search.rebuild import rebuild
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory
from tests.search.helpers import OLD, bulk_actions, serve_alias

pytestmark = pytest.mark.django_db


@pytest.fixture
def authors(site_tree):
    return [
        AuthorPageFactory(title="Konstantin Asmolov", slug="asmolov"),
        AuthorPageFactory(title="Georgy Toloraya", slug="toloraya"),
    ]


def test_article_source_holds_every_field_the_search_reads(site_tree, authors):
    image = wagtail_factories.ImageFactory(title="Pyongyang")
    page = ArticlePageFactory(
        title="Санкции и Корея",
        slug="sanctions",
        standfirst="Кратко.",
        language="ru",
        authors=[authors[1], authors[0]],
        tags=["Nuclear", "Diplomacy"],
        topics=[TopicFactory(name="Korea", slug="korea")],
        body=[
            ("paragraph", "<p>One <b>bold</b> &amp; true.</p><p>Two.</p>"),
            ("heading", {"text": "A heading", "level": "h2"}),
            ("pull_quote", {"quote": "Quoted words", "attribution": "A. Speaker"}),
            ("image", {"image": image, "alt_text": "", "caption": "A caption", "credit": "X"}),
        ],
    )
    page = ArticlePage.objects.get(pk=page.pk)

    source = article_source(page)

    body = "One bold & true. Two.\n\nA heading\n\nQuoted words A. Speaker\n\nA caption"
    assert source == {
        "page_id": page.pk,
        "url": "/ru/articles/sanctions/",
        "url_path": "/home-ru/articles/sanctions/",
        "language": "ru",
        "date": page.display_date.isoformat(),
        "year": page.display_date.year,
        "expire_at": None,
        "title": "Санкции и Корея",
        "standfirst": "Кратко.",
        "body": body,
        "ru": {"title": "Санкции и Корея", "standfirst": "Кратко.", "body": body, "documents": ""},
        "documents": "",
        "authors": [
            {"name": "Georgy Toloraya", "slug": "toloraya"},
            {"name": "Konstantin Asmolov", "slug": "asmolov"},
        ],
        "tags": [
            {"slug": "diplomacy", "name": "Diplomacy"},
            {"slug": "nuclear", "name": "Nuclear"},
        ],
        "topics": [{"slug": "korea", "name": "Korea"}],
        "type": {"slug": "analysis", "name": "Analysis"},
    }


def test_rebuild_creates_loads_switches_and_drops_the_old_index(site_tree, authors, fake_es):
    public = [ArticlePageFactory(authors=authors) for _ in range(3)]
    ArticlePageFactory(live=False)
    private = ArticlePageFactory()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    IndexChange.objects.all().delete()
    serve_alias(fake_es, OLD)

    new = rebuild(batch_size=2).index

    alias = alias_name()
    assert new.startswith(f"{alias}-")
    assert new != OLD
    create = [r for r in fake_es.requests if r.method == "PUT" and r.path == f"/{new}"]
    assert len(create) == 1
    assert create[0].body == index_body()
    analyzers = create[0].body["settings"]["analysis"]["analyzer"]
    assert {"thinktank_english", "thinktank_russian"} <= set(analyzers)
    assert create[0].body["mappings"]["properties"]["authors"]["properties"]["slug"] == {
        "type": "keyword"
    }

    assert len(fake_es.of("_bulk")) == 2  # three articles in batches of two
    actions = bulk_actions(fake_es)
    assert [(action, meta["_index"], meta["_id"]) for action, meta, _ in actions] == [
        ("index", new, str(page.pk)) for page in public
    ]
    for (_, _, source), page in zip(actions, public, strict=True):
        assert source == article_source(ArticlePage.objects.get(pk=page.pk))

    assert len(fake_es.of("_aliases")) == 1
    assert fake_es.of("_aliases")[0].body == {
        "actions": [
            {"remove": {"index": OLD, "alias": alias}},
            {"add": {"index": new, "alias": alias}},
        ]
    }
    deletes = [r.path for r in fake_es.requests if r.method == "DELETE"]
    assert deletes == [f"/{OLD}"]
    # Merged into one segment once loaded, before searches reach it; the old index goes
    # only after the switch.
    merges = fake_es.of("_forcemerge")
    assert [(r.path, r.query) for r in merges] == [
        (f"/{new}/_forcemerge", {"max_num_segments": ["1"]})
    ]
    order = [r.endpoint or r.method for r in fake_es.requests]
    assert order.index("_bulk") < order.index("_forcemerge") < order.index("_aliases")
    assert order.index("_aliases") < order.index("DELETE")


def test_a_failed_merge_still_switches_to_the_complete_index(site_tree, fake_es, caplog):
    page = ArticlePageFactory()
    IndexChange.objects.all().delete()
    serve_alias(fake_es, OLD)
    fake_es.routes[("POST", "_forcemerge")] = lambda request: (500, {"error": "merge failed"})

    with caplog.at_level(logging.WARNING, logger="search"):
        new = rebuild().index

    assert [meta["_id"] for _, meta, _ in bulk_actions(fake_es)] == [str(page.pk)]
    assert fake_es.of("_aliases")[0].body["actions"][-1] == {
        "add": {"index": new, "alias": alias_name()}
    }
    assert "Could not merge the new index" in caplog.text


def test_the_first_rebuild_only_adds_the_alias(site_tree, fake_es):
    ArticlePageFactory()
    IndexChange.objects.all().delete()
    serve_alias(fake_es)

    new = rebuild().index

    assert fake_es.of("_aliases")[0].body == {
        "actions": [{"add": {"index": new, "alias": alias_name()}}]
    }
    assert not [r for r in fake_es.requests if r.method == "DELETE"]


def bulk_answer(statuses):
    """A bulk route answering the n-th document of each request with statuses(n, _id)."""

    def answer(request):
        items = []
        metas = [next(iter(line.values())) for line in request.body if "index" in line]
        for n, meta in enumerate(metas):
            status = statuses(n, meta["_id"])
            outcome = {"_id": meta["_id"], "status": status}
            if status >= 300:
                outcome["error"] = {"type": "rejected", "reason": f"status {status}"}
            items.append({"index": outcome})
        return 200, {
            "errors": any(s >= 300 for s in (i["index"]["status"] for i in items)),
            "items": items,
        }

    return answer


def test_a_rejected_document_is_reported_and_left_pending_the_rest_goes_live(site_tree, fake_es):
    good, bad = (
        ArticlePageFactory(),
        ArticlePageFactory(),
    )
    IndexChange.objects.all().delete()
    serve_alias(fake_es, OLD)
    fake_es.routes[("PUT", "_bulk")] = bulk_answer(
        lambda n, page_id: 400 if page_id == str(bad.pk) else 201
    )

    report = rebuild()

    assert report.indexed == 1
    assert good.pk not in report.failed
    assert list(report.failed) == [bad.pk]
    assert "400" in report.failed[bad.pk]
    assert fake_es.of("_aliases")[0].body["actions"][-1]["add"]["index"] == report.index
    pending = IndexChange.objects.pending().get()
    assert pending.page_id == bad.pk
    assert "rejected" in pending.last_error


def test_documents_answered_429_are_sent_again(site_tree, fake_es, monkeypatch):
    pages = ArticlePageFactory.create_batch(3)
    IndexChange.objects.all().delete()
    serve_alias(fake_es, OLD)
    monkeypatch.setattr("search.rebuild.BULK_INITIAL_BACKOFF", 0)
    calls = []

    def busy_once(n, page_id):
        calls.append(page_id)
        return 429 if len(calls) <= 2 else 201

    fake_es.routes[("PUT", "_bulk")] = bulk_answer(busy_once)

    report = rebuild()

    assert report.indexed == 3
    assert report.failed == {}
    retried = fake_es.of("_bulk")[1].body
    assert [line["index"]["_id"] for line in retried if "index" in line] == [
        str(p.pk) for p in pages[:2]
    ]
    assert not IndexChange.objects.pending().exists()


def test_bulk_requests_are_cut_by_size(site_tree, fake_es):
    ArticlePageFactory.create_batch(4)
    IndexChange.objects.all().delete()
    serve_alias(fake_es, OLD)

    report = rebuild(batch_size=1000, max_bytes=2_000)

    bulks = [r for r in fake_es.of("_bulk") if r.method == "PUT"]
    assert report.indexed == 4
    assert len(bulks) > 1
    sent_ids = [line["index"]["_id"] for r in bulks for line in r.body if "index" in line]
    assert sorted(sent_ids) == sorted(str(p.pk) for p in ArticlePage.objects.all())


def test_a_failed_alias_switch_drops_the_new_index_and_keeps_the_alias(site_tree, fake_es):
    ArticlePageFactory()
    serve_alias(fake_es, OLD)
    fake_es.routes[("POST", "_aliases")] = lambda request: (503, {"error": "unavailable"})

    with pytest.raises(ApiError):
        rebuild()

    new = next(r.path for r in fake_es.requests if r.method == "PUT" and r.endpoint == "")
    assert [r.path for r in fake_es.requests if r.method == "DELETE"] == [new]


@pytest.mark.parametrize("listed", [200, 503])
def test_the_old_index_goes_and_so_do_unfinished_older_ones(site_tree, fake_es, listed):
    ArticlePageFactory()
    serve_alias(fake_es, OLD)
    unfinished = f"{alias_name()}-20200101000000000000"  # a killed rebuild's
    later = f"{alias_name()}-29991231235959999999"  # one this rebuild did not make before it
    others = [f"{alias_name()}-copy", f"{alias_name()}-articles-20200101000000000000"]
    answer = {name: {} for name in (OLD, unfinished, later, *others)}
    fake_es.routes[("GET", f"/{alias_name()}-*")] = lambda request: (listed, answer)

    report = rebuild()

    deleted = [r.path for r in fake_es.requests if r.method == "DELETE"]
    # A listing that fails still lets the old index go, and is only logged.
    assert deleted == ([f"/{OLD}", f"/{unfinished}"] if listed == 200 else [f"/{OLD}"])
    assert report.leftover == []


def test_a_switch_whose_answer_was_lost_is_kept(site_tree, fake_es):
    ArticlePageFactory()
    serve_alias(fake_es, OLD)
    switched = []

    def switch_then_fail(request):
        switched.append(request.body["actions"][-1]["add"]["index"])
        serve_alias(fake_es, switched[0])
        return 504, {"error": "gateway timeout"}

    fake_es.routes[("POST", "_aliases")] = switch_then_fail

    report = rebuild()

    assert switched == [report.index]
    deleted = [r.path for r in fake_es.requests if r.method == "DELETE"]
    assert deleted == [f"/{OLD}"]


def test_changes_made_during_a_rebuild_reach_the_new_index(
    site_tree, fake_es, django_capture_on_commit_callbacks
):
    first, second = (ArticlePageFactory() for _ in range(2))
    IndexChange.objects.all().delete()
    serve_alias(fake_es, OLD)
    loaded = []

    def meanwhile(count):
        # An editor unpublishes an article the rebuild has already loaded; the change is
        # applied at once, to the index the alias still points at (the old one).
        loaded.append(count)
        if len(loaded) == 1:
            with django_capture_on_commit_callbacks(execute=True):
                ArticlePage.objects.get(pk=first.pk).unpublish()

    new = rebuild(batch_size=1, progress=meanwhile).index

    switch = fake_es.requests.index(fake_es.of("_aliases")[0])
    after = [r for r in fake_es.requests[switch:] if r.endpoint == "_bulk"]
    assert len(after) == 1
    [(action, meta)] = [next(iter(line.items())) for line in after[0].body]
    assert (action, meta["_index"], meta["_id"]) == ("delete", alias_name(), str(first.pk))
    assert ("index", new, str(second.pk)) in [
        (a, m["_index"], m["_id"]) for a, m, _ in bulk_actions(fake_es)
    ]
    assert not IndexChange.objects.pending().exists()
