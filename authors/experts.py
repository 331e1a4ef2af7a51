"""The expert directory, ``/experts/``: the experts a reader may see
(``AuthorPageQuerySet.experts``), by name, filtered by ``?topic=<slug>`` and
``?language=<code>`` (together or apart), 24 a page.

Each filter lists its values with the number of experts a click on it gives: a topic's
count is taken among the experts the chosen language leaves, a language's among those the
chosen topic leaves. An unknown value gives an empty list. The page costs the same number
of queries whatever the number of experts (tests/test_query_budgets.py).
"""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from cms.core.pagination import paginate

from .languages import LANGUAGE_NAMES, LANGUAGE_ORDER, SpokenLanguage
from .models import AuthorPage

EXPERTS_PER_PAGE = 24


@require_safe
def expert_directory(request: HttpRequest) -> TemplateResponse:
    topic = _param(request.GET, "topic", 100)
    language = _param(request.GET, "language", 8)
    everyone = AuthorPage.objects.for_readers(request).experts()
    by_topic = everyone.expert_in(topic) if topic else everyone
    by_language = everyone.speaking(language) if language else everyone
    chosen = by_topic.speaking(language) if language else by_topic
    current = {"topic": topic, "language": language}
    experts = paginate(chosen.directory(), request.GET, per_page=EXPERTS_PER_PAGE)
    experts.object_list = [(expert, expert.expert_facts()) for expert in experts]
    topics = _with_links(current, "topic", topic_counts(everyone, by_language, topic))
    languages = _with_links(current, "language", language_counts(everyone, by_topic, language))
    return TemplateResponse(
        request,
        "authors/expert_directory.html",
        {
            "title": gettext("Experts"),
            "description": gettext("Our experts by topic and language, for journalists."),
            "experts": experts,
            "filters": [(gettext("Topics"), topics), (gettext("Languages"), languages)],
            "filtered": bool(topic or language),
        },
    )


def topic_counts(everyone, among, chosen: str) -> list[dict]:
    """Every topic some expert knows, by name, with how many of ``among`` know it: those
    with none left out, unless chosen."""
    through = AuthorPage._meta.get_field("expertise").remote_field.through
    rows = (
        through.objects.filter(authorpage__in=everyone.values("pk"))
        .values("topic__slug", "topic__name")
        .annotate(count=Count("pk", filter=Q(authorpage__in=among.values("pk"))))
        .order_by("topic__name")
    )
    return [
        {
            "value": row["topic__slug"],
            "name": row["topic__name"],
            "count": row["count"],
            "chosen": row["topic__slug"] == chosen,
        }
        for row in rows
        if row["count"] or row["topic__slug"] == chosen
    ]


def language_counts(everyone, among, chosen: str) -> list[dict]:
    """``topic_counts`` for the languages, in the list's order."""
    rows = (
        SpokenLanguage.objects.filter(author__in=everyone.values("pk"))
        .values("code")
        .annotate(count=Count("pk", filter=Q(author__in=among.values("pk"))))
        .order_by()
    )
    found = [
        {
            "value": row["code"],
            "name": LANGUAGE_NAMES[row["code"]],
            "count": row["count"],
            "chosen": row["code"] == chosen,
        }
        for row in rows
        if row["code"] in LANGUAGE_NAMES and (row["count"] or row["code"] == chosen)
    ]
    return sorted(found, key=lambda value: LANGUAGE_ORDER[value["value"]])


def _with_links(current: dict[str, str], name: str, values: list[dict]) -> list[dict]:
    """Each value with the link that chooses it (or, chosen, takes it off), the other
    filter kept, from the first page."""
    for value in values:
        query = {**current, name: "" if value["chosen"] else value["value"]}
        value["url"] = "?" + urlencode({key: v for key, v in query.items() if v})
    return values


def _param(params: QueryDict, name: str, max_length: int) -> str:
    # PostgreSQL rejects NUL in a text value; no slug or code contains one anyway.
    return params.get(name, "")[:max_length].replace("\x00", "")
