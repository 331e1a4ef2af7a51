"""What search engines and social sites read: schema.org JSON-LD, OpenGraph and Twitter cards.

Nothing here queries the database: pages hand over what their ``get_context`` already
fetched, and image renditions come from Wagtail's rendition cache once made.
"""

import json

from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

SOCIAL_IMAGE_SPEC = "fill-1200x630"
PROFILE_IMAGE_SPEC = "fill-600x600"
LOGO = "cms/logo.png"

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text inside can end the
    script element or start a comment; the JSON means the same.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def image_url(image, spec: str, request) -> str:
    """The absolute URL of one rendition of ``image``, or "" when it cannot be made."""
    if image is None:
        return ""
    try:
        return request.build_absolute_uri(image.get_rendition(spec).url)
    except (OSError, ValueError):
        return ""


def organisation(site_settings, request) -> dict:
    return {
        "@type": "Organization",
        "name": site_settings.organisation_name,
        "url": request.build_absolute_uri("/"),
        "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static(LOGO))},
    }


def person(author, request, affiliation: str = "", role: str = "") -> dict:
    data = {"@type": "Person", "name": author.title, "url": author.get_full_url(request)}
    if affiliation:
        data["affiliation"] = {"@type": "Organization", "name": affiliation}
    if role:
        data["jobTitle"] = role
    return data


def news_article(page, request, credits, site_settings) -> dict:
    """schema.org ``NewsArticle`` for an article page, every author credited in order."""
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.search_description or page.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": page.language,
        "author": [
            person(c.author, request, affiliation=c.printed_affiliation, role=c.role)
            for c in credits
        ],
        "publisher": organisation(site_settings, request),
        "isAccessibleForFree": True,
    }
    if page.date:
        data["datePublished"] = page.date.isoformat()
    if modified := page.last_published_at or page.date:
        data["dateModified"] = modified.isoformat()
    if image := image_url(page.hero_image, SOCIAL_IMAGE_SPEC, request):
        data["image"] = [image]
    if page.article_type:
        data["articleSection"] = page.article_type.name
    if page.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": page.doi}
        data["sameAs"] = f"https://doi.org/{page.doi}"
    return data


def profile_page(page, request) -> dict:
    """schema.org ``ProfilePage`` about the ``Person`` an author page presents."""
    author = {"@type": "Person", "name": page.title, "url": page.get_full_url(request)}
    if page.affiliation:
        author["jobTitle"] = page.affiliation
    if image := image_url(page.photo, PROFILE_IMAGE_SPEC, request):
        author["image"] = image
    links = [link.value["url"] for link in page.links if link.block_type == "link"]
    if links:
        author["sameAs"] = links
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": page.get_full_url(request),
        "mainEntity": author,
    }


def social_meta(page, request, site_settings, title: str = "", description: str = "") -> dict:
    """OpenGraph and Twitter card values for any page (or a view with no page)."""
    og_type = getattr(page, "og_type", "website")
    image = None
    if og_type == "article":
        image = image_url(page.hero_image, SOCIAL_IMAGE_SPEC, request)
    elif og_type == "profile":
        image = image_url(page.photo, PROFILE_IMAGE_SPEC, request)
    if page is not None:
        title = title or page.seo_title or page.title
        description = description or page.search_description or getattr(page, "standfirst", "")
        if og_type == "profile":
            description = description or page.affiliation
        url = page.get_full_url(request) or request.build_absolute_uri(request.path)
    else:
        url = request.build_absolute_uri(request.path)
    return {
        "title": title or site_settings.organisation_name,
        "description": description,
        "type": og_type,
        "url": url,
        "image": image,
        "site_name": site_settings.organisation_name,
        "card": "summary_large_image" if image else "summary",
        "published": getattr(page, "date", None) if og_type == "article" else None,
    }
