"""The chunked import leaves what publishing each article through Wagtail's page API leaves;
bad records, fuzzed, leave nothing behind."""

import datetime
import json
import random

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

import pytest

from articles.models import ArticlePage, ArticlePageAuthor, ArticleType, Topic
from authors.models import AuthorIndexPage, AuthorPage
from cms.demo.corpus import corpus_records
from cms.importer.jsonl import import_lines
from cms.importer.records import parse_line
from search.models import IndexChange
from tests.cms.test_import import record, run_import

SEED, COUNT, AUTHORS = 7, 14, 6


def corpus_lines() -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in corpus_records(SEED, COUNT, AUTHORS)]


def publish_through_wagtail(line: str, tree) -> None:
    """One article created and published as an editor's script would: add_child,
    save_revision, publish."""
    rec = parse_line(line)
    index = Page.objects.get(pk=tree.articles_in(rec.language).pk).specific
    authors_index = AuthorIndexPage.objects.get(pk=tree.authors.pk)
    credits = []
    for position, credit in enumerate(rec.credits):
        author = AuthorPage.objects.filter(title=credit.name).first()
        author = author or authors_index.add_author(credit.name, credit.affiliation)
        authors_index.refresh_from_db()
        credits.append(
            ArticlePageAuthor(
                author=author, role=credit.role, affiliation=credit.affiliation, sort_order=position
            )
        )
    related = [
        {"type": "article", "value": ArticlePage.objects.get(slug=item["slug"]).pk}
        for item in rec.related
    ]
    page = ArticlePage(
        title=rec.title,
        slug=rec.slug,
        standfirst=rec.standfirst,
        display_date=rec.date,
        language=rec.language,
        article_type=_term(ArticleType, rec.type_name),
        body=rec.body,
        related=[{"type": "related_articles", "value": {"heading": "", "items": related}}]
        if related
        else [],
        article_authors=credits,
        first_published_at=datetime.datetime.combine(rec.date, datetime.time(), datetime.UTC),
        live=False,
    )
    page.tags.set(rec.tags)
    page.topics.set([_term(Topic, name) for name in rec.topics])
    index.add_child(instance=page)
    page.save_revision().publish()


def _term(model, name):
    found = model.objects.filter(name__iexact=name).first()
    return found or model.objects.create(name=name, slug=model.objects.count() + 1)


def state() -> dict:
    """What readers, editors and both search indexes see of each article, by slug."""
    backend = get_search_backend()
    entries = (
        backend.get_index_for_model(ArticlePage).entries
        if hasattr(backend, "get_index_for_model")
        else None
    )
    article_type = ContentType.objects.get_for_model(ArticlePage)
    found = {}
    for page in ArticlePage.objects.order_by("path"):
        revisions = Revision.objects.filter(base_content_type__model="page", object_id=str(page.pk))
        revision = revisions.get()
        content = revision.content
        entry = (
            entries.filter(content_type=article_type, object_id=str(page.pk)).values()
            if entries is not None
            else []
        )
        found[page.slug] = {
            "fields": (page.title, page.draft_title, page.standfirst, page.display_date),
            "tree": (page.url_path, page.depth, page.numchild, page.get_parent().pk),
            "live": (page.live, page.has_unpublished_changes, page.expired),
            "published": (page.first_published_at, page.last_published_at is not None),
            "revisions": (page.latest_revision_id, page.live_revision_id) == (revision.pk,) * 2,
            "revision": (content["title"], content["body"] == page.body.get_prep_value()),
            "history": sorted(
                PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
            ),
            "credits": [
                (c.author.title, c.author.live, c.role, c.affiliation)
                for c in page.article_authors.order_by("sort_order")
            ],
            "tags": sorted(page.tags.names()),
            "topics": sorted(t.name for t in page.topics.all()),
            "type": page.article_type and page.article_type.name,
            "body": [(b["type"], b["value"]) for b in page.body.raw_data],
            "related": [
                ArticlePage.objects.get(pk=item["value"]).slug
                for block in page.related.raw_data
                for item in block["value"]["items"]
            ],
            "admin index": [
                {k: v for k, v in e.items() if k not in ("id", "object_id", "title_norm")}
                for e in entry
            ],
            "references": sorted(
                ReferenceIndex.get_references_for_object(page).values_list(
                    "to_content_type__model", "model_path"
                )
            ),
            "reader index": IndexChange.objects.filter(page_id=page.pk).exists(),
        }
    authors = sorted(AuthorPage.objects.values_list("title", "live", "affiliation"))
    return {"articles": found, "authors": authors, "tags": Tag.objects.count()}


def wipe() -> None:
    for page in ArticlePage.objects.order_by("-path"):
        page.delete()
    for page in AuthorPage.objects.all():
        page.delete()
    Tag.objects.all().delete()
    Topic.objects.all().delete()
    ArticleType.objects.all().delete()
    IndexChange.objects.all().delete()


@pytest.fixture
def reader_index_configured(settings, unused_port):
    """The reader index configured on a port nothing answers: changes stay in the outbox."""
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": f"http://127.0.0.1:{unused_port}"}


@pytest.fixture
def unused_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_chunked_import_leaves_what_publishing_one_by_one_leaves(
    site_tree, reader_index_configured
):
    lines = corpus_lines()
    for line in lines:
        publish_through_wagtail(line, site_tree)
    one_by_one = state()
    wipe()

    report = import_lines(lines, tree=site_tree, progress=False, chunk_size=5)

    assert (report.created, report.failed) == (COUNT, 0)
    chunked = state()
    assert chunked["articles"].keys() == one_by_one["articles"].keys()
    for slug, article in one_by_one["articles"].items():
        assert chunked["articles"][slug] == article, slug
    assert chunked["authors"] == one_by_one["authors"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_reimport_changes_nothing(site_tree):
    lines = corpus_lines()
    import_lines(lines, tree=site_tree, progress=False, chunk_size=4)
    before = state(), Revision.objects.count(), PageLogEntry.objects.count()

    report = import_lines(lines, tree=site_tree, progress=False, chunk_size=4)

    assert (report.unchanged, report.created, report.updated) == (COUNT, 0, 0)
    assert (state(), Revision.objects.count(), PageLogEntry.objects.count()) == before


def test_queries_per_chunk_do_not_grow_with_names(site_tree):
    """Tags, topics, types and authors already known are looked up once per chunk."""
    lines = corpus_lines()
    import_lines(lines, tree=site_tree, progress=False)
    changed = [line.replace('"title": "', '"title": "Revised ', 1) for line in lines]

    with CaptureQueriesContext(connection) as queries:
        report = import_lines(changed, tree=site_tree, progress=False)

    assert report.updated == COUNT
    tag_lookups = [q for q in queries if q["sql"].startswith('SELECT "taggit_tag"')]
    topic_lookups = [q for q in queries if q["sql"].startswith('SELECT "articles_topic"')]
    assert len(tag_lookups) == 1
    assert len(topic_lookups) <= 2  # the chunk's lookup and the prefetch of the articles'


def test_indexing_a_chunk_reads_each_relation_once_not_once_an_article(site_tree):
    """The admin search index reads the articles' PDFs: one prefetch for the chunk."""
    with CaptureQueriesContext(connection) as queries:
        report = import_lines(corpus_lines(), tree=site_tree, progress=False)

    assert report.created == COUNT
    reads = [q for q in queries if 'FROM "articles_articledocument"' in q["sql"]]
    assert len(reads) == 1


# Fuzzed bad records -------------------------------------------------------------------------


def fuzz_cases(rng: random.Random) -> list[str]:
    """Bad lines, each naming an author, a tag and a topic of its own (``fuzz-<n>``)."""
    wrong_types = [None, 7, 3.5, True, [], {}, ["x"], {"a": 1}]
    fields = ["title", "standfirst", "date", "authors", "tags", "topics", "body", "language"]
    fields += ["related", "disclaimer", "type", "slug", "body_format"]
    cases = []
    for n in range(60):
        good = record(
            slug=f"fuzz-{n}",
            authors=[{"name": f"fuzz-{n} author"}],
            tags=[f"fuzz-{n} tag"],
            topics=[f"fuzz-{n} topic"],
            type=f"fuzz-{n} type",
        )
        kind = n % 10
        if kind == 0:  # truncated JSON
            line = json.dumps(good)
            cases.append(line[: rng.randrange(1, len(line) - 1)])
            continue
        if kind == 1:  # a wrong type for a field (one a string or list cannot be)
            key = fields[rng.randrange(len(fields))]
            value = rng.choice([v for v in wrong_types if not (key == "related" and v == [])])
            if key in ("tags", "topics", "related", "disclaimer", "body", "type", "slug"):
                value = rng.choice(
                    [7, 3.5, True, {"a": 1}] if key != "disclaimer" else [7, 3.5, True]
                )
            good[key] = value
        elif kind == 2:  # huge strings
            good[rng.choice(["title", "standfirst", "slug"])] = "x" * rng.randrange(700, 20000)
        elif kind == 3:  # NUL bytes
            good[rng.choice(["title", "standfirst", "body"])] = "before\x00after"
        elif kind == 4:  # invalid dates
            good["date"] = rng.choice(["2019-02-30", "2019-13-01", "19-01-01", "yesterday", ""])
        elif kind == 5:  # unknown languages
            good["language"] = rng.choice(["tlh", "EN", "english", "de"])
        elif kind == 6:  # broken HTML with a heading past the limit
            good["body"] = "<h2>" + "y" * 300 + "<p><b>unclosed"
        elif kind == 7:  # a slug used earlier in the file
            good["slug"] = "first"  # the file's first line
        elif kind == 8:  # bad related references
            good["related"] = rng.choice(
                [[{"slug": "nowhere"}], [{"slug": f"fuzz-{n}"}], [{"title": "t"}], [1, 2]]
            )
        else:  # a bad disclaimer or an author without a name
            good[rng.choice(["disclaimer", "authors"])] = rng.choice(
                ["No such disclaimer", [{"name": ""}]]
            )
        if kind == 1 and key == "disclaimer" and value is None:
            good["date"] = "bad"  # a missing disclaimer is valid: break the record otherwise
        cases.append(json.dumps(good))
    return cases


def totals() -> dict:
    models = [Page, Revision, AuthorPage, Tag, Topic, ArticleType, ArticlePageAuthor]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzzed_bad_records_fail_alone_and_leave_nothing(site_tree, tmp_path, seed):
    cases = fuzz_cases(random.Random(seed))  # noqa: S311 (seeded cases, not secrets)
    run_import(tmp_path, record(slug="first", title="First"))
    before = totals()
    # The good record first, unchanged, then each bad one followed by a blank line.
    lines = [json.dumps(record(slug="first", title="First"))]
    lines += [line for case in cases for line in (case, "")]

    output, error = run_import(tmp_path, *lines, chunk_size=7)

    assert error is not None
    summary = output.splitlines()
    assert summary[0] == f"created: 0, updated: 0, unchanged: 1, failed: {len(cases)}"
    failed_lines = [int(line.split(":")[0].removeprefix("line ")) for line in summary[1:]]
    assert failed_lines == [2 * n + 2 for n in range(len(cases))]
    assert totals() == before
    assert not AuthorPage.objects.filter(title__startswith="fuzz-").exists()
    assert not Tag.objects.filter(name__startswith="fuzz-").exists()
    assert not Topic.objects.filter(name__startswith="fuzz-").exists()
    assert Page.find_problems() == ([], [], [], [], [])
