"""Writing records a chunk at a time: one transaction per chunk, a savepoint per record.

A record that fails rolls back to its savepoint, so it leaves nothing behind while the
chunk's other records stay; a process killed during a chunk leaves the whole chunk
unwritten, and the records before it complete. Per chunk, not per record: the names the
records use (authors, tags, topics, types, disclaimers, related and own slugs) are looked
up in one query each, the revisions, their links from the pages and the history entries
written in bulk, Wagtail's admin search index updated with one bulk add, the reader
index's outbox written once (``search.outbox.batched``) and the page cache retired once
(``cms.core.page_cache.retiring_once``). Each article is saved once: it is written
already published, as Wagtail's publishing leaves it. A record that is a draft, or
scheduled to go live later (``ArticleRecord.status``, a WordPress export's), is saved
through Wagtail's own revisions instead, one at a time.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.utils import timezone

from taggit.models import Tag
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from articles.models import (
    LANGUAGES,
    ArticleFootnote,
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    ArticleType,
    Topic,
)
from authors.models import AuthorIndexPage, AuthorPage
from cms.core.models import Disclaimer
from cms.core.page_cache import retiring_once
from cms.site_tree import SiteTree
from search.outbox import batched

from . import records as r
from .deferred_indexing import indexes_deferred
from .terms import new_term, terms_by_name

# An article's relations the chunk reads from the database itself: not checked again.
RESOLVED_FIELDS = ["locale", "content_type", "article_type", "disclaimer"]


@dataclass
class Written:
    page: ArticlePage
    revision: Revision
    created: bool
    old_title: str


@dataclass
class Chunk:
    """What a chunk's records refer to, read once; and what its records wrote."""

    tree: SiteTree
    records: list[r.ArticleRecord]
    written: list[Written] = field(default_factory=list)
    staged: dict = field(default_factory=dict)  # made by the record being written

    def __post_init__(self):
        # Each language's section (its tree's articles index), locked as treebeard's own
        # add_child does: no one else appends meanwhile.
        ids = [self.tree.articles_in(code).pk for code, _name in LANGUAGES]
        self.indexes = {
            index.locale.language_code: index
            for index in ArticleIndexPage.objects.select_for_update(of=("self", "page_ptr"))
            .select_related("locale")
            .filter(pk__in=ids)
        }
        self.last_paths = {
            code: Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
            for code, index in self.indexes.items()
        }
        slugs = {rec.slug for rec in self.records}
        slugs |= {item["slug"] for rec in self.records for item in rec.related if "slug" in item}
        article_type = ContentType.objects.get_for_model(ArticlePage)
        # Each section's pages by slug: (language, slug) -> (id, type).
        self.slugs = {
            (code, slug): (pk, ct)
            for code, index in self.indexes.items()
            for slug, pk, ct in Page.objects.child_of(index)
            .filter(slug__in=slugs)
            .values_list("slug", "pk", "content_type")
        }
        self.article_ids = {
            key: pk for key, (pk, ct) in self.slugs.items() if ct == article_type.pk
        }
        children = ArticlePage.objects.prefetch_related(
            "article_authors", "tags", "topics", "footnotes"
        )
        by_slug = [rec for rec in self.records if not rec.keyed_by_source]
        self.pages = {
            (code, page.slug): page
            for code, index in self.indexes.items()
            for page in children.child_of(index).filter(
                slug__in=[rec.slug for rec in by_slug if rec.language == code]
            )
        }
        page_ids = [rec.page_id for rec in self.records if rec.keyed_by_source and rec.page_id]
        self.pages_by_id = {page.pk: page for page in children.filter(pk__in=page_ids)}
        self.created_in: dict[str, int] = dict.fromkeys(self.indexes, 0)
        names = {c.name for rec in self.records for c in rec.credits}
        self.authors_index = self.tree.authors
        self.authors: dict[str, AuthorPage] = {}
        for author in (
            AuthorPage.objects.child_of(self.authors_index)
            .filter(title__in=names)
            .order_by("-path")
        ):
            self.authors[author.title] = author  # the first by path wins, as .first() did
        tags = {name for rec in self.records for name in rec.tags}
        self.tags = {tag.name: tag for tag in Tag.objects.filter(name__in=tags)}
        self.terms = {
            ArticleType: terms_by_name(ArticleType, {rec.type_name for rec in self.records} - {""}),
            Topic: terms_by_name(Topic, {name for rec in self.records for name in rec.topics}),
        }
        named = {rec.disclaimer.name for rec in self.records if rec.disclaimer.mode == "named"}
        self.disclaimers = {d.name: d for d in Disclaimer.objects.filter(name__in=named)}

    # One record, inside its savepoint ---------------------------------------------------

    def write(self, record: r.ArticleRecord) -> str:
        self.staged = {"authors": {}, "tags": {}, "terms": {}}
        if record.keyed_by_source:
            existing = self.pages_by_id.get(record.page_id) if record.page_id else None
        else:
            existing = self.pages.get((record.language, record.slug))
        created = existing is None
        holder = self.slugs.get((record.language, record.slug))
        if holder is not None and (existing is None or holder[0] != existing.pk):
            raise r.RecordError(f"slug '{record.slug}' is taken by another page in the section")
        related = self._related_stream(record)
        show_disclaimer, disclaimer = self._disclaimer(record.disclaimer)
        credits = [
            ArticlePageAuthor(
                author=self._author(credit),
                role=credit.role,
                affiliation=credit.affiliation,
                sort_order=position,
            )
            for position, credit in enumerate(record.credits)
        ]
        before = None if existing is None else r.content(existing)
        old_title = "" if existing is None else existing.title
        page = existing if existing is not None else ArticlePage(live=False)
        page.slug = record.slug
        page.title = record.title
        page.standfirst = record.standfirst
        page.display_date = record.date
        page.doi = record.doi
        page.article_type = self._term(ArticleType, record.type_name) if record.type_name else None
        page.body = record.body
        page.related = related
        page.show_disclaimer = show_disclaimer
        page.disclaimer = disclaimer
        if record.sets_hero_image:
            page.hero_image_id = record.hero_image_id
        tags = [self._tag(name) for name in record.tags]
        topics = [self._term(Topic, name) for name in record.topics]
        notes = [
            ArticleFootnote(key=key, text=text, sort_order=position)
            for position, (key, text) in enumerate(record.footnotes)
        ]
        if not created:  # modelcluster's save compares them with the rows there
            page.article_authors = credits
            page.tags.set(tags)
            page.topics.set(topics)
            page.footnotes = notes
        r.check_streams(page)
        if before is not None and _in_status(page, record) and r.content(page) == before:
            return "unchanged"
        if created:
            self._place(page, record.language)
        self.staged["placed"] = (page, created)
        # What Page.full_clean checks, less what the chunk has: the slug is free among the
        # section's children (self.slugs), the related rows were read from the database.
        page.clean_fields(exclude=["body", "related", *RESOLVED_FIELDS])
        if record.status != r.LIVE:
            _save_unpublished(page, record, created, (credits, tags, topics, notes))
            return "created" if created else "updated"
        if not created and not page.live:
            # Publishing now: no revision scheduled earlier goes live after it.
            page.go_live_at = None
            page.revisions.update(approved_go_live_at=None)
        now = timezone.now()
        if page.first_published_at is None:
            page.first_published_at = record.published_at or datetime.datetime.combine(
                record.date, datetime.time(), tzinfo=datetime.UTC
            )
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.draft_title = page.title
        page.last_published_at = record.updated_at or now
        page.latest_revision_created_at = now
        page.save(clean=False, log_action=None)  # the history is written per chunk
        if created:
            _add_children(page, credits, tags, topics, notes)
        revision = Revision(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        self.staged["written"] = Written(page, revision, created, old_title)
        return "created" if created else "updated"

    def keep(self) -> None:
        """The record's savepoint was released: what it made is there for the next ones."""
        self.authors.update(self.staged["authors"])
        self.tags.update(self.staged["tags"])
        for (model, key), term in self.staged["terms"].items():
            self.terms[model][key] = term
        if (written := self.staged.get("written")) is not None:
            self.written.append(written)
        if (placed := self.staged.get("placed")) is not None:
            page, created = placed
            key = (page.language, page.slug)
            self.article_ids[key] = page.pk
            self.slugs[key] = (page.pk, None)
            if created:
                self.last_paths[page.language] = page.path
                self.created_in[page.language] += 1

    def _place(self, page: ArticlePage, language: str) -> None:
        """The last position under the language's section, as treebeard's add_child gives
        it."""
        index, last_path = self.indexes[language], self.last_paths[language]
        depth = index.depth + 1
        page.depth = depth
        page.path = (
            Page(path=last_path)._inc_path() if last_path else Page._get_path(index.path, depth, 1)
        )
        page.numchild = 0
        page.locale = index.locale  # the instance: indexing reads it (and sets the language)
        page._cached_parent_obj = index
        page._is_site_root = False  # as PageQuerySet.annotate_site_root_state would say
        page.set_url_path(index)

    def _related_stream(self, record: r.ArticleRecord) -> list[dict]:
        items = []
        for item in record.related:
            if "slug" not in item:
                items.append({"type": "external", "value": item})
                continue
            if item["slug"] == record.slug:
                raise r.RecordError(f"an article cannot be related to itself ('{record.slug}')")
            # The article in the record's language, else in another.
            found = [
                self.article_ids[key]
                for key in [(record.language, item["slug"])]
                + [(code, item["slug"]) for code in self.indexes if code != record.language]
                if key in self.article_ids
            ]
            if not found:
                raise r.RecordError(f"unknown related article slug '{item['slug']}'")
            items.append({"type": "article", "value": found[0]})
        if not items:
            return []
        return [
            {
                "type": "related_articles",
                "value": {"heading": record.related_heading, "items": items},
            }
        ]

    def _disclaimer(self, choice: r.DisclaimerChoice) -> tuple[bool, Disclaimer | None]:
        if choice.mode == "none":
            return False, None
        if choice.mode == "named":
            if choice.name not in self.disclaimers:
                raise r.RecordError(f"unknown disclaimer '{choice.name}'")
            return True, self.disclaimers[choice.name]
        if choice.mode == "define":
            disclaimer, _ = Disclaimer.objects.update_or_create(
                name=choice.name, defaults={"text": choice.text}
            )
            return True, disclaimer
        return True, None

    def _author(self, credit: r.Credit) -> AuthorPage:
        author = self.authors.get(credit.name) or self.staged["authors"].get(credit.name)
        if author is None:
            # Fresh: a rolled-back record leaves stale tree counters on a cached instance.
            index = AuthorIndexPage.objects.get(pk=self.authors_index.pk)
            author = index.add_author(credit.name, credit.affiliation)
            self.staged["authors"][credit.name] = author
        return author

    def _tag(self, name: str) -> Tag:
        tag = self.tags.get(name) or self.staged["tags"].get(name)
        if tag is None:
            tag = self.staged["tags"][name] = Tag.objects.create(name=name)
        return tag

    def _term(self, model, name: str):
        key = name.casefold()
        term = self.terms[model].get(key) or self.staged["terms"].get((model, key))
        if term is None:
            term = self.staged["terms"][(model, key)] = new_term(model, name)
        return term

    # The chunk's end, in its transaction ---------------------------------------------------

    def finish(self) -> None:
        """Revisions, their links, the history, the section's count, then publishing's
        signal for each article."""
        for code, index in self.indexes.items():
            if created := self.created_in[code]:
                Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + created)
        if not self.written:
            return
        first = self.written[0].revision
        first.approved_go_live_at = as_values(None, DateTimeField())
        try:
            revisions = Revision.objects.bulk_create([w.revision for w in self.written])
        finally:
            first.approved_go_live_at = None
        pages = [w.page for w in self.written]
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
            page.latest_revision_created_at = revision.created_at
        ArticlePage.objects.bulk_update(
            pages, ["latest_revision", "live_revision", "latest_revision_created_at"]
        )
        PageLogEntry.objects.bulk_create(
            entry for written in self.written for entry in _history(written)
        )
        for written in self.written:
            if not written.created:
                # What publishing does to a page that had a life before.
                if state := written.page.current_workflow_state:
                    state.cancel()
                written.page.update_aliases(
                    revision=written.revision, _content=written.revision.content
                )
            page_published.send(
                sender=ArticlePage, instance=written.page, revision=written.revision
            )


def _in_status(page: ArticlePage, record: r.ArticleRecord) -> bool:
    """Whether the article is already as the record's status would leave it."""
    if record.status == r.LIVE:
        return page.live and not page.has_unpublished_changes
    go_live_at = record.go_live_at if record.status == r.SCHEDULED else None
    return not page.live and page.go_live_at == go_live_at


def _save_unpublished(page: ArticlePage, record: r.ArticleRecord, created: bool, children) -> None:
    """A draft, or a revision scheduled to go live, saved through Wagtail's own revisions:
    a live article is unpublished first, so that it is not live before its time."""
    if page.live:
        page.unpublish()
    page.go_live_at = record.go_live_at if record.status == r.SCHEDULED else None
    page.draft_title = page.title
    page.save(clean=False)  # Wagtail's history: "created" for a new page
    if created:
        _add_children(page, *children)
    revision = page.save_revision(clean=False, log_action=not created)
    if record.status == r.SCHEDULED:
        revision.publish()  # in the future: Wagtail keeps it as the one approved to go live
    else:
        page.revisions.exclude(pk=revision.pk).update(approved_go_live_at=None)


def _add_children(
    page: ArticlePage,
    credits: list[ArticlePageAuthor],
    tags: list[Tag],
    topics: list[Topic],
    notes: list[ArticleFootnote],
) -> None:
    """A new article's credits, tags, topics and notes, one insert each (modelcluster's
    save inserts them a row at a time), kept on the page as written: the revision
    serialises them from there."""
    for credit in credits:
        credit.page = page
    for note in notes:
        note.page = page
    page.article_authors = ArticlePageAuthor.objects.bulk_create(credits)
    page.footnotes = ArticleFootnote.objects.bulk_create(notes) if notes else []
    page.tagged_items = ArticlePageTag.objects.bulk_create(
        ArticlePageTag(tag=tag, content_object=page) for tag in tags
    )
    through = ArticlePage.topics.through
    through.objects.bulk_create(through(articlepage=page, topic=topic) for topic in topics)
    page.topics = topics
    page.documents, page.wagtail_admin_comments = [], []  # a new article has none


def _history(written: Written) -> list[PageLogEntry]:
    """The entries Wagtail's create and publish write: created, renamed, published."""
    page, revision = written.page, written.revision
    common = {
        "content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
        "label": str(page),
        "timestamp": revision.created_at,
        "uuid": get_active_log_context().uuid,
        "page": page,
    }
    entries = []
    if written.created:
        entries.append(
            PageLogEntry(action="wagtail.create", content_changed=True, data={}, **common)
        )
    data = None
    if not written.created and written.old_title != page.title:
        data = {"title": {"old": written.old_title, "new": page.title}}
        entries.append(
            PageLogEntry(action="wagtail.rename", revision=revision, data=data, **common)
        )
    entries.append(
        PageLogEntry(
            action="wagtail.publish",
            revision=revision,
            content_changed=True,
            data=data or {},
            **common,
        )
    )
    return entries


def as_values(value, output_field=None) -> Value:
    """``value`` as an expression, for one row of a bulk insert.

    Django inserts many rows on PostgreSQL as one array per column (UNNEST), and psycopg
    writes long JSON text into an array slowly (a third of a chunk's time, measured); a row
    holding an expression makes Django write a list of VALUES instead.
    """
    return Value(value, output_field=output_field)


def write_chunk(
    items: list[tuple[int, r.ArticleRecord]], tree: SiteTree
) -> list[tuple[int, str, str]]:
    """Write the records (line number, record) in one transaction; each one's outcome:
    (line, "created" | "updated" | "unchanged" | "failed", the reason of a failure)."""
    outcomes = []
    with transaction.atomic(), retiring_once(), batched(), indexes_deferred():
        chunk = Chunk(tree, [record for _number, record in items])
        for number, record in items:
            try:
                with transaction.atomic(), retiring_once(), batched():
                    outcome = chunk.write(record)
            except Exception as exc:  # noqa: BLE001 (one broken record must not stop the import)
                outcomes.append((number, "failed", r.reason(exc)))
            else:
                chunk.keep()
                outcomes.append((number, outcome, ""))
        chunk.finish()
    return outcomes
