"""The reader search: one call, answered by Elasticsearch or, failing that, the database.

``search(...)`` is what the search page, the JSON API and anything else call. With
``ELASTICSEARCH_URL`` unset it answers from Wagtail's database search backend. With it set,
it sends one request to the cluster. When the cluster fails (unreachable, slow, 429, 5xx)
the same call answers from the database with ``degraded=True`` and the circuit breaker
sends the next searches there too for a while; when the cluster rejects this one request
(a 4xx), this request alone is answered from the database, and the rejection is logged.
A query with no word in it finds nothing, on either backend.
"""

from collections.abc import Iterable
from datetime import date

from articles.models import ArticlePage

from . import breaker
from .backends import database
from .backends import elasticsearch as es
from .connection import ES_ERRORS, is_configured
from .results import MAX_RESULT_WINDOW, SearchParams, SearchResult
from .text import clean, parse

SORTS = ("relevance", "newest")
PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_FILTER_VALUES = 20
MAX_SLUG_LENGTH = 255


def search(
    query: str = "",
    *,
    tags: Iterable[str] = (),
    authors: Iterable[str] = (),
    topics: Iterable[str] = (),
    types: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
    request=None,
) -> SearchResult:
    """Search live, public articles. Filters take slugs; see docs/search.md."""
    params = make_params(
        query,
        tags=tags,
        authors=authors,
        topics=topics,
        types=types,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    if params.query.has_text and not params.query.searchable:
        return SearchResult.empty(params, es.BACKEND if is_configured() else database.BACKEND)
    if not is_configured():
        return database.search(params, request)
    if breaker.is_open():
        return _degraded(params, request)
    try:
        answer = es.fetch(params)
    except ES_ERRORS as exc:
        breaker.record_error(exc, "search")
        return _degraded(params, request)
    breaker.record_success()
    return es.result(params, answer, request)


def make_params(
    query: str = "",
    *,
    tags: Iterable[str] = (),
    authors: Iterable[str] = (),
    topics: Iterable[str] = (),
    types: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchParams:
    per_page = min(max(_int(per_page, PER_PAGE), 1), MAX_PER_PAGE)
    # Elasticsearch serves from+size ≤ 10,000; deeper pages are clamped to the last one.
    page = min(max(_int(page, 1), 1), MAX_RESULT_WINDOW // per_page)
    return SearchParams(
        query=parse(query),
        tags=_slugs(tags),
        authors=_slugs(authors),
        topics=_slugs(topics),
        types=_slugs(types),
        date_from=date_from,
        date_to=date_to,
        sort=sort if sort in SORTS else "relevance",
        page=page,
        per_page=per_page,
    )


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _slugs(values: Iterable[str]) -> list[str]:
    if isinstance(values, str):
        values = [values]
    found = []
    for value in values or ():
        slug = clean(str(value))[:MAX_SLUG_LENGTH]
        if slug and slug not in found:
            found.append(slug)
    return found[:MAX_FILTER_VALUES]


def _degraded(params: SearchParams, request) -> SearchResult:
    result = database.search(params, request)
    result.degraded = True
    return result


def suggest(text: str, limit: int = 8) -> list[dict]:
    """Search-box suggestions: article titles, then authors, tags and topics.

    Each is ``{"type": "article"|"author"|"tag"|"topic", "label": ..., "url": ...}``.
    """
    text = clean(text)[:100]
    if len(text) < 2:
        return []
    if is_configured() and not breaker.is_open():
        try:
            ids = es.suggest_article_ids(text, limit)
        except ES_ERRORS as exc:
            breaker.record_error(exc, "suggest")
        else:
            breaker.record_success()
            return _suggested_articles(ids) + database.suggest(text, limit, articles=False)
    return database.suggest(text, limit)


def _suggested_articles(ids: list[int]) -> list[dict]:
    found = {
        a.pk: a
        for a in ArticlePage.objects.for_readers().filter(pk__in=ids).only("title", "url_path")
    }
    return [
        {"type": "article", "label": found[pk].title, "url": found[pk].get_url() or ""}
        for pk in ids
        if pk in found
    ]
