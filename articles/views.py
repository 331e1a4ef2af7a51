"""The tag and topic archives: one view, told which kind of term it lists."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from taggit.models import Tag

from cms.core.pagination import paginate

from .models import ArticlePage
from .taxonomy import Topic


@dataclass(frozen=True)
class Archive:
    kind: str  # the URL names' prefix: "tag" → articles:tag, articles:tag_feed, ...
    label: str
    model: type[Tag] | type[Topic]
    articles_lookup: str  # how an article refers to the term


ARCHIVES = {
    "tag": Archive("tag", "Tag", Tag, "tagged_items__tag"),
    "topic": Archive("topic", "Topic", Topic, "topics"),
}


def archive(request, kind: str, slug: str):
    """The articles filed under one tag or topic, newest first, with its feeds."""
    spec = ARCHIVES[kind]
    term = get_object_or_404(spec.model, slug=slug)
    articles = ArticlePage.objects.for_readers(request).listing()
    articles = articles.filter(**{spec.articles_lookup: term}).distinct()
    return TemplateResponse(
        request,
        "articles/archive.html",
        {
            "title": term.name,
            "kind": spec.label,
            "description": getattr(term, "description", ""),
            "articles": paginate(articles, request.GET),
            "feed_urls": {
                "rss": reverse(f"articles:{kind}_feed", args=[term.slug]),
                "atom": reverse(f"articles:{kind}_feed_atom", args=[term.slug]),
            },
        },
    )
