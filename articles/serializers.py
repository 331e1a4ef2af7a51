"""Serializer fields for ``ArticlePage.api_fields``: what the page shows, as JSON.

Each reads from the page instance (``source="*"``) or one relation and needs no request
beyond the serializer context Wagtail's API gives it.
"""

from rest_framework import serializers

from cms.core.models import SiteSettings
from cms.core.serializers import RichTextHTMLField

from .footnotes import note_order, referenced_keys
from .related import related_section
from .reports import pdfs_of


def _request(field):
    return field.context.get("request")


class SlugNameField(serializers.Field):
    """An article type as ``{"name", "slug"}``, or tags and topics as a list of them."""

    def __init__(self, many: bool = False, **kwargs):
        self.many = many
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if self.many:
            return [{"name": item.name, "slug": item.slug} for item in value.all()]
        return {"name": value.name, "slug": value.slug}


class CreditsField(serializers.Field):
    """Every author, in order: name, slug, affiliation as printed, role, profile URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = _request(self)
        credits = page.ordered_credits()
        return [
            {
                "id": credit.author_id,
                "name": credit.author.title,
                "slug": credit.author.slug,
                "affiliation": credit.printed_affiliation,
                "role": credit.role,
                "url": credit.author.get_full_url(request),
            }
            for credit in credits
        ]


class RelatedItemsField(serializers.Field):
    """The related articles as the page shows them: picks that are still live and public,
    or the automatic ones."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = _request(self)
        _, section = related_section(page, request)
        return {
            "heading": section.heading,
            "automatic": section.automatic,
            "items": [
                {
                    "title": item.title,
                    "url": request.build_absolute_uri(item.url) if request else item.url,
                    "teaser": item.teaser,
                    "external": item.external,
                    "authors": [c.author.title for c in item.authors]
                    or ([item.author_name] if item.author_name else []),
                }
                for item in section.items
            ],
        }


class DisclaimerField(serializers.Field):
    """The disclaimer the page ends with (its own, the site's default, or none)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = _request(self)
        site_settings = SiteSettings.for_request(request) if request else None
        disclaimer = page.effective_disclaimer(site_settings) if site_settings else None
        if disclaimer is None:
            return None
        return {
            "name": disclaimer.name,
            "text": RichTextHTMLField().to_representation(disclaimer.text),
        }


class FootnotesField(serializers.Field):
    """The notes as readers see them, numbered by their first reference in the body:
    ``{"number", "key", "text"}``, the key as the body's stored references
    (``<a linktype="footnote" id="KEY">``) name it, the text as HTML."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        keys = referenced_keys(page.body.raw_data)
        if not keys:
            return []
        notes = {note.key: note.text for note in page.footnotes.all()}
        order = note_order(keys, notes)
        html = RichTextHTMLField()
        return [
            {"number": number, "key": key, "text": html.to_representation(notes[key])}
            for number, key in enumerate(order, 1)
        ]


class DocumentsField(serializers.Field):
    """An article's PDFs: title, download URL, file name, language, pages and bytes."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = _request(self)
        return [
            {
                "title": pdf.title,
                "url": request.build_absolute_uri(pdf.url) if request else pdf.url,
                "filename": pdf.filename,
                "language": pdf.language,
                "pages": pdf.page_count,
                "size": pdf.size,
            }
            for pdf in pdfs_of(page)
        ]
