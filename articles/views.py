"""The tag and topic archives (one view, told which kind of term it lists) and the page a
review link opens."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_safe

from taggit.models import Tag

from cms.core.pagination import keyset_page

from .filters import filed_under, tagged
from .models import ArticlePage, ReviewLink
from .queries import NEWEST
from .taxonomy import Topic


@dataclass(frozen=True)
class Archive:
    """One kind of archive. Its words are in English, translated as the page is shown."""

    kind: str  # the URL names' prefix: "tag" → articles:tag, articles:tag_feed, ...
    label: str  # the page's eyebrow: "Tag"
    model: type[Tag] | type[Topic]
    filed: Callable  # (articles, term) → the articles filed under the term
    summary: str  # the description of a term that has none, of the term's %(name)s
    follow: str  # before the feed links


ARCHIVES = {
    "tag": Archive(
        "tag",
        gettext_noop("Tag"),
        Tag,
        tagged,
        gettext_noop("Articles filed under the tag %(name)s."),
        gettext_noop("Follow this tag:"),
    ),
    "topic": Archive(
        "topic",
        gettext_noop("Topic"),
        Topic,
        filed_under,
        gettext_noop("Articles filed under the topic %(name)s."),
        gettext_noop("Follow this topic:"),
    ),
}


def archive(request, kind: str, slug: str):
    """The articles filed under one tag or topic, newest first, with its feeds."""
    spec = ARCHIVES[kind]
    term = get_object_or_404(spec.model, slug=slug)
    articles = ArticlePage.objects.for_readers(request).listing()
    articles = spec.filed(articles, term)
    return TemplateResponse(
        request,
        "articles/archive.html",
        {
            "title": term.name,
            "kind": gettext(spec.label),
            "description": getattr(term, "description", ""),
            "summary": gettext(spec.summary) % {"name": term.name},
            "follow": gettext(spec.follow),
            "articles": keyset_page(request, articles, NEWEST),
            "feed_urls": {
                "rss": reverse(f"articles:{kind}_feed", args=[term.slug]),
                "atom": reverse(f"articles:{kind}_feed_atom", args=[term.slug]),
            },
        },
    )


# What a review page must never do: be indexed, be cached, or hand its URL (the token) to
# a site the reviewer follows a link to.
REVIEW_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
}


@require_safe
def review(request, token: str):
    """The article's latest revision, rendered as Wagtail's preview renders it, with the
    "not published" banner; the same 404 for a wrong, expired or revoked token."""
    link = ReviewLink.objects.for_token(token)
    if link is None:
        raise Http404
    draft = link.page.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = draft.default_preview_mode
    response = draft.serve_preview(request, draft.default_preview_mode)
    response.context_data["review_preview"] = True
    for header, value in REVIEW_HEADERS.items():
        response[header] = value
    return response
