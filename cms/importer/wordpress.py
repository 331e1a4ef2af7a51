"""Reading a WordPress export (WXR, what Tools → Export writes), a channel element at a time.

The file is streamed (``defusedxml``'s ``iterparse``: no entities, no external resources),
each element of the channel cleared once read, so its size does not matter. It is read
twice: ``read_channel`` first, for what posts refer to (the authors, the attachments'
files, the site and its language), then ``read_items`` for the posts themselves.
Malformed XML ends either reading with ``ExportError`` naming its line: what came before
it has been read.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

# Namespaces by what they start with: WXR 1.0 to 1.2 differ only in the version.
PREFIXES = [
    ("http://wordpress.org/export/", "wp"),
    ("http://purl.org/rss/1.0/modules/content/", "content"),
    ("http://purl.org/dc/elements/1.1/", "dc"),
]
EXCERPT_NAMESPACE = re.compile(r"http://wordpress\.org/export/[\d.]+/excerpt/")
GUEST_AUTHOR = "guest-author"  # Co-Authors Plus's authors without an account
# The items ``read_channel`` reads for what posts refer to.
CHANNEL_TYPES = ("attachment", GUEST_AUTHOR)
NO_DATE = "0000-00-00 00:00:00"  # what WordPress writes for a draft never given a date


class ExportError(Exception):
    """The export cannot be read on from here (the message says where and why)."""


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self) -> str:
        """The name the post's readers see."""
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full or self.login


@dataclass
class Attachment:
    url: str
    title: str = ""
    alt: str = ""


@dataclass
class Channel:
    """What the posts refer to, read before them."""

    site: str = ""  # the WordPress site's address without its scheme
    language: str = ""
    authors: dict[str, Author] = field(default_factory=dict)  # by login
    attachments: dict[int, Attachment] = field(default_factory=dict)  # by post id
    items: int = 0


@dataclass
class Category:
    domain: str  # "category", "post_tag", "author" (Co-Authors Plus), a taxonomy's name
    nicename: str
    name: str


@dataclass
class Item:
    """One ``<item>``: a post, a page, an attachment, a menu item, another post type."""

    post_id: int
    post_type: str
    status: str
    title: str = ""
    slug: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: datetime.datetime | None = None  # UTC
    modified: datetime.datetime | None = None  # UTC
    categories: list[Category] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def terms(self, domain: str) -> list[Category]:
        return [category for category in self.categories if category.domain == domain]


def read_channel(path: str | Path) -> tuple[Channel, ExportError | None]:
    """The channel's authors, attachments, site and language, and the number of items;
    with the error that ended the reading early, if any."""
    channel = Channel()
    try:
        for name, element in _channel_elements(path):
            if name == "item":
                channel.items += 1
                _read_channel_item(channel, element)
            elif name == "wp:author":
                author = _author(element)
                channel.authors.setdefault(author.login, author)
            elif name == "wp:base_site_url" or (name == "link" and not channel.site):
                channel.site = without_scheme(_text(element))
            elif name == "language":
                channel.language = _text(element)
    except ExportError as exc:
        return channel, exc
    return channel, None


def read_items(path: str | Path) -> Iterator[Item]:
    """Every item, in the export's order."""
    for name, element in _channel_elements(path):
        if name == "item":
            yield _item(element)


def without_scheme(url: str) -> str:
    return re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")


def _channel_elements(path: str | Path) -> Iterator[tuple[str, Element]]:
    """Each child of the channel, complete, by its prefixed name; cleared once the caller
    has it, so that the tree never holds more than one."""
    channel = None
    depth = 0
    try:
        for event, element in iterparse(str(path), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 2 and _name(element) == "channel":
                    channel = element
                continue
            depth -= 1
            if depth == 2 and channel is not None:
                yield _name(element), element
                element.clear()
                channel.remove(element)
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise ExportError(f"malformed XML at line {line}, column {column}: {reason}") from None
    except DefusedXmlException as exc:
        raise ExportError(f"refused: {exc}") from None
    if channel is None:
        raise ExportError("not a WordPress export: no <rss><channel>")


def _name(element: Element) -> str:
    tag = element.tag
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if EXCERPT_NAMESPACE.match(namespace):
        return f"excerpt:{local}"
    for start, prefix in PREFIXES:
        if namespace.startswith(start):
            return f"{prefix}:{local}"
    return local


def _text(element: Element | None) -> str:
    return "" if element is None or element.text is None else element.text.strip()


def _children(element: Element) -> dict[str, Element]:
    """The element's children by name (the first of each name)."""
    found: dict[str, Element] = {}
    for child in element:
        found.setdefault(_name(child), child)
    return found


def _author(element: Element) -> Author:
    fields = {name: _text(child) for name, child in _children(element).items()}
    return Author(
        login=fields.get("wp:author_login", ""),
        display_name=fields.get("wp:author_display_name", ""),
        first_name=fields.get("wp:author_first_name", ""),
        last_name=fields.get("wp:author_last_name", ""),
    )


def _read_channel_item(channel: Channel, element: Element) -> None:
    item = _item(element)
    if item.post_type == "attachment":
        url = item.meta.get("_wp_attached_file_url") or ""
        channel.attachments[item.post_id] = Attachment(
            url=url, title=item.title, alt=item.meta.get("_wp_attachment_image_alt", "")
        )
    elif item.post_type == GUEST_AUTHOR and (login := item.meta.get("cap-user_login")):
        channel.authors.setdefault(
            login,
            Author(
                login=login,
                display_name=item.meta.get("cap-display_name", item.title),
                first_name=item.meta.get("cap-first_name", ""),
                last_name=item.meta.get("cap-last_name", ""),
            ),
        )


def _item(element: Element) -> Item:
    fields: dict[str, str] = {}
    categories, meta = [], {}
    for child in element:
        name = _name(child)
        if name == "category":
            domain, nicename = child.get("domain", ""), child.get("nicename", "")
            categories.append(Category(domain, nicename, _text(child)))
        elif name == "wp:postmeta":
            parts = _children(child)
            meta[_text(parts.get("wp:meta_key"))] = (parts["wp:meta_value"].text or "").strip()
        elif name == "wp:attachment_url":
            meta["_wp_attached_file_url"] = _text(child)
        elif name in ("content:encoded", "excerpt:encoded"):
            fields[name] = child.text or ""
        else:
            fields.setdefault(name, _text(child))
    return Item(
        post_id=_post_id(fields.get("wp:post_id", "")),
        post_type=fields.get("wp:post_type", "post"),
        status=fields.get("wp:status", ""),
        title=fields.get("title", ""),
        slug=fields.get("wp:post_name", ""),
        link=fields.get("link", ""),
        creator=fields.get("dc:creator", ""),
        content=fields.get("content:encoded", ""),
        excerpt=fields.get("excerpt:encoded", ""),
        date=_date(fields.get("wp:post_date_gmt")) or _date(fields.get("wp:post_date")),
        modified=_date(fields.get("wp:post_modified_gmt")) or _date(fields.get("wp:post_modified")),
        categories=categories,
        meta=meta,
    )


def _post_id(text: str) -> int:
    """The item's id; 0 for none (the import fails such an item)."""
    return int(text) if text.isdigit() else 0


def _date(text: str | None) -> datetime.datetime | None:
    """A WordPress date as UTC; the local dates are the fallback when the GMT ones are not
    set (a draft's), taken as UTC."""
    if not text or text == NO_DATE:
        return None
    try:
        return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None
