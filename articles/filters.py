"""The article index's filters, ``?tag=``, ``?topic=`` and ``?author=`` (slugs), and its
pages (``cms.core.pagination``)."""

from django.db.models import Exists, OuterRef

from taggit.models import Tag

from cms.core.pagination import keyset_page

from .credits import ArticlePageAuthor, ArticlePageTag, author_model
from .queries import NEWEST
from .reports import ReportSeries
from .taxonomy import Topic


def filter_articles(articles, request) -> dict:
    """Apply the filters and paginate.

    Unknown slugs give an empty list, not an error; the active filters are returned by
    name so the page can say what it is showing.
    """
    params = request.GET
    active = {}
    if slug := _slug_param(params, "tag", 100):
        tag = Tag.objects.filter(slug=slug).first()
        active["tag"] = tag.name if tag else slug
        articles = tagged(articles, tag) if tag else articles.none()
    if slug := _slug_param(params, "topic", 100):
        topic = Topic.objects.filter(slug=slug).first()
        active["topic"] = topic.name if topic else slug
        articles = filed_under(articles, topic) if topic else articles.none()
    if slug := _slug_param(params, "author", 255):
        author = author_model().objects.live().filter(slug=slug).first()
        active["author"] = author.title if author else slug
        articles = credited_to(articles, author) if author else articles.none()
    return {"articles": keyset_page(request, articles, NEWEST), "active_filters": active}


def filter_reports(reports, request) -> dict:
    """``filter_articles`` and ``?series=`` (a slug) and ``?year=``, with the choices of
    each: the series and the years there are reports in, and the topics reports are on,
    whatever is chosen."""
    params = request.GET
    active = {}
    every = reports.model.objects.filter(pk__in=reports.values("pk"))
    if slug := _slug_param(params, "series", 100):
        series = ReportSeries.objects.filter(slug=slug).first()
        active["series"] = series.name if series else slug
        reports = reports.filter(series=series) if series else reports.none()
    year = _slug_param(params, "year", 4)
    if year:
        active["year"] = year
        # A year the calendar has (1 to 9999); any other value finds nothing.
        valid = year.isdigit() and int(year) > 0
        reports = reports.filter(display_date__year=int(year)) if valid else reports.none()
    choices = {
        "series": ReportSeries.objects.filter(pk__in=every.values("series")),
        "topics": Topic.objects.filter(articles__in=every).distinct(),
        "years": every.dates("display_date", "year", order="DESC"),
    }
    found = filter_articles(reports.listing(), request)
    return {**found, "active_filters": {**active, **found["active_filters"]}, "choices": choices}


# Each filter is a subquery, not a join: no article twice, so no DISTINCT to count.
def tagged(articles, tag):
    return tagged_any(articles, [tag])


def tagged_any(articles, tags):
    """The articles with any of ``tags`` (tags, or a query of them)."""
    return articles.filter(_has(ArticlePageTag, "content_object", tag__in=tags))


def filed_under(articles, topic):
    return articles.filter(_has(articles.model.topics.through, "articlepage", topic=topic))


def credited_to(articles, author):
    return articles.filter(_has(ArticlePageAuthor, "page", author=author))


def _has(rows, article_field: str, **match) -> Exists:
    return Exists(rows.objects.filter(**{article_field: OuterRef("pk")}, **match))


def _slug_param(params, name: str, max_length: int) -> str:
    # PostgreSQL rejects NUL in a text value; no slug contains one anyway.
    return params.get(name, "")[:max_length].replace("\x00", "")
