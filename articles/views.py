from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from taggit.models import Tag

from .models import Topic, paginate
from .queries import live_articles


def tag_archive(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = live_articles().filter(tagged_items__tag=tag).distinct()
    return TemplateResponse(
        request,
        "articles/archive.html",
        {
            "title": tag.name,
            "kind": "Tag",
            "articles": paginate(articles, request.GET),
            "feed_urls": _feed_urls("tag", tag.slug),
        },
    )


def topic_archive(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = live_articles().filter(topics=topic).distinct()
    return TemplateResponse(
        request,
        "articles/archive.html",
        {
            "title": topic.name,
            "kind": "Topic",
            "description": topic.description,
            "articles": paginate(articles, request.GET),
            "feed_urls": _feed_urls("topic", topic.slug),
        },
    )


def _feed_urls(kind: str, slug: str) -> dict:
    return {
        "rss": reverse(f"articles:{kind}_feed", args=[slug]),
        "atom": reverse(f"articles:{kind}_feed_atom", args=[slug]),
    }
