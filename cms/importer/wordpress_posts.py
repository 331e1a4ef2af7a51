"""Importing a WordPress export's posts as articles (docs/wordpress.md).

Each post is made an ``ArticleRecord`` (``records.parse_record`` checks it as it checks a
JSON line) and written by the chunk writer (``chunks.write_chunk``) in a transaction of
its own, with its images, the page's link to the post (``cms.core.models.WordPressPost``,
what a second import finds it by) and the redirect from its WordPress address: a post
that fails leaves nothing behind. Pages, menu items and other post types are skipped,
attachments read for their images. The summary names every post skipped or failed, and
what was left out of the posts imported.
"""

import dataclasses
import html
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.contrib.redirects.models import Redirect
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

from articles.models import LANGUAGES, ArticlePage
from cms.core.commands import progress_bar
from cms.core.models import WordPressPost
from cms.site_tree import SiteTree, ensure_site_tree

from . import records as r
from .chunks import write_chunk
from .html_blocks import BodyError
from .wordpress import CHANNEL_TYPES, Channel, ExportError, Item, read_channel, read_items
from .wordpress_blocks import ImageRef, convert
from .wordpress_images import Uploads

# WordPress's statuses, as an article's; "private" is a draft: never shown to readers.
STATUSES = {
    "publish": r.LIVE,
    "future": r.SCHEDULED,
    "draft": r.DRAFT,
    "pending": r.DRAFT,
    "private": r.DRAFT,
}
STATUS_NOTES = {
    "pending": "pending review in WordPress: imported as a draft",
    "private": "private in WordPress: imported as a draft, not shown to readers",
}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "an auto-draft", "inherit": "a revision"}
DEFAULT_CATEGORY = "uncategorized"  # WordPress's category for posts given none: no topic


@dataclass
class WordPressReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    home_permalinks: int = 0  # "/?p=123" addresses, which the home page answers
    error: str = ""  # why the export could not be read to its end
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures) + bool(self.error)

    @property
    def items(self) -> int:
        done = self.created + self.updated + self.unchanged
        return done + len(self.skipped) + len(self.failures)

    def summary(self) -> str:
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "failed": len(self.failures),
        }
        lines = [", ".join(f"{name}: {count}" for name, count in counts.items())]
        lines += [f"failed: {line}" for line in self.failures]
        lines += [f"skipped: {line}" for line in self.skipped]
        lines += [f"note: {line}" for line in self.notes]
        if self.home_permalinks:
            lines.append(
                f"note: no redirect from {self.home_permalinks} address(es) of the form "
                "/?p=123: the home page answers them"
            )
        if self.error:
            lines.append(f"stopped: {self.error}")
        rate = self.items / self.seconds if self.seconds else 0.0
        lines.append(f"{self.items} items in {self.seconds:.1f} s ({rate:.1f} items/s)")
        return "\n".join(lines)


@dataclass
class Export:
    """What the posts of one export are written with."""

    channel: Channel
    uploads: Uploads
    tree: SiteTree
    language: str
    slugs: dict[str, int] = field(default_factory=dict)  # this run's posts, by slug
    post_ids: set[int] = field(default_factory=set)


def import_export(
    path: str | Path,
    *,
    uploads: str | Path | None = None,
    tree: SiteTree | None = None,
    progress_file: TextIO | None = None,
    progress: bool | None = None,
) -> WordPressReport:
    """Import the posts of the WordPress export at ``path``, their images read from the
    ``uploads`` folder. Raises ``OSError`` when the file cannot be opened; malformed XML
    ends the import there (``WordPressReport.error``), the posts before it imported."""
    started = time.perf_counter()
    report = WordPressReport()
    channel, error = read_channel(path)
    tree = tree or ensure_site_tree()
    export = Export(
        channel=channel,
        uploads=Uploads(Path(uploads) if uploads else None, channel.attachments),
        tree=tree,
        language=_language(channel.language, tree),
    )
    bar = progress_bar(channel.items, "Importing WordPress posts", "item", progress_file, progress)
    with bar:
        try:
            for item in read_items(path):
                _import_item(item, export, report)
                bar.update(1)
        except ExportError as exc:
            report.error = str(exc)
    report.error = report.error or (str(error) if error else "")
    report.seconds = time.perf_counter() - started
    return report


def _language(export_language: str, tree: SiteTree) -> str:
    """The site's default language; Russian for a Russian export when the site has it."""
    if export_language.lower().startswith("ru") and "ru" in dict(LANGUAGES):
        return "ru"
    return tree.articles.locale.language_code


def _import_item(item: Item, export: Export, report: WordPressReport) -> None:
    label = f"{item.post_type} {item.post_id} {item.title!r}"
    if item.post_type in CHANNEL_TYPES:
        return  # read with the channel, for the posts
    if item.post_type != "post":
        report.skipped.append(f"{label}: only posts are imported")
        return
    if item.status in SKIPPED_STATUSES:
        report.skipped.append(f"{label}: {SKIPPED_STATUSES[item.status]}")
        return
    notes: list[str] = []
    try:
        outcome = _write(item, export, notes, report)
    except r.RecordError as exc:
        report.failures.append(f"{label}: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 (one broken post must not stop the import)
        report.failures.append(f"{label}: {r.reason(exc)}")
        return
    setattr(report, outcome, getattr(report, outcome) + 1)
    report.notes += [f"{label}: {note}" for note in notes]


def _write(item: Item, export: Export, notes: list[str], report: WordPressReport) -> str:
    """Write one post in its own transaction; its outcome: created, updated, unchanged."""
    if not item.post_id:
        raise r.RecordError("no post id")
    if item.post_id in export.post_ids:
        raise r.RecordError("the export holds this post id twice")
    export.post_ids.add(item.post_id)
    if item.status not in STATUSES:
        raise r.RecordError(f"unknown status {item.status!r}")
    with transaction.atomic():
        record = _record(item, export, notes)
        [(_number, outcome, why)] = write_chunk([(item.post_id, record)], export.tree)
        if outcome == "failed":
            raise r.RecordError(why)
        index = export.tree.articles_in(record.language)
        page = ArticlePage.objects.child_of(index).get(slug=record.slug)
        WordPressPost.objects.update_or_create(
            site=export.channel.site, post_id=item.post_id, defaults={"page": page}
        )
        if record.status != r.DRAFT:
            _redirect(item.link, page, export.tree, report)
    export.slugs[record.slug] = item.post_id
    return outcome


def _record(item: Item, export: Export, notes: list[str]) -> r.ArticleRecord:
    """The post as an article record, checked as a JSON line is."""
    if item.status in STATUS_NOTES:
        notes.append(STATUS_NOTES[item.status])
    try:
        content = convert(
            item.content,
            image_id=lambda ref: export.uploads.image_id(ref, notes),
            embeddable=_embeddable,
            footnotes_meta=item.meta.get("footnotes", ""),
        )
    except BodyError as exc:
        raise r.RecordError(str(exc)) from None
    notes += content.notes
    title = _plain(item.title)
    slug = slugify(unquote(item.slug), allow_unicode=True)
    if (other := export.slugs.get(slug)) is not None:
        raise r.RecordError(f"slug '{slug}' is taken by post {other} of the export")
    posted = item.date or item.modified or timezone.now()
    record = r.parse_record(
        {
            "title": title,
            "slug": slug,
            "standfirst": _standfirst(item.excerpt, content.body) or title,
            "date": posted.date().isoformat(),
            "authors": [{"name": name} for name in _author_names(item, export.channel)],
            "topics": [
                html.unescape(term.name)
                for term in item.terms("category")
                if term.nicename != DEFAULT_CATEGORY
            ],
            "tags": [html.unescape(term.name) for term in item.terms("post_tag")],
            "language": export.language,
        }
    )
    status = STATUSES[item.status]
    if status == r.SCHEDULED and posted <= timezone.now():
        notes.append("scheduled for a time now past: published")
        status = r.LIVE
    known = WordPressPost.objects.filter(site=export.channel.site, post_id=item.post_id)
    hero = item.meta.get("_thumbnail_id", "")
    return dataclasses.replace(
        record,
        body=content.body,
        footnotes=content.footnotes,
        status=status,
        go_live_at=posted if status == r.SCHEDULED else None,
        published_at=posted,
        updated_at=max(item.modified or posted, posted),
        sets_hero_image=True,
        hero_image_id=_hero_image(hero, export, notes) if hero.isdigit() else None,
        keyed_by_source=True,
        page_id=known.values_list("page_id", flat=True).first(),
    )


def _author_names(item: Item, channel: Channel) -> list[str]:
    """The post's authors' names: its co-authors (Co-Authors Plus's ``author`` terms) in
    their order, else its author. A login the export does not describe fails the post:
    a login is not a name to print."""
    logins = [term.name or term.nicename.removeprefix("cap-") for term in item.terms("author")]
    names: list[str] = []
    for login in logins or [item.creator]:
        author = channel.authors.get(login)
        if author is None:
            raise r.RecordError(f"author '{login}' is not among the export's authors")
        if author.name not in names:
            names.append(author.name)
    return names


def _hero_image(attachment_id: str, export: Export, notes: list[str]) -> int | None:
    if int(attachment_id) not in export.channel.attachments:
        notes.append(f"featured image {attachment_id} is not in the export: left out")
        return None
    return export.uploads.image_id(ImageRef(src="", attachment_id=int(attachment_id)), notes)


def _embeddable(url: str) -> bool:
    """Whether one of the site's embed providers shows ``url`` (Wagtail keeps its answer)."""
    try:
        get_embed(url)
    except EmbedException:
        return False
    return True


def _plain(text: str) -> str:
    """Text without its markup and entities, its white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


def _standfirst(excerpt: str, body: list[dict]) -> str:
    """The excerpt, else the first paragraph's text; cut at a word to the article's limit."""
    text = _plain(excerpt)
    if not text:
        paragraphs = [block["value"] for block in body if block["type"] == "paragraph"]
        first = re.search(r"<(p|li)>(.*?)</\1>", paragraphs[0], re.DOTALL) if paragraphs else None
        text = _plain(first.group(2)) if first else ""
    if len(text) <= r.STANDFIRST_MAX:
        return text
    cut = text[: r.STANDFIRST_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def _redirect(link: str, page: ArticlePage, tree: SiteTree, report: WordPressReport) -> None:
    """A permanent redirect from the post's WordPress address to its page, when they
    differ; one per address, pointed again at the page on every import."""
    parsed = urlparse(link)
    if not parsed.path.strip("/"):
        report.home_permalinks += bool(parsed.query)
        return
    old_path = Redirect.normalise_path(link)
    if old_path == Redirect.normalise_path(page.get_url(current_site=tree.site) or ""):
        return
    Redirect.objects.update_or_create(
        old_path=old_path,
        site=tree.site,
        defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
    )
