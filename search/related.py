"""Automatic related articles: the one place that decides what "related" means.

On Elasticsearch: the articles most like this one (more_like_this over title, standfirst,
body and tags, with the page's own indexed document as the example). Without it, while it
fails, or when it finds none: the articles sharing the most tags and topics, newest first,
from the database.
"""

from django.db.models import Case, IntegerField, Value, When

from articles.models import ArticlePage
from articles.related import shared_terms

from . import breaker
from .backends import elasticsearch as es
from .connection import ES_ERRORS, is_configured


def related_articles(page, limit: int = 3, request=None):
    """Up to ``limit`` articles a reader may see related to ``page``, as a queryset (one
    query). Installed as the articles' related provider when the app starts."""
    if is_configured() and not breaker.is_open():
        try:
            # A few spare, in case some hits are no longer live or public.
            ids = es.more_like_this_ids(page, limit + 5)
        except ES_ERRORS as exc:
            breaker.record_error(exc, "related articles")
        else:
            breaker.record_success()
            if ids:
                return _in_order(ids, limit, request)
    return shared_terms(page, limit, request)


def _in_order(ids: list[int], limit: int, request):
    position = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    articles = ArticlePage.objects.for_readers(request).listing()
    return articles.filter(pk__in=ids).order_by(position)[:limit]
