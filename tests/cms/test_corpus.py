"""The synthetic archive: realistic records, deterministic, written in bulk and re-runnable."""

import io
import json
import re

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Revision

import pytest

from articles.models import ArticlePage, ArticlePageAuthor, ArticlePageTag
from authors.models import AuthorPage
from cms.demo.corpus import corpus_record, corpus_records, language_of
from cms.importer.jsonl import import_lines, parse_record
from search.service import search

SEED = 7


def test_a_record_is_the_same_for_its_seed_and_number_whatever_else_was_made():
    assert corpus_record(SEED, 40, authors=30) == list(corpus_records(SEED, 41, 30))[40]
    assert corpus_record(SEED, 40, authors=30) != corpus_record(SEED + 1, 40, authors=30)


def test_records_are_valid_imports_of_realistic_size():
    records = list(corpus_records(SEED, 200, authors=30))
    for record in records:
        parse_record(record)
    word_counts = [len(re.sub(r"<[^>]+>", " ", r["body"]).split()) for r in records]
    assert min(word_counts) >= 800
    assert max(word_counts) <= 3200  # 3,000 words and the last paragraph's overrun
    assert all("<h2>" in r["body"] for r in records)
    assert any("<blockquote>" in r["body"] for r in records)
    assert any('href="/articles/corpus-7-' in r["body"] for r in records)
    assert 0.1 < sum(r["language"] == "ru" for r in records) / len(records) < 0.3
    assert all(1 <= len(r["authors"]) <= 3 and 2 <= len(r["tags"]) <= 8 for r in records)
    assert len({tag for r in records for tag in r["tags"]}) > 300
    years = {int(r["date"][:4]) for r in records}
    assert max(years) - min(years) >= 25


def generate(articles, chunk=4, authors=6):
    stdout = io.StringIO()
    call_command(
        "generate_corpus",
        f"--articles={articles}",
        f"--authors={authors}",
        f"--seed={SEED}",
        f"--chunk={chunk}",
        stdout=stdout,
        stderr=io.StringIO(),
    )
    return stdout.getvalue()


def counts():
    models = [Page, ArticlePage, AuthorPage, Revision, ArticlePageAuthor, ArticlePageTag]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_generated_articles_are_what_importing_their_records_would_write(site_tree):
    assert "created: 10" in generate(10)
    assert ArticlePage.objects.live().count() == 10
    assert Page.find_problems() == ([], [], [], [], [])
    # Importing the same records finds every article already saying what it says.
    report = import_lines([json.dumps(r) for r in corpus_records(SEED, 10, 6)], progress=False)
    assert (report.created, report.updated, report.failed) == (0, 0, 0), report.summary()
    assert report.unchanged == 10


@pytest.mark.django_db
def test_generating_asks_nothing_per_article_of_what_new_articles_cannot_have(site_tree):
    with CaptureQueriesContext(connection) as queries:
        generate(8, chunk=8)

    assert ArticlePage.objects.count() == 8
    assert not [q for q in queries if 'FROM "articles_articledocument"' in q["sql"]]


@pytest.mark.django_db
def test_running_again_adds_only_what_is_missing(site_tree):
    generate(9)
    before = counts()
    assert "created: 0, already there: 9" in generate(9)
    assert counts() == before
    assert "created: 3, already there: 9" in generate(12)
    assert ArticlePage.objects.count() == 12
    assert Page.find_problems() == ([], [], [], [], [])
    # Each language's articles in its own tree, in the order of the corpus.
    paths = list(ArticlePage.objects.order_by("path").values_list("slug", flat=True))
    by_language = sorted(range(12), key=lambda n: language_of(SEED, n) == "ru")
    assert paths == [f"corpus-{SEED}-{n}" for n in by_language]


@pytest.mark.django_db
def test_generated_articles_read_edit_and_search_as_published_ones(site_tree, admin_client):
    generate(12)
    page = ArticlePage.objects.get(slug=f"corpus-{SEED}-11")
    response = admin_client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()
    credit = page.article_authors.first()
    assert page.title in admin_client.get(credit.author.url).content.decode()
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert page.standfirst in edit.content.decode()
    assert page.latest_revision.as_object().title == page.title
    found = search(f'"{page.title}"')
    assert [hit.id for hit in found.hits] == [page.pk]


@pytest.mark.django_db
def test_related_blocks_point_at_earlier_articles_of_the_corpus(site_tree):
    generate(24, chunk=5)
    related = [
        (page.slug, item.value.slug)
        for page in ArticlePage.objects.all()
        for block in page.related
        for item in block.value["items"]
    ]
    assert related
    assert all(
        int(target.rsplit("-", 1)[1]) < int(slug.rsplit("-", 1)[1]) for slug, target in related
    )


@pytest.mark.django_db
def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="--authors"):
        call_command("generate_corpus", "--articles=3", "--authors=0", stdout=io.StringIO())
