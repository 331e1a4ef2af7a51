"""Small template helpers shared by every reader-facing template."""

from django import template

from wagtail.models import Page

from cms.core.models import SiteSettings
from cms.core.seo import json_ld as render_json_ld
from cms.core.seo import social_meta as build_social_meta
from cms.core.translations import translations

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context, query: str = "") -> str:
    """The absolute URL of what is shown, without the reader's query string.

    A Wagtail page gives its own full URL (from the site's configured hostname); other
    views give the request's path. A listing's page past the first keeps its ``query``
    (``page=2``, ``before=<key>``: ``cms.core.pagination.Listing.query``), because each page
    of a listing is its own document.
    """
    request = context.get("request")
    page = context.get("page")
    url = ""
    if page is not None and hasattr(page, "get_full_url"):
        url = page.get_full_url(request) or ""
    if not url and request is not None:
        url = request.build_absolute_uri(request.path)
    if query:
        url = f"{url}?{query}"
    return url


@register.inclusion_tag("cms/includes/social_meta.html", takes_context=True)
def social_meta(context) -> dict:
    """OpenGraph and Twitter card ``<meta>`` tags for what is shown.

    A Wagtail page describes itself; another view passes ``title`` (with ``kind``) and
    ``description`` in its context.
    """
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    title = description = ""
    if not isinstance(page, Page):
        page = None
        title = ": ".join(str(v) for v in (context.get("kind"), context.get("title")) if v)
        description = str(context.get("description") or "")
    site_settings = SiteSettings.for_request(request)
    return {"meta": build_social_meta(page, request, site_settings, title, description)}


@register.inclusion_tag("cms/includes/language_alternates.html", takes_context=True)
def language_alternates(context) -> dict:
    """``<link rel="alternate" hreflang>`` for each language the page shown is in, itself
    included, and ``x-default`` for the site's own language's version."""
    request, page = context.get("request"), context.get("page")
    if request is None or not isinstance(page, Page) or page.pk is None:
        return {}
    return {"versions": translations(page, request)}


@register.filter
def startswith(text: str, prefix: str) -> bool:
    """``{% if request.path|startswith:url %}``"""
    return str(text).startswith(str(prefix))


# Originals whose renditions are encoded losslessly: charts, maps and screenshots stay sharp.
LOSSLESS_EXTENSIONS = (".png",)


@register.filter
def lossless(image) -> bool:
    """``{% if image|lossless %}``: render it as lossless WebP and PNG, not lossy formats."""
    return bool(image) and image.filename.lower().endswith(LOSSLESS_EXTENSIONS)


@register.filter
def json_ld(data) -> str:
    """``{{ structured_data|json_ld }}``: a safe ``<script type="application/ld+json">``."""
    return render_json_ld(data) if data else ""
