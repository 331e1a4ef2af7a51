"""Footnotes in an imported body: the markers and the notes list, as HTML writes them.

A note is a list item with an ``id`` (``<li id="fn1">``, ``<li id="fn:1">``) that a link
in the text points at (``<a href="#fn1">``, usually inside ``<sup>``, or around one). This
is what Python-Markdown's ``footnotes`` extension, Pandoc, Word's HTML export and most blog
engines write. Each marker becomes a ``MARKER`` the block splitter keeps as text and
``with_references`` turns into the stored reference; each note's back-links (``↩``) are
dropped, and the list holding the notes, with the section or ``<div>`` and rule around it,
leaves the body.
"""

import re

from bs4 import BeautifulSoup, Tag

from articles.footnotes import stored_reference

MARKER = "\u2063footnote:{}\u2063"  # between invisible separators: text no body holds
MARKER_RE = re.compile("\u2063footnote:([a-z0-9]+)\u2063")
CONTAINERS = {"section", "div", "aside", "footer"}


def extract_notes(html: str) -> tuple[str, list[tuple[str, str]]]:
    """``html`` with its footnote markers as ``MARKER``s and its notes taken out, and the
    notes as ``(key, inner HTML)`` in the order of the list; keys are ``n1``, ``n2``..."""
    if "#" not in html:  # no link within the page: no marker
        return html, []
    soup = BeautifulSoup(html, "html.parser")
    links = [a for a in soup.find_all("a", href=True) if str(a["href"]).startswith("#")]
    targets = {str(a["href"])[1:] for a in links}
    items = [li for li in soup.find_all("li", id=True) if li["id"] in targets]
    if not items:
        return html, []
    keys = {str(li["id"]): f"n{number}" for number, li in enumerate(items, 1)}
    for link in links:
        note = link.find_parent("li", id=True)
        if note is not None and note["id"] in keys:
            link.decompose()  # a back-link from the note to its marker
        elif str(link["href"])[1:] in keys:
            _outer_marker(link).replace_with(MARKER.format(keys[str(link["href"])[1:]]))
    notes = [(keys[str(li["id"])], _trimmed(li)) for li in items]
    for container in {_container(li) for li in items}:
        container.decompose()
    return str(soup), notes


def _trimmed(item: Tag) -> str:
    """A note's inner HTML without the space left before its back-link (often a
    no-break space)."""
    for text in reversed(item.find_all(string=True)):
        trimmed = text.rstrip()
        text.replace_with(trimmed)
        if trimmed:
            break
    return item.decode_contents().strip()


def _outer_marker(link: Tag) -> Tag:
    """The link, or the ``<sup>`` it is the whole of."""
    parent = link.parent
    if isinstance(parent, Tag) and parent.name == "sup" and parent.get_text() == link.get_text():
        return parent
    return link


def _container(item: Tag) -> Tag:
    """The list holding a note, or the section around it that holds nothing else."""
    container = item.parent if isinstance(item.parent, Tag) else item
    while (
        isinstance(outer := container.parent, Tag)
        and outer.name in CONTAINERS
        and outer.get_text(strip=True) == container.get_text(strip=True)
    ):
        container = outer
    return container


def with_references(blocks: list[dict]) -> list[dict]:
    """The blocks with each marker in a paragraph made a stored reference, and any in a
    heading dropped (a heading holds no links)."""
    for block in blocks:
        if block["type"] == "paragraph":
            block["value"] = MARKER_RE.sub(lambda m: stored_reference(m.group(1)), block["value"])
        elif block["type"] == "heading":
            block["value"]["text"] = MARKER_RE.sub("", block["value"]["text"])
    return blocks
