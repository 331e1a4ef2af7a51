"""Footnotes: notes an editor writes under the body, referenced from its paragraphs.

A reference is stored in a paragraph's rich text as ``<a linktype="footnote" id="KEY">*</a>``
(the Draftail feature of ``footnote_editor``), the note as an ``ArticleFootnote`` with the
same key. Notes are numbered by the order of their first reference in the body, whichever
blocks the references sit in, and listed after the body as endnotes; each reference links
to its note and each note back to its references (DPUB-ARIA's ``doc-noteref``,
``doc-endnotes`` and ``doc-backlink`` roles).
"""

import re
import secrets
from dataclasses import dataclass, field

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.translation import gettext

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.rich_text import LinkHandler

from cms.core.fields import RichTextField

NOTE_FEATURES = ["bold", "italic", "link"]
ENDNOTES_TEMPLATE = "articles/includes/endnotes.html"
KEY = RegexValidator(r"^[a-z0-9]{1,16}$", "A note's key is up to 16 letters a–z and digits.")
# A stored reference (the database format) and a rendered one (``FootnoteLinkHandler``).
STORED_REFERENCE = re.compile(r'<a\b[^>]*\blinktype="footnote"[^>]*>', re.IGNORECASE)
STORED_KEY = re.compile(r'\bid="([^"]*)"')
STORED_ELEMENT = re.compile(r'<a\b[^>]*\blinktype="footnote"[^>]*>.*?</a>', re.IGNORECASE | re.S)
RENDERED_REFERENCE = re.compile(r'<a href="#fn-[^"]*" data-footnote="([^"]*)">.*?</a>', re.S)


def new_key() -> str:
    return secrets.token_hex(4)


class ArticleFootnote(Orderable):
    """One note of an article, in the editor's Notes panel."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="footnotes")
    key = models.CharField(max_length=16, blank=True, validators=[KEY])
    text = RichTextField(features=NOTE_FEATURES)

    # The key is written by the editor's reference button (footnotes.js), never typed.
    panels = [
        FieldPanel("key", widget=forms.HiddenInput, classname="footnote-key"),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "note"

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = new_key()
        super().save(*args, **kwargs)


class FootnoteLinkHandler(LinkHandler):
    """A stored reference, rendered as a link to its note; ``numbered`` then gives it its
    number and roles."""

    identifier = "footnote"

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        key = escape(attrs.get("id", ""))
        return f'<a href="#fn-{key}" data-footnote="{key}">'


def stored_keys(html: str) -> list[str]:
    """The keys of the references in stored rich text, in order."""
    keys = []
    for tag in STORED_REFERENCE.findall(html):
        found = STORED_KEY.search(tag)
        keys.append(found.group(1) if found else "")
    return keys


def without_references(html: str) -> str:
    """Stored rich text without its references: their "*" is no text of the article."""
    return STORED_ELEMENT.sub("", html)


def stored_reference(key: str) -> str:
    """A reference to the note ``key`` as paragraphs store it."""
    return f'<a linktype="footnote" id="{escape(key)}">*</a>'


def referenced_keys(raw_data) -> list[str]:
    """The keys a body's paragraphs reference, in reading order (repeats kept), read from
    its stored stream (``body.raw_data``, or blocks about to be stored): no block is built."""
    return [
        key
        for item in raw_data
        if item["type"] == "paragraph" and isinstance(item["value"], str)
        for key in stored_keys(item["value"])
    ]


def note_order(keys: list[str], notes) -> list[str]:
    """The keys of the notes in the order readers number them: by their first reference,
    each once, a reference to no note left out."""
    return [key for key in dict.fromkeys(keys) if key in notes]


@dataclass
class Endnote:
    number: int
    key: str
    text: str  # the note's stored rich text
    references: list[str] = field(default_factory=list)  # the ids of its references


def numbered(html: str, notes: dict[str, str]) -> tuple[str, list[Endnote]]:
    """The rendered body ``html`` with each reference numbered, and its endnotes in order.

    ``notes`` maps each key to the note's stored rich text. A reference to no note is
    dropped (the editor refuses to save one; this keeps a page readable whatever the data).
    """
    order = note_order(RENDERED_REFERENCE.findall(html), notes)
    endnotes = {key: Endnote(number, key, notes[key]) for number, key in enumerate(order, 1)}

    def reference(match: re.Match) -> str:
        note = endnotes.get(match.group(1))
        if note is None:
            return ""
        ref_id = f"fnref-{note.number}" + (
            f"-{len(note.references) + 1}" if note.references else ""
        )
        note.references.append(ref_id)
        return format_html(
            '<sup class="footnote-ref"><a href="#fn-{}" id="{}" role="doc-noteref" '
            'aria-label="{}">{}</a></sup>',
            note.number,
            ref_id,
            gettext("Note %(number)s") % {"number": note.number},
            note.number,
        )

    return RENDERED_REFERENCE.sub(reference, html), list(endnotes.values())


def notes_of(page_ids: list[int]) -> dict[int, dict[str, str]]:
    """The notes of several articles, by article and key, in one query (none for none)."""
    notes: dict[int, dict[str, str]] = {}
    if page_ids:
        for page_id, key, text in ArticleFootnote.objects.filter(page_id__in=page_ids).values_list(
            "page_id", "key", "text"
        ):
            notes.setdefault(page_id, {})[key] = text
    return notes


def endnotes_html(endnotes: list[Endnote]) -> str:
    """The notes section after a body (nothing when there are no notes)."""
    return render_to_string(ENDNOTES_TEMPLATE, {"endnotes": endnotes}) if endnotes else ""
