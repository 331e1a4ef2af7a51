"""Bulk import of articles from JSON Lines: one article per line, upserted by slug.

Each line is parsed and validated on its own, then written and published in its own
transaction, so a bad record is reported with its line number and leaves nothing behind
while the rest of the file is imported. Importing the same file again updates the same
pages: no duplicate articles, authors, tags, topics or article types. The format is
described in ``docs/importer.md``.
"""

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from taggit.models import Tag

from tqdm import tqdm

from articles.forms import counted_length
from articles.models import (
    LANGUAGES,
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticleType,
    Topic,
)
from authors.models import AuthorIndexPage, AuthorPage
from cms.core.models import Disclaimer
from cms.site_tree import SiteTree, ensure_site_tree

from .html_blocks import BodyError, body_blocks, disclaimer_html

MAX_RELATED = 6
BODY_FORMATS = ("html", "markdown")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def max_length(model, name: str) -> int:
    """The model field's limit: a record is held to what the article editor accepts."""
    return model._meta.get_field(name).max_length


TITLE_MAX = max_length(ArticlePage, "title")
SLUG_MAX = max_length(ArticlePage, "slug")
STANDFIRST_MAX = max_length(ArticlePage, "standfirst")


class RecordError(Exception):
    """A record that cannot be imported; the message is the reason shown to the user."""


@dataclass
class Credit:
    name: str
    affiliation: str = ""
    role: str = ""


@dataclass
class DisclaimerChoice:
    """``mode`` is "default" (the site's), "none", "named" (an existing one) or "define"."""

    mode: str = "default"
    name: str = ""
    text: str = ""


@dataclass
class ArticleRecord:
    """A validated line of the import file, ready to be written."""

    title: str
    slug: str
    standfirst: str
    date: datetime.date
    type_name: str
    credits: list[Credit]
    tags: list[str]
    topics: list[str]
    body: list[dict]
    related: list[dict]  # {"slug": ...} or {"title", "url", "author", "teaser"}
    related_heading: str
    disclaimer: DisclaimerChoice
    language: str = "en"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        lines = [
            (
                f"created: {self.created}, updated: {self.updated}, "
                f"unchanged: {self.unchanged}, failed: {self.failed}"
            )
        ]
        lines += [f"line {number}: {reason}" for number, reason in self.failures]
        return "\n".join(lines)


# Reading a file ----------------------------------------------------------------------


def read_lines(path: str | Path) -> list[str]:
    """The file's lines; raises ``OSError`` or ``UnicodeDecodeError`` when it cannot be read.

    Only newlines end a line: ``str.splitlines`` would also split at characters such as
    U+2028, which JSON allows unescaped inside a string.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    return [line.removesuffix("\r") for line in text.removesuffix("\n").split("\n")] if text else []


def import_file(path: str | Path, **options: Any) -> ImportReport:
    """Import a JSON Lines file; ``options`` are those of ``import_lines``."""
    return import_lines(read_lines(path), **options)


def import_lines(
    lines: Iterable[str],
    *,
    tree: SiteTree | None = None,
    progress_file: TextIO | None = None,
    progress: bool | None = None,
) -> ImportReport:
    """Import every record in ``lines`` (line numbers start at 1) and report the outcome.

    The progress bar goes to ``progress_file`` (stderr by default); ``progress=None`` shows
    it only when that is a terminal.
    """
    lines = list(lines)
    tree = tree or ensure_site_tree()
    report = ImportReport()
    first_seen: dict[str, int] = {}
    bar = tqdm(
        lines,
        desc="Importing articles",
        unit="line",
        file=progress_file,
        disable=None if progress is None else not progress,
    )
    with bar:
        for number, line in enumerate(bar, start=1):
            if not line.strip():
                continue
            try:
                record = parse_line(line)
                if (first := first_seen.setdefault(record.slug, number)) != number:
                    raise RecordError(
                        f"duplicate slug '{record.slug}' (first seen on line {first})"
                    )
                outcome = save_record(record, tree)
            except RecordError as exc:
                report.failures.append((number, str(exc)))
            except ValidationError as exc:
                report.failures.append((number, f"invalid article: {_validation_message(exc)}"))
            except Exception as exc:  # noqa: BLE001 (one broken record must not stop the import)
                report.failures.append((number, f"{type(exc).__name__}: {exc}"))
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


# Parsing and validating one line (no database access) ------------------------------------


def parse_line(line: str) -> ArticleRecord:
    """Parse and validate one JSON line; raises ``RecordError`` with the reason."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(data, dict):
        raise RecordError(f"not a JSON object (got {type(data).__name__})")
    return parse_record(data)


def parse_record(data: dict[str, Any]) -> ArticleRecord:
    """Validate a decoded record; unknown keys are ignored."""
    title = _text(data, "title", required=True, max_length=TITLE_MAX)
    slug = _slug(data, title)
    standfirst = _text(data, "standfirst", required=True, max_length=STANDFIRST_MAX)
    return ArticleRecord(
        title=title,
        slug=slug,
        standfirst=standfirst,
        date=_date(data.get("date")),
        type_name=_text(data, "type", max_length=max_length(ArticleType, "name")),
        credits=_credits(data.get("authors")),
        tags=_names(data, "tags", max_length=max_length(Tag, "name")),
        topics=_names(data, "topics", max_length=max_length(Topic, "name")),
        body=_body(data),
        related=_related(data.get("related")),
        related_heading=_text(data, "related_heading", max_length=255),
        disclaimer=_disclaimer(data.get("disclaimer")),
        language=_language(data.get("language")),
    )


def _text(
    data: dict, key: str, *, required: bool = False, max_length: int = 0, strip: bool = True
) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RecordError(f"'{key}' must be a string")
    if strip:
        value = value.strip()
    if required and not value.strip():
        raise RecordError(f"missing {key}")
    # Counted as the editor counts it, so that an imported article saves there unchanged.
    if max_length and (length := counted_length(value)) > max_length:
        raise RecordError(f"'{key}' is longer than {max_length} characters ({length}): shorten it")
    return value


def _slug(data: dict, title: str) -> str:
    given = _text(data, "slug", max_length=SLUG_MAX)
    if given:
        if slugify(given, allow_unicode=True) != given:
            raise RecordError(f"invalid slug '{given}' (use lowercase letters, digits and hyphens)")
        return given
    slug = slugify(title)[:SLUG_MAX].strip("-") or slugify(title, allow_unicode=True)[
        :SLUG_MAX
    ].strip("-")
    if not slug:
        raise RecordError("cannot make a slug from the title; give one")
    return slug


def _date(value: Any) -> datetime.date:
    if value is None or value == "":
        raise RecordError("missing date")
    if not isinstance(value, str) or not DATE_RE.fullmatch(value.strip()):
        raise RecordError(f"bad date {value!r} (expected YYYY-MM-DD)")
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise RecordError(f"bad date {value!r} (no such day)") from None


def _credits(value: Any) -> list[Credit]:
    if not value:
        raise RecordError("missing authors")
    if not isinstance(value, list):
        raise RecordError("'authors' must be a list")
    credits, seen = [], set()
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise RecordError(f"author {position} must be an object with a name")
        name = _text(item, "name", max_length=max_length(AuthorPage, "title"))
        if not name:
            raise RecordError(f"author {position} has no name")
        if name in seen:
            raise RecordError(f"author '{name}' is listed twice")
        seen.add(name)
        credits.append(
            Credit(
                name=name,
                affiliation=_text(
                    item, "affiliation", max_length=max_length(ArticlePageAuthor, "affiliation")
                ),
                role=_text(item, "role", max_length=max_length(ArticlePageAuthor, "role")),
            )
        )
    return credits


def _names(data: dict, key: str, *, max_length: int) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise RecordError(f"'{key}' must be a list of names")
    names = []
    for name in (name.strip() for name in value):
        if len(name) > max_length:
            raise RecordError(f"{key} name '{name[:40]}…' is longer than {max_length} characters")
        if name and name not in names:
            names.append(name)
    return names


def _language(value: Any) -> str:
    if value in (None, ""):
        return "en"
    if value not in dict(LANGUAGES):
        raise RecordError(f"unknown language {value!r} (use one of {', '.join(dict(LANGUAGES))})")
    return value


def _body(data: dict) -> list[dict]:
    try:
        return body_blocks(_text(data, "body", strip=False), _body_format(data))
    except BodyError as exc:
        raise RecordError(str(exc)) from None


def _body_format(data: dict) -> str:
    body_format = _text(data, "body_format") or "html"
    if body_format not in BODY_FORMATS:
        raise RecordError(f"unknown body_format '{body_format}' (use 'html' or 'markdown')")
    return body_format


def _related(value: Any) -> list[dict]:
    if not value:
        return []
    if not isinstance(value, list):
        raise RecordError("'related' must be a list")
    if len(value) > MAX_RELATED:
        raise RecordError(f"too many related articles: {len(value)} (at most {MAX_RELATED})")
    items = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise RecordError(f"related item {position} must be an object")
        if "slug" in item:
            slug = _text(item, "slug")
            if not slug:
                raise RecordError(f"related item {position} has an empty slug")
            items.append({"slug": slug})
            continue
        title = _text(item, "title", max_length=255)
        url = _text(item, "url")
        if not title or not url:
            raise RecordError(f"related item {position} needs a slug, or a title and a url")
        if not re.match(r"https?://[^\s/]+", url):
            raise RecordError(f"related item {position} has a bad url {url!r}")
        author = _text(item, "author", max_length=255)
        items.append(
            {"title": title, "url": url, "author": author, "teaser": _text(item, "teaser")}
        )
    return items


def _disclaimer(value: Any) -> DisclaimerChoice:
    if value is None or value == "default":
        return DisclaimerChoice("default")
    if value == "none":
        return DisclaimerChoice("none")
    if isinstance(value, str) and value.strip():
        return DisclaimerChoice("named", name=value.strip())
    if isinstance(value, dict):
        name = _text(value, "name", max_length=max_length(Disclaimer, "name"))
        text = _text(value, "text")
        if not name or not text:
            raise RecordError("a disclaimer object needs a name and a text")
        return DisclaimerChoice("define", name=name, text=disclaimer_html(text))
    raise RecordError("'disclaimer' must be 'default', 'none', a disclaimer's name or an object")


# Writing one record -----------------------------------------------------------------------


def save_record(record: ArticleRecord, tree: SiteTree) -> str:
    """Create or update and publish the article, all or nothing.

    Returns "created", "updated", or "unchanged" when the live article already says what
    the record says: then nothing is written, so re-importing a file adds no revisions.
    """
    with transaction.atomic():
        # Fresh parents: a rolled-back record leaves stale tree counters on cached instances.
        articles_index = ArticleIndexPage.objects.get(pk=tree.articles.pk)
        authors_index = AuthorIndexPage.objects.get(pk=tree.authors.pk)
        page = ArticlePage.objects.child_of(articles_index).filter(slug=record.slug).first()
        created = page is None
        related = _related_stream(record, articles_index)
        show_disclaimer, disclaimer = _resolve_disclaimer(record.disclaimer)
        credits = [
            ArticlePageAuthor(
                author=_author(credit, authors_index),
                role=credit.role,
                affiliation=credit.affiliation,
                sort_order=position,
            )
            for position, credit in enumerate(record.credits)
        ]
        before = None if created else _content(page)
        if created:
            page = ArticlePage(slug=record.slug, live=False)
            page.first_published_at = datetime.datetime.combine(
                record.date, datetime.time(), tzinfo=datetime.UTC
            )
        page.title = record.title
        page.standfirst = record.standfirst
        page.display_date = record.date
        page.language = record.language
        page.article_type = _article_type(record.type_name)
        page.body = record.body
        page.related = related
        page.show_disclaimer = show_disclaimer
        page.disclaimer = disclaimer
        page.article_authors = credits
        page.tags.set(record.tags)
        page.topics.set([_topic(name) for name in record.topics])
        _check_streams(page)
        live_and_clean = page.live and not page.has_unpublished_changes
        if before is not None and live_and_clean and _content(page) == before:
            return "unchanged"
        if created:
            articles_index.add_child(instance=page)
        page.save_revision().publish()
    return "created" if created else "updated"


def _content(page: ArticlePage) -> tuple:
    """What an import sets on an article, comparable before and after."""
    return (
        page.title,
        page.standfirst,
        page.display_date,
        page.language,
        page.article_type_id,
        _without_block_ids(list(page.body.raw_data)),
        _without_block_ids(list(page.related.raw_data)),
        page.show_disclaimer,
        page.disclaimer_id,
        [(c.author_id, c.role, c.affiliation) for c in page.article_authors.all()],
        sorted(tag.name for tag in page.tags.all()),
        sorted(topic.pk for topic in page.topics.all()),
    )


def _without_block_ids(value: Any) -> Any:
    # Stored blocks carry ids that a freshly imported body does not have yet.
    if isinstance(value, dict):
        return {k: _without_block_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    return value


def _check_streams(page: ArticlePage) -> None:
    """Hold the streams to the same rules as the editor, so an imported page can be re-saved."""
    for name in ("body", "related"):
        stream = getattr(page, name)
        try:
            stream.stream_block.clean(stream)
        except ValidationError as exc:
            raise RecordError(f"invalid {name}: {_stream_errors(exc)}") from None


def _stream_errors(exc: ValidationError) -> str:
    """The first concrete message in a nested block error, with the names leading to it."""
    errors, path = exc.as_json_data() if hasattr(exc, "as_json_data") else {}, []
    while isinstance(errors, dict) and (inner := errors.get("blockErrors") or errors):
        if "messages" in inner:
            errors = inner["messages"]
            break
        key, errors = next(iter(inner.items()))
        if isinstance(key, str):
            path.append(key)
    messages = errors if isinstance(errors, list) and errors else exc.messages
    return " ".join([*(f"{name}:" for name in path), *map(str, messages)])


def _related_stream(record: ArticleRecord, articles_index: ArticleIndexPage) -> list[dict]:
    slugs = [item["slug"] for item in record.related if "slug" in item]
    if record.slug in slugs:
        raise RecordError(f"an article cannot be related to itself ('{record.slug}')")
    found = dict(
        ArticlePage.objects.child_of(articles_index)
        .filter(slug__in=slugs)
        .values_list("slug", "pk")
    )
    items = []
    for item in record.related:
        if "slug" in item:
            if item["slug"] not in found:
                raise RecordError(f"unknown related article slug '{item['slug']}'")
            items.append({"type": "article", "value": found[item["slug"]]})
        else:
            items.append({"type": "external", "value": item})
    if not items:
        return []
    value = {"heading": record.related_heading, "items": items}
    return [{"type": "related_articles", "value": value}]


def _resolve_disclaimer(choice: DisclaimerChoice) -> tuple[bool, Disclaimer | None]:
    if choice.mode == "none":
        return False, None
    if choice.mode == "named":
        disclaimer = Disclaimer.objects.filter(name=choice.name).first()
        if disclaimer is None:
            raise RecordError(f"unknown disclaimer '{choice.name}'")
        return True, disclaimer
    if choice.mode == "define":
        disclaimer, _ = Disclaimer.objects.update_or_create(
            name=choice.name, defaults={"text": choice.text}
        )
        return True, disclaimer
    return True, None


def _author(credit: Credit, authors_index: AuthorIndexPage) -> AuthorPage:
    author = AuthorPage.objects.child_of(authors_index).filter(title=credit.name).first()
    if author is None:
        author = authors_index.add_author(credit.name, credit.affiliation)
    return author


def _article_type(name: str) -> ArticleType | None:
    return _named(ArticleType, name) if name else None


def _topic(name: str) -> Topic:
    return _named(Topic, name)


def _named(model, name: str):
    """Reuse a type or topic by name (any case); a new one gets a free slug."""
    found = model.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    base = slugify(name, allow_unicode=True)[:90] or "item"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return model.objects.create(name=name, slug=slug)
