"""HTML or Markdown turned into StreamField blocks of sanitised Wagtail rich text."""

import re
from html import escape
from html.parser import HTMLParser

import markdown

from cms.core.rich_text import sanitise as sanitise_html

from .footnotes import extract_notes, with_references

BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")

# What survives sanitising, and how it is written in Wagtail's rich-text storage format.
ALLOWED_TAGS = {"p", "h2", "h3", "h4", "a", "strong", "em", "b", "i"}
ALLOWED_TAGS |= {"ul", "ol", "li", "blockquote", "br"}
STORED_TAG = {"strong": "b", "em": "i"}
HEADING_TAGS = {"h2", "h3"}
BLOCK_TAGS = {"p", "h4", "ul", "ol", "li", "blockquote"}
DISCLAIMER_TAGS = {"p", "a", "strong", "em", "b", "i", "br"}


class BodyError(ValueError):
    """Content that cannot become a block (the message says why)."""


def body_blocks(text: str, body_format: str = "html") -> list[dict]:
    """Raw StreamField data for ``ArticlePage.body``.

    HTML (or Markdown, converted first) is sanitised, then split at each top-level h2/h3:
    the headings become "heading" blocks and the content between them one "paragraph"
    rich-text block each. Top-level text outside any element is split into paragraphs
    at blank lines, so plain text works too.
    """
    if not text.strip():
        return []
    if body_format == "markdown":
        text = markdown.markdown(text)
    return _split(sanitise(text))


def body_and_notes(text: str, body_format: str = "html") -> tuple[list[dict], list[tuple]]:
    """``body_blocks``, with the footnotes the body carries (``cms.importer.footnotes``):
    the blocks reference them, and they come back as ``(key, rich text)``."""
    if not text.strip():
        return [], []
    if body_format == "markdown":
        text = markdown.markdown(text, extensions=["footnotes"])
    html, notes = extract_notes(text)
    blocks = with_references(_split(sanitise(html)))
    return blocks, [(key, short_rich_text(note)) for key, note in notes]


def sanitise(html: str, tags: set[str] = ALLOWED_TAGS) -> str:
    # Links by URL only: an imported record names no page by its database id.
    return sanitise_html(html, tags, link_attributes={"href"})


def short_rich_text(text: str) -> str:
    """A disclaimer's or a note's text as rich text (bold, italic, links), in paragraphs."""
    blocks = _split(sanitise(text, DISCLAIMER_TAGS))
    return "".join(block["value"] for block in blocks)


def _split(sanitised_html: str) -> list[dict]:
    splitter = _BlockSplitter()
    splitter.feed(sanitised_html)
    splitter.close()
    return splitter.finish()


class _BlockSplitter(HTMLParser):
    """Re-serialises sanitised HTML in Wagtail's storage format, split into blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self.chunk: list[str] = []  # top-level elements of the current rich-text block
        self.inline: list[str] = []  # top-level inline content waiting to become a <p>
        self.element: list[str] | None = None  # the top-level block element being read
        self.element_has_text = False
        self.heading: tuple[str, list[str]] | None = None
        self.open_tags: list[tuple[str, bool]] = []  # (tag, written)

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._write("<br>")  # as stored (cms.core.rich_text)
            return
        if not self.open_tags:
            if tag in HEADING_TAGS:
                self._flush_inline()
                self._flush_chunk()
                self.heading = (tag, [])
            elif tag in BLOCK_TAGS:
                self._flush_inline()
                self.element, self.element_has_text = [], False
        href = dict(attrs).get("href") or ""
        written = self.heading is None and (tag != "a" or bool(href))
        self.open_tags.append((tag, written))
        if written:
            attr = f' href="{escape(href)}"' if tag == "a" else ""
            self._write(f"<{STORED_TAG.get(tag, tag)}{attr}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "br" or not self.open_tags or self.open_tags[-1][0] != tag:
            return  # sanitised HTML is balanced; anything else is ignored
        _tag, written = self.open_tags.pop()
        if written:
            self._write(f"</{STORED_TAG.get(tag, tag)}>")
        if self.open_tags:
            return
        if self.heading is not None:
            level, parts = self.heading
            self.heading = None
            text = " ".join("".join(parts).split())
            if len(text) > 255:
                raise BodyError(f"heading '{text[:40]}…' is longer than 255 characters")
            if text:
                self.blocks.append({"type": "heading", "value": {"text": text, "level": level}})
        elif self.element is not None:
            if self.element_has_text:
                self.chunk.append("".join(self.element))
            self.element = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1].append(data)
        elif self.open_tags:
            self._write(escape(data, quote=False))
        else:
            parts = BLANK_LINE_RE.split(data)
            for i, part in enumerate(parts):
                if i:
                    self._flush_inline()
                self.inline.append(escape(part, quote=False))
        if data.strip() and self.element is not None:
            self.element_has_text = True

    def _write(self, html: str) -> None:
        if self.heading is not None:
            return
        (self.element if self.element is not None else self.inline).append(html)

    def _flush_inline(self) -> None:
        html = "".join(self.inline).strip()
        self.inline.clear()
        while html.startswith("<br>") or html.endswith("<br>"):
            html = html.removeprefix("<br>").removesuffix("<br>").strip()
        if re.sub(r"<[^>]*>", "", html).strip():
            self.chunk.append(f"<p>{html}</p>")

    def _flush_chunk(self) -> None:
        if self.chunk:
            self.blocks.append({"type": "paragraph", "value": "".join(self.chunk)})
            self.chunk = []

    def finish(self) -> list[dict]:
        self._flush_inline()
        self._flush_chunk()
        return self.blocks
