"""Reader search on Wagtail's database search backend (SQLite FTS5, PostgreSQL full text).

Wagtail's match of the words is a ``pk__in`` subquery of the articles a reader may see that
pass the filters (its own filters accept declared FilterFields only); on PostgreSQL, a match
the planner would answer by testing every index entry (a word in most articles) is read from
the full-text index by a function instead (``_indexed_matches``). One statement counts
the matches and their facets and reads the page of hits, newest first or, past
``RANK_LIMIT`` matches, by the words in the titles; up to that many, Wagtail's rank orders
the page, in a second, preferring the reader's language. Excerpts are highlighted in Python.
"""

import difflib
import math
from dataclasses import replace

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Abs, Cast, Coalesce, ExtractYear
from django.urls import reverse

from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.query import And, Phrase, PlainText

from articles.models import (
    LANGUAGES,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    ArticleType,
    Topic,
)
from articles.queries import NEWEST_FIRST
from articles.related import shared_terms
from authors.models import AuthorPage

from ..hydration import hydrate
from ..results import (
    FACET_KINDS,
    MAX_FACET_VALUES,
    MAX_RESULT_WINDOW,
    READER_LANGUAGE_BOOST,
    SearchParams,
    SearchResult,
    sort_facets,
)
from ..text import words
from .time_limit import within_time_limit

BACKEND = "database"
# Past this many matches, hits are ordered by the words in their titles, then newest first:
# the full-text rank reads each match's whole indexed text (docs/search.md).
RANK_LIMIT = 1000
# The common table expression holding a search's matching articles.
SCOPE_TABLE = "search_scope"
# Its columns: what the counts of types and years and the orders of hits read.
SCOPE_COLUMNS = (
    *("page_ptr_id", "article_type_id", "language", "facet_year", "display_date", "in_title"),
)
# Every article of the scope, when there are no more than a parameter says.
RANKABLE_SCOPE = (
    f" UNION ALL SELECT 'scope', CAST(page_ptr_id AS TEXT), '', 0 FROM {SCOPE_TABLE}"  # noqa: S608
    f" WHERE (SELECT COUNT(*) FROM {SCOPE_TABLE}) <= %s"
)
# The name of the full-text rank on a ranked search's rows (modelsearch's ``annotate_score``).
RANK = "full_text_rank"
# The index of the words of the index entries on PostgreSQL (search migration 0003).
FULL_TEXT_INDEX = "search_indexentry_type_title_body_gin"


# The facets counted from link tables: (kind, link model, its article field, its term
# field, the term model, the term's name field, how an article is counted). Credits and
# tag links may repeat a term on an article; the topics' links are unique.
FACET_LINKS = (
    ("tags", ArticlePageTag, "content_object", "tag", Tag, "name", "DISTINCT "),
    ("authors", ArticlePageAuthor, "page", "author", Page, "title", "DISTINCT "),
    ("topics", ArticlePage.topics.through, "articlepage", "topic", Topic, "name", ""),
)


def _facet_counts() -> str:
    """Rows of (kind, slug, name, count): the facets of the scope's articles and their
    number, all from the model's own tables and columns (no value from a request). The
    links are counted by the term's id and named after: counted by name, every link of
    every match would be sorted by its text. On PostgreSQL each match's links are read
    from an index that holds them (search migration 0006); an article is counted once for
    a term it has twice, except for topics, whose links are unique. Of each kind, only the
    terms among the most frequent are named and answered: those whose count is reached by
    fewer than as many others as a parameter says (ties included, ``sort_facets`` orders
    them and keeps that many: one parameter for each of ``FACET_LINKS``)."""
    scope = SCOPE_TABLE
    parts = []
    for kind, link, article, term, terms, name, distinct in FACET_LINKS:
        page, term_id, table = _column(link, article), _column(link, term), link._meta.db_table
        counted = (
            f"SELECT l.{term_id} AS id, COUNT({distinct}l.{page}) AS n"  # noqa: S608
            f" FROM {scope} AS s JOIN {table} AS l ON l.{page} = s.page_ptr_id"
            f" GROUP BY l.{term_id}"
        )
        parts.append(
            f"SELECT '{kind}', t.slug, t.{name}, c.n FROM (SELECT id, n, RANK() OVER"  # noqa: S608
            f" (ORDER BY n DESC) AS r FROM ({counted}) AS counted) AS c"
            f" JOIN {terms._meta.db_table} AS t ON t.id = c.id WHERE c.r <= %s"
        )
    types = ArticleType._meta.db_table
    by_type = (
        f"SELECT 'types', t.slug, t.name, COUNT(*) FROM {scope} AS s"  # noqa: S608
        f" JOIN {types} AS t ON t.id = s.article_type_id GROUP BY t.slug, t.name"
    )
    parts += [
        by_type,
        f"SELECT 'languages', language, language, COUNT(*) FROM {scope} GROUP BY language",  # noqa: S608
        (
            f"SELECT 'years', CAST(y AS TEXT), '', n FROM (SELECT facet_year AS y,"  # noqa: S608
            f" COUNT(*) AS n FROM {scope} GROUP BY facet_year) AS by_year"
        ),
        f"SELECT 'total', '', '', COUNT(*) FROM {scope}",  # noqa: S608
    ]
    return " UNION ALL ".join(parts)


def _column(model, field: str) -> str:
    return model._meta.get_field(field).column


FACET_COUNTS = _facet_counts()


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
    if params.languages:
        articles = articles.filter(language__in=params.languages)
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
    order = _unranked_order(query, params.newest_first)
    rankable = query.has_text and not params.newest_first
    if query.has_text:
        matched = _matching(query, scope, "and")
        total, counts, page_ids, matches = stats(matched, order, params, rankable)
        if not total and len(query.words) > 1:
            matched = _matching(query, scope, "or")
            total, counts, page_ids, matches = stats(matched, order, params, rankable)
        scope = matched
    else:
        total, counts, page_ids, matches = stats(scope, order, params)
    within = _within(params, total)
    ranked = rankable and total <= RANK_LIMIT
    if ranked or within.page != params.page:
        ordered = (
            _ranked(query, matches, params.reader_language)
            if ranked
            else scope.alias(in_title=_in_title(query.words)).order_by(*order)
        )
        page_ids = list(
            ordered.values_list("pk", flat=True)[within.offset : within.offset + within.per_page]
        )
    hits = hydrate(page_ids, request, highlight_terms=query.terms or None)
    result = SearchResult(
        query.text, hits, total, within.page, within.per_page, BACKEND, facets=counts
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
    matched = _queryset(found).values("pk")
    if connection.vendor == "postgresql" and FULL_TEXT_INDEX not in matched.explain():
        return scope.filter(pk__in=_indexed_matches(found))
    return scope.filter(pk__in=matched)


class MatchingPages(Func):
    """The ids of the pages of a content type whose indexed title and body match a
    full-text query, read from the full-text index alone (search migration 0008)."""

    function = "search_matching_pages"
    output_field = IntegerField()


def _indexed_matches(found) -> QuerySet:
    """The ids of the articles Wagtail's backend ``found``, on PostgreSQL: its full-text
    query, matched by ``MatchingPages``, for a match the planner would not answer from the
    full-text index. It does not count reading an entry's indexed text: for a word in most
    articles it tests every entry (5 s at 100,000 articles, docs/performance.md). Otherwise
    Wagtail's match is planned with the number of matches it expects, where the function's
    is fixed. The function returns a row for each match: it is called once, for the
    articles' content type."""
    compiler = found.query_compiler
    words = compiler.build_tsquery(compiler.query, config=compiler.get_config(found.backend))
    kind = ContentType.objects.get_for_model(ArticlePage).pk
    return ContentType.objects.filter(pk=kind).values(page=MatchingPages(Value(kind), words))


def _unranked_order(query, newest_first: bool) -> tuple:
    """The order of hits the full-text rank does not give: newest first; or, for a search
    by relevance past ``RANK_LIMIT`` matches, the articles with the most of the words in
    their titles first (the rank reads every match's whole indexed text), newest first among
    equals. Its fields are columns of the scope ``stats`` counts."""
    if newest_first or not query.words:
        return NEWEST_FIRST
    return ("-in_title", *NEWEST_FIRST)


def _in_title(words: list[str]):
    """How many of ``words`` the title holds."""
    found = [Case(When(title__icontains=w, then=Value(1)), default=Value(0)) for w in words]
    return sum(found[1:], found[0]) if found else Value(0)


def _ranked(query, matches: list[int], language: str | None) -> QuerySet:
    """The ``matches`` (``RANK_LIMIT`` at most) best first by the full-text rank. With a
    reader's ``language``, an article in it counts ``READER_LANGUAGE_BOOST`` times its rank
    (``_preferring``).

    The rank is of any of the words, and Wagtail's backend matches them again: the matches
    are given by their ids, so that the database ranks those alone. Given as a subquery,
    the planner matched any of the words over the whole archive first: for two rare words
    and a word in every article, every indexed text was read (4 s at 100,000 articles)."""
    ranked = ArticlePage.objects.filter(pk__in=matches).search(
        _wagtail_query(query.phrases, query.words, "or"), order_by_relevance=True
    )
    if language is None:
        return _queryset(ranked)
    return _queryset(ranked.annotate_score(RANK)).order_by(*_preferring(language))


def _preferring(language: str) -> tuple:
    """The order of ranked rows, best first, an article in ``language`` counting
    ``READER_LANGUAGE_BOOST`` times its rank; among equals the highest id first, as
    modelsearch orders them.

    PostgreSQL's rank (``ts_rank``, as modelsearch combines it) is never negative and higher
    for a better match: it is multiplied. SQLite's (FTS5's ``bm25``) is lower for a better
    match, and negative, except that modelsearch multiplies the ranks of a phrase and other
    words into a positive number, which a product would make worse. There the rank is moved
    towards the better end by ``READER_LANGUAGE_BOOST - 1`` times its size: for a negative
    rank, the same product.
    """
    rank, same = F(RANK), Q(language=language)
    if connection.vendor == "sqlite":
        moved = rank - Abs(rank) * (READER_LANGUAGE_BOOST - 1)
        return (Case(When(same, then=moved), default=rank).asc(), "-pk")
    factor = Case(When(same, then=Value(READER_LANGUAGE_BOOST)), default=Value(1.0))
    return ((rank * factor).desc(), "-pk")


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


def stats(
    scope: QuerySet, order: tuple, params: SearchParams, rankable: bool = False
) -> tuple[int, dict, list[int], list[int]]:
    """The number of articles in ``scope``, their facet counts, the ids of the page of
    ``params`` in ``order`` and, if ``rankable`` and the scope holds ``RANK_LIMIT``
    articles at most, the ids of them all (for ``_ranked``), in one statement.

    The scope is a common table expression that every count reads, holding the columns the
    counts of types and years and the order read: the search's match and the reader rule
    are evaluated once, and each article row read once.
    """
    columns = (
        scope.order_by()
        .annotate(
            facet_year=ExtractYear(article_date()),
            in_title=_in_title(params.query.words),
        )
        .values_list(*SCOPE_COLUMNS)
    )
    sql, sql_params = columns.query.sql_with_params()
    statement = (
        f"WITH {SCOPE_TABLE}({', '.join(SCOPE_COLUMNS)}) AS ({sql})"
        f" {FACET_COUNTS} UNION ALL {_page_of_hits(order)}"
        f"{RANKABLE_SCOPE if rankable else ''}"
    )
    most = params.facet_values or MAX_FACET_VALUES
    arguments = (*sql_params, *(most,) * len(FACET_LINKS), params.per_page, params.offset)
    with connection.cursor() as cursor:
        cursor.execute(statement, (*arguments, RANK_LIMIT) if rankable else arguments)
        rows = cursor.fetchall()
    total, page, matches = 0, {}, []
    found: dict[str, list[dict]] = {kind: [] for kind in (*FACET_KINDS, "years")}
    for kind, slug, name, count in rows:
        if kind == "total":
            total = count
        elif kind == "hits":
            page[count] = int(slug)
        elif kind == "scope":
            matches.append(int(slug))
        elif kind == "years":
            if slug:
                found["years"].append({"key": int(slug), "count": count})
        elif kind == "languages":
            label = dict(LANGUAGES).get(slug, slug)
            found[kind].append({"slug": slug, "name": label, "count": count})
        else:
            found[kind].append({"slug": slug, "name": name, "count": count})
    return total, sort_facets(found, most), [page[n] for n in sorted(page)], matches


def _page_of_hits(order: tuple) -> str:
    """The rows ('hits', id, '', position) of the scope's articles in ``order``: as many as
    the first parameter says, past as many as the second. Only those are sorted by
    position, not every match."""
    columns = ", ".join(f"{f.lstrip('-')} {'DESC' if f.startswith('-') else 'ASC'}" for f in order)
    return (
        "SELECT 'hits', CAST(page_ptr_id AS TEXT), '',"  # noqa: S608
        f" ROW_NUMBER() OVER (ORDER BY {columns}) FROM (SELECT * FROM {SCOPE_TABLE}"
        f" ORDER BY {columns} LIMIT %s OFFSET %s) AS page_of_hits"
    )


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
        return within_time_limit(
            f"search for {params.query.text[:200]!r}",
            lambda: search(params, request),
            lambda: SearchResult.empty(params, BACKEND, too_broad=True),
        )

    def suggest(self, text: str, limit: int, request=None) -> list[dict]:
        return within_time_limit(
            f"suggestions for {text[:200]!r}", lambda: suggest(text, limit, request), list
        )

    def related(self, page, limit: int, request=None) -> QuerySet:
        return shared_terms(page, limit, request)
