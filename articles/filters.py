"""The article index's filters: ``?tag=``, ``?topic=``, ``?author=`` (slugs) and ``?page=``."""

from django.db.models import Exists, OuterRef

from taggit.models import Tag

from cms.core.pagination import paginate

from .credits import ArticlePageAuthor, ArticlePageTag, author_model
from .taxonomy import Topic


def filter_articles(articles, params) -> dict:
    """Apply the filters and paginate.

    Unknown slugs give an empty list, not an error; the active filters are returned by
    name so the page can say what it is showing.
    """
    active = {}
    if slug := _slug_param(params, "tag", 100):
        tag = Tag.objects.filter(slug=slug).first()
        active["tag"] = tag.name if tag else slug
        articles = (
            articles.filter(_has(ArticlePageTag, "content_object", tag=tag))
            if tag
            else articles.none()
        )
    if slug := _slug_param(params, "topic", 100):
        topic = Topic.objects.filter(slug=slug).first()
        active["topic"] = topic.name if topic else slug
        filed = articles.model.topics.through
        articles = (
            articles.filter(_has(filed, "articlepage", topic=topic)) if topic else articles.none()
        )
    if slug := _slug_param(params, "author", 255):
        author = author_model().objects.live().filter(slug=slug).first()
        active["author"] = author.title if author else slug
        credited = _has(ArticlePageAuthor, "page", author=author)
        articles = articles.filter(credited) if author else articles.none()
    # Each filter is a subquery, not a join: no article twice, so no DISTINCT to count.
    return {"articles": paginate(articles, params), "active_filters": active}


def _has(rows, article_field: str, **match) -> Exists:
    return Exists(rows.objects.filter(**{article_field: OuterRef("pk")}, **match))


def _slug_param(params, name: str, max_length: int) -> str:
    # PostgreSQL rejects NUL in a text value; no slug contains one anyway.
    return params.get(name, "")[:max_length].replace("\x00", "")
