"""A WordPress post's content turned into ``ArticlePage.body`` blocks.

Both of WordPress's editors are read: the block editor's markup (``<!-- wp:paragraph -->``
comments around ordinary HTML) and the classic editor's HTML, whose paragraphs are
separated by blank lines and whose single line breaks are breaks (as WordPress's
``wpautop`` renders them). Images become image blocks, embeds (``wp:embed``, ``[embed]``,
a classic post's URL on a line of its own) embed blocks, pull quotes pull-quote blocks,
and the rest headings and rich text through ``html_blocks.body_and_notes``, footnotes
included. What the site cannot show is taken out and named in ``Content.notes``: the
shortcodes of plugins (``[gallery]``, ``[contact-form]``...) and embeds no provider knows.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from .html_blocks import body_and_notes

# A special block's place in the HTML, between invisible separators as footnotes' markers
# are: text no post holds, kept by sanitising.
PLACE = "\u2063wordpress-block:{}\u2063"
PLACE_RE = re.compile("<p>\u2063wordpress-block:(\\d+)\u2063</p>")
BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.DOTALL)
EMBED_BLOCK_RE = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s+(\{.*?\})\s*-->.*?<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->",
    re.DOTALL,
)
BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
BLOCK_START_RE = re.compile(
    r"\s*<(?:p|h[1-6]|ul|ol|li|blockquote|div|figure|table|pre|hr|dl|form|section|wp-embed)\b",
    re.IGNORECASE,
)
URL_LINE_RE = re.compile(r"\s*(https?://[^\s<>\"]+)\s*")

# Shortcodes: [name attrs], [name /], [/name]; [[name]] is WordPress's way to write one
# as text.
ESCAPED_SHORTCODE_RE = re.compile(r"\[(\[[^\[\]]+\])\]")
CAPTION_RE = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL)
EMBED_SHORTCODE_RE = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL)
SHORTCODE_RE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\]]*)?)(/?)\]")
# Shortcodes WordPress itself and its common plugins register: taken out even without
# attributes. Any other [word] counts only when it has attributes or a closing tag, so that
# "[sic]" stays text, as WordPress shows an unregistered one.
KNOWN_SHORTCODES = {
    *("gallery", "audio", "video", "playlist", "contact-form", "contact-field"),
    *("contact-form-7", "wpforms", "gravityform", "ninja_form", "soundcloud", "youtube"),
}
HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}


@dataclass
class ImageRef:
    """An image the content shows: its URL, the attachment it names, its alt text and
    caption."""

    src: str
    attachment_id: int | None = None
    alt: str = ""
    caption: str = ""


@dataclass
class Content:
    body: list[dict]
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out, and why


def convert(
    html: str,
    *,
    image_id: Callable[[ImageRef], int | None],
    embeddable: Callable[[str], bool],
    footnotes_meta: str = "",
) -> Content:
    """The body of a post's content. ``image_id`` gives the Wagtail image of an image
    (``None``: left out, its reason recorded by the caller), ``embeddable`` whether an
    embed provider knows a URL; ``footnotes_meta`` is the post's ``footnotes`` meta (the
    block editor keeps the notes' text there)."""
    notes: list[str] = []
    html = _with_embed_elements(html)
    html = _without_shortcodes(html, notes)
    html = BLOCK_COMMENT_RE.sub("", html) if "<!-- wp:" in html else _autop(html)
    html += _notes_list(footnotes_meta)
    soup = BeautifulSoup(html, "html.parser")
    specials: list[dict] = []
    _take_specials(soup, specials, notes, image_id, embeddable)
    blocks, footnotes = body_and_notes(str(soup))
    return Content(_placed(blocks, specials), footnotes, notes)


# Before parsing: embeds, shortcodes, paragraphs ------------------------------------------


def _with_embed_elements(html: str) -> str:
    """Each embed block, whatever its inner markup, as a ``<wp-embed>`` element."""

    def element(match: re.Match) -> str:
        try:
            url = json.loads(match.group(1)).get("url", "")
        except (json.JSONDecodeError, AttributeError):
            url = ""
        return _embed_element(url) if isinstance(url, str) and url else ""

    return EMBED_BLOCK_RE.sub(element, html)


def _embed_element(url: str, *, auto: bool = False) -> str:
    quoted = url.replace("&", "&amp;").replace('"', "&quot;")
    return f'<wp-embed url="{quoted}"{" auto" if auto else ""}></wp-embed>'


def _without_shortcodes(html: str, notes: list[str]) -> str:
    """Captions made figures, ``[embed]`` embeds; every other shortcode taken out (the text
    between an opening and a closing one stays) and named in ``notes``."""
    escaped: list[str] = []

    def keep_escaped(match: re.Match) -> str:
        escaped.append(match.group(1))
        return f"\u2063escaped:{len(escaped) - 1}\u2063"

    html = ESCAPED_SHORTCODE_RE.sub(keep_escaped, html)
    html = CAPTION_RE.sub(_caption_figure, html)
    html = EMBED_SHORTCODE_RE.sub(lambda m: _embed_element(m.group(1).strip()), html)
    closed = {name.lower() for name in re.findall(r"\[/([A-Za-z][\w-]*)\]", html)}
    removed: list[str] = []

    def remove(match: re.Match) -> str:
        closing, name, attributes, self_closing = match.groups()
        if not (
            closing
            or attributes.strip()
            or self_closing
            or name.lower() in KNOWN_SHORTCODES
            or name.lower() in closed
        ):
            return match.group(0)
        if not closing and name not in removed:
            removed.append(name)
        return ""

    html = SHORTCODE_RE.sub(remove, html)
    notes += [f"shortcode [{name}] removed" for name in removed]
    return re.sub("\u2063escaped:(\\d+)\u2063", lambda m: escaped[int(m.group(1))], html)


def _caption_figure(match: re.Match) -> str:
    """``[caption]<img ...> The caption[/caption]`` as the block editor writes it."""
    inner = match.group(3)
    images = re.findall(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", inner)
    text = inner
    for image in images:
        text = text.replace(image, "")
    caption = re.search(r'caption="([^"]*)"', match.group(2))
    text = text.strip() or (caption.group(1) if caption else "")
    return f"<figure>{''.join(images)}<figcaption>{text}</figcaption></figure>\n\n"


def _autop(html: str) -> str:
    """A classic post's paragraphs, as ``wpautop`` makes them: a paragraph at each blank
    line, a break at each other line break; a URL alone on a line is an embed."""
    paragraphs = []
    for part in BLANK_LINE_RE.split(html.replace("\r\n", "\n").strip()):
        if (url := URL_LINE_RE.fullmatch(part)) is not None:
            paragraphs.append(_embed_element(url.group(1), auto=True))
        elif BLOCK_START_RE.match(part):
            paragraphs.append(part)
        elif part.strip():
            paragraphs.append("<p>" + re.sub(r"\s*\n\s*", "<br>", part.strip()) + "</p>")
    return "\n\n".join(paragraphs)


def _notes_list(footnotes_meta: str) -> str:
    """The block editor's footnotes (kept in the post's meta, their markers in the text
    linking to ``#<id>``) as a list of notes ``html_blocks`` reads."""
    try:
        notes = json.loads(footnotes_meta) if footnotes_meta else []
    except json.JSONDecodeError:
        return ""
    items = [
        f'<li id="{note["id"]}">{note.get("content", "")}</li>'
        for note in notes
        if isinstance(note, dict) and re.fullmatch(r"[\w-]+", str(note.get("id", "")))
    ]
    return f"<ol>{''.join(items)}</ol>" if items else ""


# Parsed: the blocks that are not rich text ------------------------------------------------


def _take_specials(
    soup: BeautifulSoup,
    specials: list[dict],
    notes: list[str],
    image_id: Callable[[ImageRef], int | None],
    embeddable: Callable[[str], bool],
) -> None:
    """Images, embeds and pull quotes replaced by their places; headings at the levels
    the body has."""
    for heading in soup.find_all(list(HEADING_LEVELS)):
        heading.name = HEADING_LEVELS[heading.name]
    for quote in soup.find_all(_is_pullquote):
        if quote.find_parent(_is_pullquote) is None:
            _replace(quote, _pull_quote(quote), specials)
    for cite in soup.find_all("cite"):
        if cite.find_parent("blockquote") is not None:
            cite.name = "p"
            cite.insert(0, "— ")
    for embed in soup.find_all("wp-embed"):
        url = str(embed.get("url", ""))
        if embeddable(url):
            _replace(embed, {"type": "embed", "value": url}, specials)
            continue
        if embed.get("auto") is None:
            notes.append(f"embed {url} is not one the site can show: kept as a link")
        link = soup.new_tag("a", href=url)
        link.string = url
        paragraph = soup.new_tag("p")
        paragraph.append(link)
        embed.replace_with(paragraph)
    for img in soup.find_all("img"):
        ref = _image_ref(img)
        found = image_id(ref) if ref.src else None
        if found is None:
            _remove_image(img)
        else:
            value = {"image": found, "alt_text": ref.alt[:255], "caption": ref.caption[:500]}
            _replace(img, {"type": "image", "value": {**value, "credit": ""}}, specials)


def _is_pullquote(tag: Tag) -> bool:
    classes = tag.get_attribute_list("class")
    return tag.name in ("figure", "blockquote") and "wp-block-pullquote" in classes


def _pull_quote(quote: Tag) -> dict:
    cite = quote.find("cite")
    attribution = cite.get_text(" ", strip=True) if cite else ""
    if cite:
        cite.decompose()
    paragraphs = [p.get_text(" ", strip=True) for p in quote.find_all("p")]
    text = "\n".join(filter(None, paragraphs)) or quote.get_text(" ", strip=True)
    return {"type": "pull_quote", "value": {"quote": text, "attribution": attribution[:255]}}


def _image_ref(img: Tag) -> ImageRef:
    classes = img.get_attribute_list("class")
    ids = [int(c[9:]) for c in classes if c and re.fullmatch(r"wp-image-\d+", c)]
    figure = img.find_parent("figure")
    caption = figure.find("figcaption") if figure else None
    return ImageRef(
        src=str(img.get("src", "")).strip(),
        attachment_id=ids[0] if ids else None,
        alt=str(img.get("alt", "")).strip(),
        caption=caption.get_text(" ", strip=True) if caption else "",
    )


def _replace(element: Tag, block: dict, specials: list[dict]) -> None:
    """The element's block kept in ``specials``, and a paragraph holding its place put at
    the top level: where the element was, or after the top-level element holding it (which
    goes when it holds nothing else)."""
    specials.append(block)
    place = Tag(name="p")
    place.string = PLACE.format(len(specials) - 1)
    top = _top_level(element)
    if top is element:
        element.replace_with(place)
        return
    figure = element.find_parent("figure")
    for caption in figure.find_all("figcaption") if figure else []:
        caption.decompose()
    _holder(element).decompose()
    after = top
    while isinstance(after.next_sibling, Tag) and PLACE_RE.fullmatch(str(after.next_sibling)):
        after = after.next_sibling
    after.insert_after(place)
    if not top.get_text(strip=True) and not top.find(["img", "wp-embed"]):
        top.decompose()


def _top_level(element: Tag) -> Tag:
    while isinstance(element.parent, Tag) and element.parent.name != "[document]":
        element = element.parent
    return element


def _holder(element: Tag) -> Tag:
    """The element, or the link around it that holds nothing else (an image's link to
    its own file)."""
    parent = element.parent
    if isinstance(parent, Tag) and parent.name == "a" and not parent.get_text(strip=True):
        return parent
    return element


def _remove_image(img: Tag) -> None:
    """An image left out, with its caption and the figure that held only it."""
    figure = img.find_parent("figure")
    _holder(img).decompose()
    if figure is not None and not figure.find(["img", "wp-embed"]):
        figure.decompose()


def _placed(blocks: list[dict], specials: list[dict]) -> list[dict]:
    """The rich-text blocks split at each special block's place, that block put there."""
    placed: list[dict] = []
    for block in blocks:
        if block["type"] != "paragraph" or "\u2063wordpress-block:" not in block["value"]:
            placed.append(block)
            continue
        parts = PLACE_RE.split(block["value"])
        for position, part in enumerate(parts):
            if position % 2:
                placed.append(specials[int(part)])
            elif re.sub(r"<[^>]*>", "", part).strip():
                placed.append({"type": "paragraph", "value": part})
    return placed
