"""What stored rich text may hold: the markup Wagtail's editor writes, nothing that runs.

Every rich-text value is cleaned on its way into the database (``cms.core.blocks`` for the
body's paragraphs, ``cms.core.fields.RichTextField`` for the other fields), whoever writes
it: the editor, the importer, a script. Scripts and styles are dropped with their
content; event attributes, SVG, iframes and ``javascript:`` URLs are dropped, the text
around them kept.
"""

import nh3

# Wagtail's storage format: bold and italic as <b> and <i>; an internal link as
# <a linktype="page" id="…">, an external one as <a href="…">.
RICH_TEXT_TAGS = frozenset({"p", "h2", "h3", "h4", "a", "b", "i", "ul", "ol", "li"})
RICH_TEXT_TAGS |= {"blockquote", "br"}
STORED_LINK_ATTRIBUTES = frozenset({"href", "linktype", "id"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitise(
    html: str,
    tags: frozenset[str] | set[str] = RICH_TEXT_TAGS,
    link_attributes: frozenset[str] | set[str] = STORED_LINK_ATTRIBUTES,
) -> str:
    """``html`` with only ``tags``, links with only ``link_attributes`` and safe URLs."""
    return nh3.clean(
        html,
        tags=set(tags),
        attributes={"a": set(link_attributes)},
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
    )
