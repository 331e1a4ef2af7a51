"""Article bodies as self-contained HTML for feeds, rendered for many articles at once.

Reader pages render the body block by block; a feed of 50 articles doing the same would
look up each article's body images, and each paragraph's page links, on its own. Here the
images of every body are fetched in one query and the rich text of every body (and every
disclaimer) is expanded in one pass, so page links cost one query for the pages and one per
page type, whatever the number of articles.

Feed readers show neither ``<picture>`` sources nor embeds' iframes reliably: an image
becomes one ``<img>`` of a single rendition, an embed a link to what it embeds. Every
relative ``href`` and ``src`` is made absolute.
"""

import mimetypes
import re
import uuid
from typing import Any

from django.utils.html import format_html

from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from .feedgen import FeedImage
from .footnotes import endnotes_html, notes_of, numbered, referenced_keys

BODY_IMAGE_SPEC = "width-800"
HERO_IMAGE_SPEC = "width-1200"

_RELATIVE_URL = re.compile(r"""(\s(?:href|src)=)(["'])/(?!/)""", re.IGNORECASE)


def absolute_urls(html: str, root_url: str) -> str:
    """Rewrite ``href="/..."`` and ``src="/..."`` to start with ``root_url`` (no slash)."""
    return _RELATIVE_URL.sub(lambda m: f"{m.group(1)}{m.group(2)}{root_url}/", html)


def rendition_image(image, spec: str, build_absolute_uri) -> FeedImage | None:
    """One rendition of ``image`` with the size of its file, or ``None`` if it cannot be made."""
    try:
        rendition = image.get_rendition(spec)
        length = rendition.file.size
    except (OSError, ValueError):
        # A missing or unreadable original: the item goes out without its picture.
        return None
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    return FeedImage(
        url=build_absolute_uri(rendition.url),
        mime_type=mime_type,
        length=length,
        width=rendition.width,
        height=rendition.height,
    )


class BodyRenderer:
    """Collects the bodies of several articles, then renders all of them together.

    ``add(article, disclaimer)`` returns a key; after ``render()``, ``html(key)`` is the
    article's body with the disclaimer at the end.
    """

    def __init__(self, request):
        self.request = request
        self.root_url = request.build_absolute_uri("/").rstrip("/")
        # Per article, its parts in order: ("html", markup), ("rich", index),
        # ("disclaimer", index) or ("image", the block's value).
        self._parts: list[list[tuple[str, Any]]] = []
        self._rich: list[str] = []
        self._image_ids: set[int] = set()
        self._html: list[str] = []
        # Per article, its id when its body references footnotes, else None.
        self._noted: list[int | None] = []

    def add(self, article, disclaimer=None) -> int:
        parts: list[tuple[str, Any]] = []
        for block in article.body.raw_data:
            kind, value = block.get("type"), block.get("value")
            if kind == "paragraph" and isinstance(value, str):
                parts.append(("rich", self._add_rich(value)))
            elif kind == "image" and isinstance(value, dict):
                if isinstance(value.get("image"), int):
                    self._image_ids.add(value["image"])
                    parts.append(("image", value))
            elif kind == "embed" and value:
                url = value if isinstance(value, str) else value.get("url", "")
                if url.lower().startswith(("http://", "https://")):
                    parts.append(("html", format_html('<p><a href="{0}">{0}</a></p>', url)))
            elif kind in ("heading", "pull_quote") and isinstance(value, dict):
                child = article.body.stream_block.child_blocks[kind]
                parts.append(("html", child.render(child.to_python(value))))
        if disclaimer is not None:
            parts.append(("disclaimer", self._add_rich(disclaimer.text)))
        self._parts.append(parts)
        self._noted.append(article.pk if referenced_keys(article.body.raw_data) else None)
        return len(self._parts) - 1

    def _add_rich(self, source: str) -> int:
        self._rich.append(source)
        return len(self._rich) - 1

    def render(self) -> None:
        rich = self._expand_all(self._rich)
        images = get_image_model().objects.in_bulk(self._image_ids) if self._image_ids else {}
        notes = notes_of([pk for pk in self._noted if pk is not None])
        for parts, noted in zip(self._parts, self._noted, strict=True):
            out, after = [], []
            for kind, value in parts:
                if kind == "rich":
                    out.append(rich[value])
                elif kind == "disclaimer":
                    after.append(f'<hr><aside class="disclaimer">{rich[value]}</aside>')
                elif kind == "image":
                    out.append(self._figure(images.get(value["image"]), value))
                else:
                    out.append(value)
            body = "\n".join(out)
            if noted is not None:
                body, endnotes = numbered(body, notes.get(noted, {}))
                body += endnotes_html(endnotes)
            self._html.append(absolute_urls("\n".join([body, *after]), self.root_url))

    def html(self, key: int) -> str:
        return self._html[key]

    @staticmethod
    def _expand_all(sources: list[str]) -> list[str]:
        # One pass over all the rich text, so its links are looked up together.
        if not sources:
            return []
        marker = f"<!--{uuid.uuid4().hex}-->"
        return expand_db_html(marker.join(sources)).split(marker)

    def _figure(self, image, value: dict) -> str:
        if image is None:
            return ""
        picture = rendition_image(image, BODY_IMAGE_SPEC, self.request.build_absolute_uri)
        if picture is None:
            return ""
        alt = value.get("alt_text") or image.default_alt_text or ""
        # Plain text: format_html escapes it, once.
        caption = " ".join(text for text in (value.get("caption"), value.get("credit")) if text)
        return format_html(
            '<figure><img src="{}" width="{}" height="{}" alt="{}">{}</figure>',
            picture.url,
            picture.width,
            picture.height,
            alt,
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )
