"""Reader search on Wagtail's database search backend (SQLite FTS5, PostgreSQL full text).

Wagtail's match of the words is a ``pk__in`` subquery of the articles a reader may see that
pass the filters (its own filters accept declared FilterFields only); the matches are
counted with their facets in one statement, and the page of hits ranked by Wagtail up to
``RANK_LIMIT`` matches, by the words in the titles past it. Excerpts are highlighted in
Python.
"""

import difflib
import math
from dataclasses import replace

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.urls import reverse

from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.query import And, Phrase, PlainText

from articles.models import ArticlePage, ArticlePageAuthor, ArticlePageTag, Topic
from articles.queries import NEWEST_FIRST
from articles.related import shared_terms
from authors.models import AuthorPage

from ..hydration import hydrate
from ..results import (
    FACET_KINDS,
    MAX_RESULT_WINDOW,
    SearchParams,
    SearchResult,
    sort_facets,
)
from ..text import words

BACKEND = "database"
# Past this many matches, hits are ordered by the words in their titles, then newest first:
# the full-text rank reads each match's whole indexed text (docs/search.md).
RANK_LIMIT = 1000
# The common table expression holding a search's matching articles.
SCOPE_TABLE = "search_scope"


def article_date():
    """The date readers see: the display date, else the day of first publication."""
    return Coalesce(F("display_date"), Cast("first_published_at", DateField()))


def candidates(params: SearchParams, request=None) -> QuerySet:
    """The articles a reader may see that pass the filters.

    Every filter applies (AND), and so does every tag, author and topic given (AND: the
    facet counts then say what a click gives); several types match any of them (OR, an
    article has one type).
    """
    articles = ArticlePage.objects.for_readers(request)
    links = (
        (params.tags, ArticlePageTag.objects, "content_object_id", "tag__slug"),
        (params.authors, ArticlePageAuthor.objects, "page_id", "author__slug"),
        (params.topics, ArticlePage.topics.through.objects, "articlepage_id", "topic__slug"),
    )
    for slugs, rows, page_field, slug_field in links:
        for slug in slugs:
            articles = articles.filter(
                Exists(rows.filter(**{page_field: OuterRef("pk"), slug_field: slug}))
            )
    if params.types:
        articles = articles.filter(article_type__slug__in=params.types)
    if params.date_from or params.date_to:
        articles = articles.alias(article_date=article_date())
        if params.date_from:
            articles = articles.filter(article_date__gte=params.date_from)
        if params.date_to:
            articles = articles.filter(article_date__lte=params.date_to)
    return articles


def search(params: SearchParams, request=None) -> SearchResult:
    query = params.query
    scope = candidates(params, request)
    if query.has_text:
        matched = _matching(query, scope, "and")
        total, counts = stats(matched)
        if not total and len(query.words) > 1:
            matched = _matching(query, scope, "or")
            total, counts = stats(matched)
        scope = matched
    else:
        total, counts = stats(scope)
    params = _within(params, total)
    ordered = _ordered(query, scope, total, params.newest_first)
    page_ids = list(
        ordered.values_list("pk", flat=True)[params.offset : params.offset + params.per_page]
    )
    hits = hydrate(page_ids, request, highlight_terms=query.terms or None)
    result = SearchResult(
        query.text, hits, total, params.page, params.per_page, BACKEND, facets=counts
    )
    if not total and query.searchable:
        result.suggestions = spelling(query.terms, request)
    return result


def _within(params: SearchParams, total: int) -> SearchParams:
    """A page past the last one shows the last one, as the article index does."""
    last = max(math.ceil(min(total, MAX_RESULT_WINDOW) / params.per_page), 1)
    return replace(params, page=min(params.page, last))


def _matching(query, scope: QuerySet, operator: str) -> QuerySet:
    """The articles of ``scope`` that match the query: all its words or any of them.

    The match is a subquery of the scope rather than the other way round, so that the
    database finds the matches in its full-text index first and applies the reader rule and
    the filters to them alone, not to the whole archive. The matches stay a subquery: a list
    of their ids could outgrow what the database takes as parameters (SQLite's limit is
    32,766) once a common word matches many.
    """
    found = ArticlePage.objects.search(
        _wagtail_query(query.phrases, query.words, operator), order_by_relevance=False
    )
    return scope.filter(pk__in=_queryset(found).values("pk"))


def _ordered(query, scope: QuerySet, total: int, newest_first: bool) -> QuerySet:
    """The scope in the order hits are shown.

    Best first by the full-text rank while the matches are few enough to rank each one
    (the rank reads every match's whole indexed text); past ``RANK_LIMIT`` matches, the
    articles with the most of the words in their titles first, newest first among equals.
    """
    if newest_first:
        return scope.order_by(*NEWEST_FIRST)
    if total <= RANK_LIMIT:
        ranked = ArticlePage.objects.filter(pk__in=scope.values("pk")).search(
            _wagtail_query(query.phrases, query.words, "or"), order_by_relevance=True
        )
        return _queryset(ranked)
    in_title = [
        Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in query.words
    ]
    if not in_title:
        return scope.order_by(*NEWEST_FIRST)
    return scope.alias(in_title=sum(in_title[1:], in_title[0])).order_by("-in_title", *NEWEST_FIRST)


def _wagtail_query(phrases: list[str], free_words: list[str], operator: str):
    # Only words reach the backend (the FTS syntax never sees a quote or a bracket). Every
    # phrase must match.
    parts = [Phrase(p) for p in phrases]
    if free_words:
        parts.append(PlainText(" ".join(free_words), operator=operator))
    return parts[0] if len(parts) == 1 else And(parts)


def _queryset(results) -> QuerySet:
    # Every database backend of Wagtail (modelsearch) builds its ranked results as a
    # queryset; reading ids from it spares loading every matching article.
    return results.get_queryset()


def stats(scope: QuerySet) -> tuple[int, dict]:
    """The number of articles in ``scope`` and their facet counts, in one statement.

    The scope is a common table expression that every count reads: the search's match and
    the reader rule are evaluated once, not once per facet.
    """
    sql, params = scope.order_by().values("pk").query.sql_with_params()
    ids = RawSQL(f"SELECT id FROM {SCOPE_TABLE}", ())  # noqa: S608, S611 (constant text)
    parts = _counts(ids)
    union = parts[0].union(*parts[1:], all=True)
    union_sql, union_params = union.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {SCOPE_TABLE}(id) AS ({sql}) {union_sql}", (*params, *union_params))
        rows = cursor.fetchall()
    total = 0
    found: dict[str, list[dict]] = {kind: [] for kind in (*FACET_KINDS, "years")}
    for kind, slug, name, count in rows:
        if kind == "total":
            total = count
        elif kind == "years":
            if slug:
                found["years"].append({"key": int(slug), "count": count})
        else:
            found[kind].append({"slug": slug, "name": name, "count": count})
    return total, sort_facets(found)


def _counts(ids) -> list[QuerySet]:
    """One query a kind of facet over the articles ``ids``, and one of their number, each
    as rows of (kind, slug, name, count)."""
    text = CharField()

    def counted(queryset, kind, slug, name, page):
        return (
            queryset.order_by()
            .values(
                facet_kind=Value(kind, output_field=text), facet_slug=F(slug), facet_name=F(name)
            )
            .annotate(facet_count=Count(page, distinct=True))
            .values_list("facet_kind", "facet_slug", "facet_name", "facet_count")
        )

    articles = ArticlePage.objects.filter(pk__in=ids)
    return [
        counted(
            ArticlePageTag.objects.filter(content_object_id__in=ids),
            "tags",
            "tag__slug",
            "tag__name",
            "content_object_id",
        ),
        counted(
            ArticlePageAuthor.objects.filter(page_id__in=ids),
            "authors",
            "author__slug",
            "author__title",
            "page_id",
        ),
        counted(
            ArticlePage.topics.through.objects.filter(articlepage_id__in=ids),
            "topics",
            "topic__slug",
            "topic__name",
            "articlepage_id",
        ),
        counted(
            articles.filter(article_type__isnull=False),
            "types",
            "article_type__slug",
            "article_type__name",
            "pk",
        ),
        articles.order_by()
        .annotate(facet_year=Cast(ExtractYear(article_date()), text))
        .values(
            facet_kind=Value("years", output_field=text),
            facet_slug=F("facet_year"),
            facet_name=F("facet_year"),
        )
        .annotate(facet_count=Count("pk"))
        .values_list("facet_kind", "facet_slug", "facet_name", "facet_count"),
        articles.order_by()
        .values(
            facet_kind=Value("total", output_field=text),
            facet_slug=Value("", output_field=text),
            facet_name=Value("", output_field=text),
        )
        .annotate(facet_count=Count("pk"))
        .values_list("facet_kind", "facet_slug", "facet_name", "facet_count"),
    ]


def spelling(terms: list[str], request=None, limit: int = 3) -> list[str]:
    """Close spellings of the query's words among titles, tags, topics and author names.

    Asked only when nothing matched; one query for the vocabulary.
    """
    vocabulary = _vocabulary(request)
    corrected, changed = [], False
    for term in terms:
        if term.casefold() in vocabulary:
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term.casefold(), vocabulary, n=1, cutoff=0.75)
        corrected.append(close[0] if close else term)
        changed = changed or bool(close)
    return [" ".join(corrected)][:limit] if changed else []


def _vocabulary(request=None, max_titles: int = 2000) -> set[str]:
    text = CharField()
    titles = (
        ArticlePage.objects.for_readers(request)
        .order_by()
        .values_list(F("title"), Value("", output_field=text))[:max_titles]
    )
    names = (
        Tag.objects.order_by().values_list(F("name"), Value("", output_field=text)),
        Topic.objects.order_by().values_list(F("name"), Value("", output_field=text)),
        AuthorPage.objects.for_readers(request)
        .order_by()
        .values_list(F("title"), Value("", output_field=text)),
    )
    found: set[str] = set()
    # A sliced query cannot join a compound statement everywhere: titles go on their own.
    for value, _ in list(titles) + list(names[0].union(*names[1:], all=True)):
        found.update(w.casefold() for w in words(value) if len(w) > 2)
    return found


def suggest(text: str, limit: int = 8, request=None, *, articles: bool = True) -> list[dict]:
    """Article titles, authors, tags and topics whose name starts with or contains ``text``.

    Prefix matches first; two queries (one without ``articles``).
    """
    suggestions = []
    if articles:
        found = (
            ArticlePage.objects.for_readers(request)
            .filter(title__icontains=text)
            .alias(prefix=_starts(text, "title"))
            .order_by("-prefix", *NEWEST_FIRST)
            .only("title", "url_path")[:limit]
        )
        suggestions = [
            {"type": "article", "label": a.title, "url": a.get_url(request) or ""} for a in found
        ]
    kinds = (
        ("author", AuthorPage.objects.for_readers(request), "title", "url_path"),
        ("tag", Tag.objects.all(), "name", "slug"),
        ("topic", Topic.objects.all(), "name", "slug"),
    )
    text_field = CharField()
    parts = [
        queryset.filter(**{f"{label}__icontains": text})
        .order_by()
        .values_list(Value(kind, output_field=text_field), F(label), F(target))
        for kind, queryset, label, target in kinds
    ]
    others = sorted(
        parts[0].union(*parts[1:], all=True),
        key=lambda r: (not r[1].casefold().startswith(text.casefold()), r[1].casefold()),
    )
    for kind, label, target in others[:limit]:
        url = _target_url(kind, target, request)
        suggestions.append({"type": kind, "label": label, "url": url})
    return suggestions


def _starts(text: str, field: str):
    return Case(
        When(**{f"{field}__istartswith": text}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _target_url(kind: str, target: str, request=None) -> str:
    if kind == "author":
        return Page(url_path=target).get_url(request) or ""
    return reverse(f"articles:{kind}", args=[target])


class DatabaseBackend:
    """``SearchBackend`` on the database: always there, the fallback of Elasticsearch."""

    name = BACKEND

    def search(self, params: SearchParams, request=None) -> SearchResult:
        return search(params, request)

    def suggest(self, text: str, limit: int, request=None) -> list[dict]:
        return suggest(text, limit, request)

    def related(self, page, limit: int, request=None) -> QuerySet:
        return shared_terms(page, limit, request)
