"""The reader search page, its JSON twin and the search-box suggestions.

Parameters (all optional, filters repeatable): ``q``, ``tag``, ``author``, ``topic``,
``type`` (slugs), ``from``, ``to`` (YYYY-MM-DD), ``sort`` (relevance | newest), ``page``.
"""

from datetime import date

from django.http import HttpRequest, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from articles.models import Topic
from cms.core.errors import retry_later

from . import service
from .results import SearchResult
from .text import clean

# Query parameter, the filter it sets, its label.
FILTERS = (
    ("tag", "tags", gettext_lazy("Tag")),
    ("author", "authors", gettext_lazy("Author")),
    ("topic", "topics", gettext_lazy("Topic")),
    ("type", "types", gettext_lazy("Type")),
    ("lang", "languages", gettext_lazy("Language")),
)
# The heading of each facet's values.
FACET_HEADINGS = {
    "tags": gettext_lazy("Tags"),
    "authors": gettext_lazy("Authors"),
    "topics": gettext_lazy("Topics"),
    "types": gettext_lazy("Types"),
    "languages": gettext_lazy("Languages"),
    "years": gettext_lazy("Years"),
}
MAX_PARAM_CHARS = 1000
# The page lists this many values of each facet, the most frequent; the API gives them all.
FACETS_SHOWN = 20
TOO_BROAD = gettext_lazy(
    "This search matches too much of the archive to be answered right now. Add a word or a "
    "filter, or try again in a few minutes."
)


def read_params(params: QueryDict) -> tuple[dict, list[str]]:
    """Keyword arguments for ``service.search`` and what was wrong with the dates."""
    errors = []
    dates = {}
    for name, key in (("from", "date_from"), ("to", "date_to")):
        value = params.get(name, "").strip()[:MAX_PARAM_CHARS]
        if not value:
            continue
        try:
            if len(value) != 10:
                raise ValueError
            dates[key] = date.fromisoformat(value)
        except ValueError:
            errors.append(
                gettext("“%(value)s” is not a date in the form YYYY-MM-DD (%(name)s).")
                % {"value": value, "name": name}
            )
    arguments = {
        "query": params.get("q", "")[: MAX_PARAM_CHARS * 10],
        **{key: params.getlist(name)[:50] for name, key, _ in FILTERS},
        **dates,
        "sort": params.get("sort", "relevance"),
        "page": params.get("page", "1")[:10],
    }
    return arguments, errors


@require_GET
def search_page(request: HttpRequest) -> TemplateResponse:
    arguments, errors = read_params(request.GET)
    result = service.search(**arguments, request=request, facet_values=FACETS_SHOWN)
    context = {
        "result": result,
        "hits": [(hit, [highlighted(f) for f in hit.highlights]) for hit in result.hits],
        "query": result.query,
        "date_errors": errors,
        "sort": "newest" if arguments["sort"] == "newest" or not result.query else "relevance",
        "sort_links": _sort_links(request.GET, arguments["sort"]),
        "active_filters": _active_filters(request.GET, result),
        "facet_groups": _facet_groups(request.GET, result),
        "page_links": _page_links(request.GET, result),
        "searched": bool(result.query or any(arguments[key] for _, key, _ in FILTERS)),
        "too_broad": TOO_BROAD if result.too_broad else "",
    }
    if not result.hits:
        context["browse_topics"] = list(Topic.objects.order_by("name")[:20])
    response = TemplateResponse(request, "search/search.html", context)
    # A search the database gave up on: to be narrowed or asked again later.
    return retry_later(response) if result.too_broad else response


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    arguments, errors = read_params(request.GET)
    if errors:
        return JsonResponse({"error": " ".join(errors)}, status=400)
    result = service.search(**arguments, request=request)
    if result.too_broad:
        return retry_later(JsonResponse({"error": str(TOO_BROAD)}))
    return JsonResponse(as_json(result, request), json_dumps_params={"ensure_ascii": False})


@require_GET
def suggest_api(request: HttpRequest) -> JsonResponse:
    text = request.GET.get("q", "")[:MAX_PARAM_CHARS]
    suggestions = [
        {**s, "url": request.build_absolute_uri(s["url"]) if s["url"] else ""}
        for s in service.suggest(text, request=request)
    ]
    return JsonResponse(
        {"query": clean(text), "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )


def as_json(result: SearchResult, request: HttpRequest) -> dict:
    """The ``/api/search/`` answer (docs/architecture.md fixes its shape); URLs absolute."""

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if url else ""

    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "backend": result.backend,
        "degraded": result.degraded,
        "hits": [
            {
                "title": hit.title,
                "url": absolute(hit.url),
                "standfirst": hit.standfirst,
                "date": hit.date.isoformat() if hit.date else None,
                "type": hit.type,
                "language": hit.language,
                "authors": [{**a, "url": absolute(a["url"])} for a in hit.authors],
                "tags": hit.tags,
                "topics": hit.topics,
                "highlights": hit.highlights,
                "found_in": (
                    {**hit.found_in, "url": absolute(hit.found_in["url"])} if hit.found_in else None
                ),
            }
            for hit in result.hits
        ],
        "facets": result.facets,
        "suggestions": result.suggestions,
    }


def _link(params: QueryDict, **changes) -> str:
    """``?…`` with ``changes`` applied (None removes a key; a list replaces all its values);
    the page is reset, since a new filter or order starts at its first page."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        elif isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _sort_links(params: QueryDict, current: str) -> list[dict]:
    return [
        {"label": label, "url": _link(params, sort=value), "current": current == value}
        for value, label in (
            ("relevance", gettext("Relevance")),
            ("newest", gettext("Newest first")),
        )
    ]


def _names(result: SearchResult, kind: str) -> dict[str, str]:
    return {b["slug"]: _shown_name(kind, b["name"]) for b in result.facets.get(kind, [])}


def _shown_name(kind: str, name: str) -> str:
    """A facet value's name as the page shows it: a language's in the page's language
    ("Russian" is "Русский" on a Russian page), any other as it is."""
    return gettext(name) if kind == "languages" and name else name


def _active_filters(params: QueryDict, result: SearchResult) -> list[dict]:
    active = []
    for name, kind, label in FILTERS:
        values = params.getlist(name)
        names = _names(result, kind)
        for value in dict.fromkeys(values):
            remaining = [v for v in values if v != value]
            active.append(
                {
                    "label": label,
                    "name": names.get(value, value),
                    "remove_url": _link(params, **{name: remaining}),
                }
            )
    for name, date_label in (("from", gettext("From")), ("to", gettext("To"))):
        if params.get(name):
            active.append(
                {
                    "label": date_label,
                    "name": params.get(name, ""),
                    "remove_url": _link(params, **{name: None}),
                }
            )
    return active


def _facet_groups(params: QueryDict, result: SearchResult) -> list[dict]:
    groups = []
    for name, kind, _label in FILTERS:
        values = params.getlist(name)
        buckets = []
        # The FACETS_SHOWN most frequent, the search answered (a value the reader chose
        # is on every hit: among them).
        for bucket in result.facets.get(kind, []):
            slug = bucket["slug"]
            active = slug in values
            changed = [v for v in values if v != slug] if active else [*values, slug]
            buckets.append(
                {
                    **bucket,
                    "name": _shown_name(kind, bucket["name"]),
                    "active": active,
                    "url": _link(params, **{name: changed}),
                }
            )
        if buckets:
            groups.append({"label": FACET_HEADINGS[kind], "buckets": buckets})
    years = [
        {
            "name": str(b["key"]),
            "count": b["count"],
            "active": params.get("from") == f"{b['key']}-01-01"
            and params.get("to") == f"{b['key']}-12-31",
            "url": _link(params, **{"from": f"{b['key']}-01-01", "to": f"{b['key']}-12-31"}),
        }
        for b in result.facets.get("years", [])
    ]
    if years:
        groups.append({"label": FACET_HEADINGS["years"], "buckets": years})
    return groups


def _page_links(params: QueryDict, result: SearchResult) -> dict:
    def page(number: int) -> str:
        query = params.copy()
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    return {
        "previous": page(result.previous_page_number) if result.has_previous else "",
        "next": page(result.next_page_number) if result.has_next else "",
        "last": page(result.pages),
    }


def highlighted(fragment: str) -> str:
    """A fragment that is already escaped HTML with <mark> tags (escaped by Elasticsearch's
    html encoder or by ``search.text.highlight``), safe to render as it is."""
    return mark_safe(fragment)  # noqa: S308 (escaped before it arrives, see above)
