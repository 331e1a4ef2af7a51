"""The reader search: one call, answered by Elasticsearch or, failing that, the database.

``search(...)``, ``suggest(...)`` and ``related_articles(...)`` are what the search page,
the JSON API, article pages and anything else call. With ``ELASTICSEARCH_URL`` unset they
are answered by the database backend. With it set, by the cluster; when the cluster fails
(unreachable, slow, 429, 5xx) the same call is answered by the database (a search says so
with ``degraded=True``) and the circuit breaker sends the next calls there too for a while;
when the cluster rejects this one request (a 4xx), this request alone is answered by the
database, and the rejection is logged. A query with no word in it finds nothing, on either
backend.
"""

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar, Unpack

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language

from wagtail.search import index

from articles.models import LANGUAGES, ArticlePage
from cms.core.visibility import site_root_paths

from . import breaker, outbox
from .backends.base import SearchBackend
from .backends.database import DatabaseBackend
from .backends.elasticsearch import ElasticsearchBackend
from .connection import ES_ERRORS, is_configured
from .results import MAX_RESULT_WINDOW, SearchFilters, SearchParams, SearchResult
from .text import clean, parse

SORTS = ("relevance", "newest")
PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_FILTER_VALUES = 20
MAX_SLUG_LENGTH = 255

DATABASE: SearchBackend = DatabaseBackend()
ELASTICSEARCH: SearchBackend = ElasticsearchBackend()

T = TypeVar("T")


def _answer(what: str, ask: Callable[[SearchBackend], T]) -> tuple[T, bool]:
    """``ask`` Elasticsearch when it is configured and healthy, else the database; the flag
    is True when the database answered because the cluster failed."""
    if not is_configured():
        return ask(DATABASE), False
    if breaker.is_open():
        return ask(DATABASE), True
    try:
        answer = ask(ELASTICSEARCH)
    except ES_ERRORS as exc:
        breaker.record_error(exc, what)
        return ask(DATABASE), True
    breaker.record_success()
    return answer, False


def search(
    query: str = "",
    *,
    request=None,
    facet_values: int | None = None,
    **filters: Unpack[SearchFilters],
) -> SearchResult:
    """Search the articles a reader may see. Filters take slugs; see docs/search.md.
    ``facet_values``: how many of each facet's most frequent values to answer (the search
    page's few), if not all. A search for a ``request`` prefers the reader's language."""
    params = replace(
        make_params(query, **filters),
        site_roots=site_root_paths(request),
        facet_values=facet_values,
        reader_language=reader_language(request),
    )
    if params.query.has_text and not params.query.searchable:
        backend = ELASTICSEARCH if is_configured() else DATABASE
        return SearchResult.empty(params, backend.name)
    result, degraded = _answer("search", lambda backend: backend.search(params, request))
    result.degraded = degraded
    return result


def reader_language(request) -> str | None:
    """The language the reader reads the site in: the one the URL's prefix names (``/ru/``),
    which is the active language (``cms.core.middleware.url_language``); one articles are
    not written in counts as the site's. None without a request."""
    if request is None:
        return None
    language = get_language()
    return language if language in dict(LANGUAGES) else settings.LANGUAGE_CODE


def make_params(query: str = "", **filters: Unpack[SearchFilters]) -> SearchParams:
    """``filters`` normalised: slugs cleaned and deduplicated, the page inside the window."""
    per_page = min(max(_int(filters.get("per_page"), PER_PAGE), 1), MAX_PER_PAGE)
    # Elasticsearch serves from+size ≤ 10,000; deeper pages are clamped to the last one.
    page = min(max(_int(filters.get("page"), 1), 1), MAX_RESULT_WINDOW // per_page)
    sort = filters.get("sort", "relevance")
    return SearchParams(
        query=parse(query),
        tags=_slugs(filters.get("tags", ())),
        authors=_slugs(filters.get("authors", ())),
        topics=_slugs(filters.get("topics", ())),
        types=_slugs(filters.get("types", ())),
        languages=_slugs(filters.get("languages", ())),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
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
    found: list[str] = []
    for value in values or ():
        slug = clean(str(value))[:MAX_SLUG_LENGTH]
        if slug and slug not in found:
            found.append(slug)
    return found[:MAX_FILTER_VALUES]


def suggest(text: str, limit: int = 8, request=None) -> list[dict]:
    """Search-box suggestions: article titles, then authors, tags and topics.

    Each is ``{"type": "article"|"author"|"tag"|"topic", "label": ..., "url": ...}``.
    """
    text = clean(text)[:100]
    if len(text) < 2:
        return []
    suggestions, _ = _answer("suggest", lambda backend: backend.suggest(text, limit, request))
    return suggestions


def related_articles(page, limit: int = 3, request=None) -> QuerySet:
    """Up to ``limit`` articles a reader may see, related to ``page`` (one query).

    On Elasticsearch the articles most like this one (more_like_this over title,
    standfirst, body and tags); without it, while it fails or when it finds none, those
    sharing the most tags and topics. Installed as the articles' related provider when the
    app starts.
    """
    related, _ = _answer("related articles", lambda b: b.related(page, limit, request))
    return related


def articles_changed(page_ids: Iterable[int]) -> None:
    """Index again the articles whose indexed text changed outside a save of theirs (a
    PDF's text read): in the database backend's index now, in Elasticsearch's through the
    outbox."""
    ids = sorted(set(page_ids))
    for page in ArticlePage.objects.filter(pk__in=ids):
        index.insert_or_update_object(page)
    if is_configured():
        outbox.record(ids)
