"""The import format (docs/importer.md): one line parsed and validated into an
``ArticleRecord`` without touching the database, and what an import compares and checks
on an article."""

import datetime
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from taggit.models import Tag

from articles.footnotes import referenced_keys
from articles.forms import counted_length
from articles.models import LANGUAGES, ArticlePage, ArticlePageAuthor, ArticleType, Topic
from authors.models import AuthorPage
from cms.core.models import Disclaimer

from .html_blocks import BodyError, body_and_notes, short_rich_text

MAX_RELATED = 6
BODY_FORMATS = ("html", "markdown")
# What an import makes of an article (``ArticleRecord.status``): published now, a draft
# (never live), or scheduled (a revision Wagtail's scheduler publishes at ``go_live_at``).
LIVE, DRAFT, SCHEDULED = "live", "draft", "scheduled"
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
    doi: str = ""
    footnotes: list[tuple[str, str]] = field(default_factory=list)  # (key, rich text)
    # What a source richer than the JSON Lines format says too (a WordPress export,
    # cms/importer/wordpress.py); the defaults are what a JSON line means.
    status: str = LIVE
    go_live_at: datetime.datetime | None = None  # SCHEDULED's time
    published_at: datetime.datetime | None = None  # first publication; else ``date``, 00:00 UTC
    updated_at: datetime.datetime | None = None  # last publication; else the time of writing
    sets_hero_image: bool = False  # else the article's hero image is left as it is
    hero_image_id: int | None = None
    # A source with ids of its own finds its article by them, never by slug: the page
    # imported for the same id before (``page_id``), else a new one.
    keyed_by_source: bool = False
    page_id: int | None = None


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
    body, footnotes = _body(data)
    return ArticleRecord(
        title=title,
        slug=slug,
        standfirst=standfirst,
        date=_date(data.get("date")),
        type_name=_text(data, "type", max_length=max_length(ArticleType, "name")),
        credits=_credits(data.get("authors")),
        tags=_names(data, "tags", max_length=max_length(Tag, "name")),
        topics=_names(data, "topics", max_length=max_length(Topic, "name")),
        body=body,
        related=_related(data.get("related")),
        related_heading=_text(data, "related_heading", max_length=255),
        disclaimer=_disclaimer(data.get("disclaimer")),
        language=_language(data.get("language")),
        doi=_doi(data),
        footnotes=footnotes,
    )


def _text(
    data: dict, key: str, *, required: bool = False, max_length: int = 0, strip: bool = True
) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RecordError(f"'{key}' must be a string")
    if "\x00" in value:
        raise RecordError(f"'{key}' contains a NUL character")
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
    if any("\x00" in name for name in value):
        raise RecordError(f"'{key}' contains a NUL character")
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


def _doi(data: dict) -> str:
    """The article's own rule (``DOIField``): a resolver link or ``doi:`` taken off."""
    try:
        return ArticlePage._meta.get_field("doi").clean(_text(data, "doi"), None)
    except ValidationError:
        raise RecordError(f"'doi' is not a DOI: {data['doi']!r} (e.g. 10.1234/abcd)") from None


def _body(data: dict) -> tuple[list[dict], list[tuple[str, str]]]:
    try:
        blocks, notes = body_and_notes(_text(data, "body", strip=False), _body_format(data))
    except BodyError as exc:
        raise RecordError(str(exc)) from None
    referenced = set(referenced_keys(blocks))
    for number, (key, text) in enumerate(notes, 1):
        if key not in referenced:
            raise RecordError(f"footnote {number} is referenced from no paragraph")
        if not text:
            raise RecordError(f"footnote {number} is empty")
    return blocks, notes


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
        return DisclaimerChoice("define", name=name, text=short_rich_text(text))
    raise RecordError("'disclaimer' must be 'default', 'none', a disclaimer's name or an object")


# What an import sets and checks on an article ----------------------------------------------


def content(page: ArticlePage) -> tuple:
    """What an import sets on an article, comparable before and after."""
    return (
        page.slug,
        page.title,
        page.standfirst,
        page.display_date,
        page.language,
        page.doi,
        page.article_type_id,
        _without_block_ids(list(page.body.raw_data)),
        _without_block_ids(list(page.related.raw_data)),
        page.show_disclaimer,
        page.disclaimer_id,
        page.hero_image_id,
        [(c.author_id, c.role, c.affiliation) for c in page.article_authors.all()],
        sorted(tag.name for tag in page.tags.all()),
        sorted(topic.pk for topic in page.topics.all()),
        [(note.key, note.text) for note in page.footnotes.all()],
    )


def _without_block_ids(value: Any) -> Any:
    # Stored blocks carry ids that a freshly imported body does not have yet.
    if isinstance(value, dict):
        return {k: _without_block_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    return value


def check_streams(page: ArticlePage) -> None:
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


def reason(exc: Exception) -> str:
    """What the summary says about a record that failed with ``exc``."""
    if isinstance(exc, RecordError):
        return str(exc)
    if isinstance(exc, ValidationError):
        return f"invalid article: {_validation_message(exc)}"
    return f"{type(exc).__name__}: {exc}"


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
