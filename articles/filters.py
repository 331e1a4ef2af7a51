"""The article index's filters: ``?tag=``, ``?topic=``, ``?author=`` (slugs) and ``?page=``."""

from taggit.models import Tag

from cms.core.pagination import paginate

from .credits import author_model
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
        articles = articles.filter(tagged_items__tag=tag) if tag else articles.none()
    if slug := _slug_param(params, "topic", 100):
        topic = Topic.objects.filter(slug=slug).first()
        active["topic"] = topic.name if topic else slug
        articles = articles.filter(topics=topic) if topic else articles.none()
    if slug := _slug_param(params, "author", 255):
        author = author_model().objects.live().filter(slug=slug).first()
        active["author"] = author.title if author else slug
        articles = articles.filter(article_authors__author=author) if author else articles.none()
    return {"articles": paginate(articles.distinct(), params), "active_filters": active}


def _slug_param(params, name: str, max_length: int) -> str:
    # PostgreSQL rejects NUL in a text value; no slug contains one anyway.
    return params.get(name, "")[:max_length].replace("\x00", "")
