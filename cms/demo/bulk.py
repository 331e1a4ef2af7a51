"""Writing the synthetic archive (cms/demo/corpus.py) in bulk: ``manage.py generate_corpus``.

Pages are inserted a chunk at a time, as a publish would leave them: live, with one
revision each, credited, tagged, filed under topics, and in Wagtail's search index (the
admin search and the reader search on the database backend). Tree paths are appended
after the parent's last child, so no sibling is rewritten. A chunk is one transaction:
an interrupted run leaves whole chunks behind, and a rerun with the same seed skips the
articles that exist and writes the rest.
"""

import datetime
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import DateTimeField, Model
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage, ArticlePageAuthor, ArticlePageTag, ArticleType, Topic
from authors.models import AuthorPage
from cms.core.commands import progress_bar
from cms.core.fields import searchable_content_once
from cms.core.page_cache import retire_cached_pages
from cms.importer.chunks import as_values
from cms.importer.html_blocks import body_blocks
from cms.importer.terms import new_term, terms_by_name
from cms.site_tree import ensure_site_tree

from .corpus import author_affiliation, author_name, corpus_record, slug_for

CHUNK = 500


@dataclass
class CorpusReport:
    created: int
    existing: int
    seconds: float

    def summary(self) -> str:
        rate = self.created / self.seconds if self.seconds else 0.0
        return (
            f"created: {self.created}, already there: {self.existing}, "
            f"in {self.seconds:.1f}s ({rate:.1f} articles/s)"
        )


def generate_corpus(
    articles: int,
    authors: int,
    seed: int,
    *,
    chunk: int = CHUNK,
    progress_file: TextIO | None = None,
    progress: bool | None = None,
) -> CorpusReport:
    """Make sure articles 0 to ``articles - 1`` of the corpus ``seed`` exist, written
    ``chunk`` at a time, crediting ``authors`` authors."""
    started = time.perf_counter()
    tree = ensure_site_tree()
    credited = ensure_authors(tree.authors, authors)
    created = 0
    with progress_bar(articles, "Generating articles", "article", progress_file, progress) as bar:
        for start in range(0, articles, chunk):
            numbers = range(start, min(start + chunk, articles))
            existing = set(
                ArticlePage.objects.filter(slug__in=[slug_for(seed, n) for n in numbers])
                .filter(depth=tree.articles.depth + 1)
                .values_list("slug", flat=True)
            )
            records = [
                corpus_record(seed, n, authors)
                for n in numbers
                if slug_for(seed, n) not in existing
            ]
            # Each language's articles in its own tree.
            languages: dict[str, list[dict]] = {}
            for record in records:
                languages.setdefault(record["language"], []).append(record)
            for language, written in languages.items():
                with transaction.atomic():
                    created += _write_chunk(tree.articles_in(language), written, credited)
            bar.update(len(numbers))
    if created:
        retire_cached_pages()
        vacuum_analyze()
    return CorpusReport(created, articles - created, time.perf_counter() - started)


def vacuum_analyze() -> None:
    """Fresh planner statistics and visibility maps after a bulk load (PostgreSQL), rather
    than at autovacuum's next pass: a plan made on the statistics of an empty table can be
    slower by far, and an index-only scan reads the table for every row written since the
    last vacuum (the search's facet counts, docs/performance.md). Outside a transaction
    only, as VACUUM must run; inside one, the statistics alone."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def ensure_authors(index: Page, count: int) -> dict[str, AuthorPage]:
    """The corpus's ``count`` authors by name, the missing ones created live."""
    names = [author_name(i) for i in range(count)]
    found = {a.title: a for a in AuthorPage.objects.child_of(index).filter(title__in=names)}
    missing = [(i, name) for i, name in enumerate(names) if name not in found]
    if missing:
        taken = set(Page.objects.child_of(index).values_list("slug", flat=True))
        profiles = []
        for i, name in missing:
            slug = _free_slug(slugify(name) or slugify(name, allow_unicode=True), taken)
            profiles.append(AuthorPage(title=name, slug=slug, affiliation=author_affiliation(i)))
        with transaction.atomic():
            for author in add_published_children(index, profiles, _now()):
                found[author.title] = author
    return found


def _write_chunk(index: Page, records: list[dict], credited: dict[str, AuthorPage]) -> int:
    types = _named(ArticleType, {r["type"] for r in records})
    topics = _named(Topic, {name for r in records for name in r["topics"]})
    tags = _tags({name for r in records for name in r["tags"]})
    pages = []
    for record in records:
        published = datetime.datetime.combine(
            datetime.date.fromisoformat(record["date"]), datetime.time(), tzinfo=datetime.UTC
        )
        page = ArticlePage(
            title=record["title"],
            slug=record["slug"],
            standfirst=record["standfirst"],
            display_date=published.date(),
            article_type=types[record["type"]],
            language=record["language"],
            body=body_blocks(record["body"], "html"),
            first_published_at=published,
            last_published_at=published,
        )
        page.article_authors = [
            ArticlePageAuthor(
                author=credited[c["name"]],
                role=c["role"],
                affiliation=c["affiliation"],
                sort_order=i,
            )
            for i, c in enumerate(record["authors"])
        ]
        page.tagged_items = [ArticlePageTag(tag=tags[name]) for name in record["tags"]]
        page.topics = [topics[name] for name in record["topics"]]
        page.documents = []  # none yet: indexing the page asks no query for them
        pages.append(page)

    def link(pages: Sequence[Page]) -> None:
        """Related blocks, once every article of the chunk has its id."""
        wanted = {r["slug"]: [item["slug"] for item in r.get("related", [])] for r in records}
        ids = {p.slug: p.pk for p in pages}
        outside = {s for listed in wanted.values() for s in listed} - ids.keys()
        ids |= dict(
            ArticlePage.objects.child_of(index).filter(slug__in=outside).values_list("slug", "pk")
        )  # a corpus article's related ones are in its language (corpus_record)
        for page in pages:
            items = [{"type": "article", "value": ids[s]} for s in wanted[page.slug] if s in ids]
            if items:
                page.related = [("related_articles", {"heading": "", "items": items})]

    add_published_children(index, pages, prepare=link)
    return len(pages)


def add_published_children(
    parent: Page,
    pages: Sequence[Page],
    published: datetime.datetime | None = None,
    prepare: Callable[[Sequence[Page]], None] | None = None,
) -> Sequence[Page]:
    """Insert ``pages`` (all of one type) as the last children of ``parent``, live, each
    with its revision, its credits, tags and topics (articles) and its search index entry.

    ``published`` is their publication time when they carry none of their own;
    ``prepare`` is called with them once they have their ids, before the rest is written.
    """
    model = type(pages[0])
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = Page.objects.child_of(parent).order_by("-path").values_list("path", flat=True).first()
    position = Page._str2int(last[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, position + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid5(uuid.NAMESPACE_URL, page.url_path)
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or published
        page.last_published_at = page.last_published_at or published
        page.latest_revision_created_at = page.last_published_at
    # A page of a type is two rows: Wagtail's page, then the type's own fields.
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    if prepare:
        prepare(pages)
    _insert(model, pages, model._meta.local_concrete_fields)
    if model is ArticlePage:
        _add_credits_and_terms(pages)
    _add_revisions(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    with searchable_content_once():
        get_search_backend().add_bulk(model, pages)
    return pages


def _insert(model: type[Page], pages: Sequence[Page], fields) -> None:
    """Insert the rows of ``pages``' own type, their page rows written already."""
    batch = connection.ops.bulk_batch_size(fields, pages) or len(pages)
    for start in range(0, len(pages), batch):
        rows = pages[start : start + batch]
        rows[0].page_ptr_id = as_values(rows[0].id)
        try:
            model._base_manager._insert(rows, fields=fields)
        finally:
            rows[0].page_ptr_id = rows[0].id


def _add_credits_and_terms(pages: Sequence[Page]) -> None:
    credits, tagged, filed = [], [], []
    through = ArticlePage.topics.through
    for page in pages:
        for credit in page.article_authors.all():
            credit.page_id = page.pk
            credits.append(credit)
        for item in page.tagged_items.all():
            item.content_object_id = page.pk
            tagged.append(item)
        filed += [through(articlepage_id=page.pk, topic_id=t.pk) for t in page.topics.all()]
    ArticlePageAuthor.objects.bulk_create(credits)
    ArticlePageTag.objects.bulk_create(tagged)
    through.objects.bulk_create(filed)


def _add_revisions(model: type[Page], pages: Sequence[Page]) -> None:
    content_type = ContentType.objects.get_for_model(model)
    base = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base,
            object_id=str(page.pk),
            created_at=page.last_published_at,
            object_str=page.title,
            content=page.serializable_data(),
        )
        for page in pages
    ]
    revisions[0].approved_go_live_at = as_values(None, DateTimeField())
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])


def _named(model, names: set[str]) -> dict[str, Model]:
    """Types or topics by name, reused as the importer reuses them (any case) or created."""
    found = terms_by_name(model, names)
    for name in sorted(names):
        if name.casefold() not in found:
            found[name.casefold()] = new_term(model, name)
    return {name: found[name.casefold()] for name in names}


def _tags(names: set[str]) -> dict[str, Tag]:
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - found.keys()):
        found[name] = Tag.objects.create(name=name)  # taggit finds a free slug
    return found


def _free_slug(base: str, taken: set[str]) -> str:
    slug, number = base or "item", 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _now() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.UTC)
