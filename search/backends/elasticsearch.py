"""Reader search on Elasticsearch: one request for the articles holding every word, with
their facets and highlights; when none does, a second for those holding any of them, typos
allowed, with spellings.

``search_body`` builds the request as data (the contract tests assert it). ``fetch`` sends
it to the alias and reads the answer in one narrow step, raising only ``ES_ERRORS``;
``result`` turns the answer into hits from the database, and a bug there raises as the bug
it is (it is no ``ES_ERRORS``). ``search.service`` decides what a failure means.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When

from articles.models import ArticlePage
from articles.related import shared_terms
from cms.core.visibility import site_root_paths

from ..connection import alias_name, get_client, reading_answer
from ..hydration import facet_names, hydrate
from ..results import (
    FACET_KINDS,
    MAX_FACET_VALUES,
    READER_LANGUAGE_BOOST,
    SearchParams,
    SearchResult,
    sort_facets,
)
from . import database

BACKEND = "elasticsearch"

# Exact words (standard analyzer) and the words in the article's language both count.
TEXT_FIELDS = [
    "title^3",
    "standfirst^2",
    "body",
    "authors.name^2",
    "en.title^3",
    "en.standfirst^2",
    "en.body",
    "ru.title^3",
    "ru.standfirst^2",
    "ru.body",
]
PHRASE_FIELDS = ["title^3", "standfirst^2", "body", "en.title^3", "en.standfirst^2", "en.body"]
PHRASE_FIELDS += ["ru.title^3", "ru.standfirst^2", "ru.body", "authors.name^2"]
# A report's PDFs count as its body does (docs/reports.md).
DOCUMENT_FIELDS = ["documents", "en.documents", "ru.documents"]
TEXT_FIELDS += DOCUMENT_FIELDS
PHRASE_FIELDS += DOCUMENT_FIELDS
# For a search by relevance, the fields analysed in the reader's language (``ru.*`` for a
# Russian reader) weigh this many times their boosts above: the words as that language's
# analyzer stems them count first. Only articles in that language have those fields, so an
# article its own analysis matches best counts up to READER_ANALYSIS_BOOST ×
# READER_LANGUAGE_BOOST (three) times its score; matched best by the exact words, twice.
READER_ANALYSIS_BOOST = 1.5
HIGHLIGHT_FIELDS = ["body", "en.body", "ru.body", "standfirst", "en.standfirst", "ru.standfirst"]
# Each field is highlighted by a query on that field alone (a query over every text field
# cost the node a third of a search at 100,000 articles). Bodies are marked where the
# reader's words and phrases occur as typed: marking the typo matches too would have the
# highlighter test every word of every hit's body against the fuzzy automata, five times the
# cost of the rest of the search. The standfirsts, being short, are marked with the typo
# matches too when typos were allowed.
BODY_FIELDS = {"body", "en.body", "ru.body"}
FACET_FIELDS = {
    "tags": "tags.slug",
    "authors": "authors.slug",
    "topics": "topics.slug",
    "types": "type.slug",
    "languages": "language",
}
FRAGMENT_SIZE = 180
# Highlighting reads at most this many characters of a field (the index's limit is
# 1,000,000 and a longer text would fail the whole search): a longer article is still found,
# and highlighted within its first part.
HIGHLIGHT_MAX_OFFSET = 999_999

# Typos are tolerated, when no article holds every word, in the first FUZZY_WORDS words, over
# the exact-word fields, each word expanding to at most MAX_EXPANSIONS indexed terms. With
# the other clauses, the worst case (MAX_WORDS words) stays under 1,024 leaf clauses, the
# lowest limit Elasticsearch 8 sets (a small node's); tests/search/test_contract_query.py
# counts them in the request.
FUZZY_WORDS = 6
FUZZY_FIELDS = ["title^3", "standfirst^2", "body", "authors.name^2"]
MAX_EXPANSIONS = 10
FUZZINESS = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": MAX_EXPANSIONS}


def search_body(params: SearchParams, *, every_word: bool = True) -> dict:
    """The request for ``params``: the articles holding every word of the query, or with
    ``every_word`` false any of them, typos allowed. Ranked by relevance for a reader, it
    prefers the reader's language (``preferring``)."""
    query = params.query
    language = None if params.newest_first else params.reader_language
    body: dict = {
        "query": {"bool": {"filter": filters(params)}},
        "from": params.offset,
        "size": params.per_page,
        "track_total_hits": True,
        "_source": ["page_id"],
        "aggs": {
            **{
                kind: {"terms": {"field": field, "size": params.facet_values or MAX_FACET_VALUES}}
                for kind, field in FACET_FIELDS.items()
            },
            "years": {
                "terms": {"field": "year", "size": MAX_FACET_VALUES, "order": {"_key": "desc"}}
            },
        },
    }
    if query.searchable:
        body["query"]["bool"].update(text_query(query.phrases, query.words, every_word, language))
        body["highlight"] = {
            "encoder": "html",  # the text around the marks arrives escaped
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fragment_size": FRAGMENT_SIZE,
            "number_of_fragments": 2,
            "max_analyzed_offset": HIGHLIGHT_MAX_OFFSET,
            "fields": {
                name: {
                    "highlight_query": marked_query(
                        query, name, typos=not every_word and name not in BODY_FIELDS
                    )
                }
                for name in HIGHLIGHT_FIELDS
            },
        }
        if language:
            body["query"] = preferring(language, body["query"])
    if params.newest_first:
        body["sort"] = [{"date": {"order": "desc"}}, {"page_id": {"order": "desc"}}]
    else:
        body["sort"] = ["_score", {"date": {"order": "desc"}}, {"page_id": {"order": "desc"}}]
    return body


def preferring(language: str, query: dict) -> dict:
    """``query`` with the score of every document in ``language`` multiplied by
    ``READER_LANGUAGE_BOOST``: articles in the reader's language rank first among
    comparable matches, and the others are still found."""
    return {
        "function_score": {
            "query": query,
            "functions": [
                {
                    "filter": {"term": {FACET_FIELDS["languages"]: language}},
                    "weight": READER_LANGUAGE_BOOST,
                }
            ],
            "boost_mode": "multiply",
        }
    }


def spellings(text: str) -> dict:
    """The suggester of spellings of ``text`` from the bodies' words, asked only when no
    article holds every word (the reader sees them only when nothing is found): in every
    search, it cost the node about a tenth of its time."""
    return {
        "text": text,
        "spelling": {
            "phrase": {
                "field": "body",
                "size": 3,
                "max_errors": 2,
                "direct_generator": [{"field": "body", "suggest_mode": "always"}],
            }
        },
    }


def text_query(
    phrases: list[str], words: list[str], every_word: bool = True, language: str | None = None
) -> dict:
    """Every quoted phrase must occur, and every other word, spread over any fields; the
    words in the reader's order rank first. Without ``every_word`` (when no article holds
    them all), any one of the words will do, typos allowed, and the more match the better.
    With a reader's ``language``, the fields analysed in it weigh more (``reader_fields``).

    The reader's text goes only into match-type queries, which analyse it as text: no
    query syntax exists to break.
    """
    text_fields = reader_fields(TEXT_FIELDS, language)
    phrase_fields = reader_fields(PHRASE_FIELDS, language)
    must: list[dict] = [_phrase(phrase, phrase_fields) for phrase in phrases]
    should: list[dict] = []
    if words and every_word:
        free = " ".join(words)
        must.append(_cross_fields(free, "and", text_fields))
        if len(words) > 1:
            should.append(
                {
                    "multi_match": {
                        "query": free,
                        "fields": phrase_fields,
                        "type": "phrase",
                        "slop": 1,
                        "boost": 2,
                    }
                }
            )
    elif words:
        alternatives = [
            # Any of the words, spread over any fields; each one adds to the score.
            _cross_fields(" ".join(words), "or", text_fields),
            # The first words within an edit or two ("sumit").
            _fuzzy(words, FUZZY_FIELDS),
        ]
        must.append({"bool": {"should": alternatives, "minimum_should_match": 1}})
    return {"must": must, "should": should} if should else {"must": must}


def marked_query(query, name: str, *, typos: bool) -> dict:
    """What a highlight of the field ``name`` marks: the phrases and words as typed and,
    with ``typos``, the first words within an edit or two."""
    clauses: list[dict] = [{"match_phrase": {name: phrase}} for phrase in query.phrases]
    if query.words:
        clauses.append({"match": {name: " ".join(query.words)}})
        if typos:
            fuzzy = {"query": " ".join(query.words[:FUZZY_WORDS]), **FUZZINESS}
            clauses.append({"match": {name: fuzzy}})
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _fuzzy(words: list[str], fields: list[str]) -> dict:
    return {
        "multi_match": {
            "query": " ".join(words[:FUZZY_WORDS]),
            "fields": fields,
            "type": "best_fields",
            "operator": "or",
            **FUZZINESS,
        }
    }


def reader_fields(fields: list[str], language: str | None) -> list[str]:
    """``fields`` with the boost of each one analysed in ``language`` (``ru.title^3`` for
    "ru") multiplied by ``READER_ANALYSIS_BOOST``; without a language, as they are."""
    if language is None:
        return fields
    return [
        f"{name}^{boost * READER_ANALYSIS_BOOST:g}" if name.startswith(f"{language}.") else spec
        for spec, (name, boost) in zip(fields, _fields(fields), strict=True)
    ]


def _phrase(phrase: str, fields: list[str]) -> dict:
    return {
        "dis_max": {
            "queries": [
                {"match_phrase": {name: {"query": phrase, "boost": boost}}}
                for name, boost in _fields(fields)
            ]
        }
    }


def _cross_fields(text: str, operator: str, fields: list[str]) -> dict:
    return {
        "multi_match": {
            "query": text,
            "fields": fields,
            "type": "cross_fields",
            "operator": operator,
        }
    }


def _fields(fields: list[str]):
    for spec in fields:
        name, _, boost = spec.partition("^")
        yield name, float(boost or 1)


def filters(params: SearchParams) -> list[dict]:
    """Filter context (no scoring, cached). Every tag, author and topic must apply (AND);
    several types match any of them (OR). Nothing past its expiry time, nor on another
    site, is found."""
    clauses = visible(params.site_roots)
    clauses += [
        {"term": {FACET_FIELDS[kind]: value}}
        for kind, values in (
            ("tags", params.tags),
            ("authors", params.authors),
            ("topics", params.topics),
        )
        for value in values
    ]
    for kind, values in (("types", params.types), ("languages", params.languages)):
        if values:  # any of them
            clauses.append({"terms": {FACET_FIELDS[kind]: values}})
    if params.date_from or params.date_to:
        bounds = {}
        if params.date_from:
            bounds["gte"] = params.date_from.isoformat()
        if params.date_to:
            bounds["lte"] = params.date_to.isoformat()
        clauses.append({"range": {"date": bounds}})
    return clauses


def visible(site_roots: tuple[str, ...] | None) -> list[dict]:
    """What a reader may find: unexpired, and on the reader's site when one is given."""
    return [unexpired(), *on_site(site_roots)]


def on_site(site_roots: tuple[str, ...] | None) -> list[dict]:
    """Documents under one of the site's roots (by ``url_path``); a document indexed before
    the field existed counts as on every site until the next rebuild."""
    if site_roots is None:
        return []
    return [
        {
            "bool": {
                "should": [
                    *({"prefix": {"url_path": root}} for root in site_roots),
                    {"bool": {"must_not": [{"exists": {"field": "url_path"}}]}},
                ],
                "minimum_should_match": 1,
            }
        }
    ]


def unexpired() -> dict:
    """Documents with no expiry time, or one still ahead: an article that expired since it
    was indexed is hidden at once, before the scheduler unpublishes it."""
    return {
        "bool": {
            "should": [
                {"bool": {"must_not": [{"exists": {"field": "expire_at"}}]}},
                {"range": {"expire_at": {"gt": "now"}}},
            ],
            "minimum_should_match": 1,
        }
    }


@dataclass
class Answer:
    """What a search answer says, read off the cluster's JSON."""

    ids: list[int]
    total: int
    fragments: dict[int, list[str]] = field(default_factory=dict)
    buckets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # kinds and years
    spelling: list[str] = field(default_factory=list)


def fetch(params: SearchParams) -> Answer:
    """One request to the alias; when no article holds every word, a second for those
    holding any, typos allowed, with spellings. Raises only ``ES_ERRORS``."""
    client = get_client()
    answer = read_answer(client.search(index=alias_name(), body=search_body(params)))
    if not answer.total and params.query.words:
        body = search_body(params, every_word=False)
        body["suggest"] = spellings(params.query.free_text)
        answer = read_answer(client.search(index=alias_name(), body=body))
    return answer


def read_answer(answer) -> Answer:
    with reading_answer("search answer"):
        hits = answer["hits"]["hits"]
        aggregations = answer.get("aggregations") or {}
        return Answer(
            ids=_hit_ids(hits),
            total=int(answer["hits"]["total"]["value"]),
            fragments={_hit_id(hit): _fragments(hit.get("highlight") or {}) for hit in hits},
            buckets={
                kind: [
                    (str(b["key"]), int(b["doc_count"]))
                    for b in (aggregations.get(kind) or {}).get("buckets", [])
                ]
                for kind in (*FACET_KINDS, "years")
            },
            spelling=[
                str(option["text"])
                for entry in (answer.get("suggest") or {}).get("spelling", [])
                for option in entry.get("options", [])
            ][:3],
        )


def _hit_id(hit: dict) -> int:
    return int((hit.get("_source") or {}).get("page_id") or hit["_id"])


def _hit_ids(hits) -> list[int]:
    return [_hit_id(hit) for hit in hits]


def result(params: SearchParams, answer: Answer, request=None) -> SearchResult:
    """The answer's hits read back from the database (``hydrate``), with facets."""
    terms = params.query.terms or None
    hits = hydrate(answer.ids, request, highlight_terms=terms, fragments=answer.fragments)
    result = SearchResult(
        params.query.text,
        hits,
        answer.total,
        params.page,
        params.per_page,
        BACKEND,
        facets=_facets(answer.buckets),
    )
    if not answer.total:
        result.suggestions = answer.spelling
    return result


def _fragments(highlight: dict) -> list[str]:
    """Body fragments first, then the standfirst's; the same text once."""
    seen, fragments = set(), []
    for name in HIGHLIGHT_FIELDS:
        for fragment in highlight.get(name, []):
            key = fragment.replace("<mark>", "").replace("</mark>", "")
            if key not in seen:
                seen.add(key)
                fragments.append(str(fragment))
    return fragments[:2]


def _facets(buckets: dict[str, list[tuple[str, int]]]) -> dict:
    names = facet_names({kind: [key for key, _ in buckets[kind]] for kind in FACET_KINDS})
    facets = {
        kind: [
            {"slug": key, "name": names[kind][key], "count": count}
            for key, count in buckets[kind]
            if key in names[kind]
        ]
        for kind in FACET_KINDS
    }
    facets["years"] = [{"key": int(key), "count": count} for key, count in buckets["years"]]
    return sort_facets(facets)


def _ids(body: dict) -> list[int]:
    answer = get_client().search(index=alias_name(), body=body)
    with reading_answer("search answer"):
        return _hit_ids(answer["hits"]["hits"])


def suggest_body(text: str, limit: int, site_roots: tuple[str, ...] | None = None) -> dict:
    # The last word is a prefix: one term of the title's indexed prefixes (core field types
    # only, so this works on any Elasticsearch 8).
    return {
        "size": limit,
        "_source": ["page_id"],
        "query": {
            "bool": {
                "must": [
                    {"match_bool_prefix": {"title.suggest": {"query": text, "operator": "and"}}}
                ],
                "filter": visible(site_roots),
            }
        },
    }


def suggest_article_ids(
    text: str, limit: int, site_roots: tuple[str, ...] | None = None
) -> list[int]:
    return _ids(suggest_body(text, limit, site_roots))


def more_like_this_body(page, limit: int, site_roots: tuple[str, ...] | None = None) -> dict:
    # The page's own indexed document is the example (documents are indexed under the page
    # id), so its tags count as the keywords they are; Elasticsearch leaves it out of the hits.
    return {
        "size": limit,
        "_source": ["page_id"],
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": ["title", "standfirst", "body", "tags.name"],
                            "like": [{"_index": alias_name(), "_id": str(page.pk)}],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 25,
                        }
                    }
                ],
                "filter": visible(site_roots),
                "must_not": [{"term": {"page_id": page.pk}}],
            }
        },
    }


def more_like_this_ids(page, limit: int, site_roots: tuple[str, ...] | None = None) -> list[int]:
    return _ids(more_like_this_body(page, limit, site_roots))


def _in_order(articles: QuerySet, ids: list[int]) -> QuerySet:
    """Those of ``articles`` whose ids are in ``ids``, in that order."""
    position = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    return articles.filter(pk__in=ids).order_by(position)


class ElasticsearchBackend:
    """``SearchBackend`` on the cluster. Every method raises only ``ES_ERRORS`` when the
    cluster fails; the names of authors, tags and topics come from the database."""

    name = BACKEND

    def search(self, params: SearchParams, request=None) -> SearchResult:
        return result(params, fetch(params), request)

    def suggest(self, text: str, limit: int, request=None) -> list[dict]:
        site = site_root_paths(request)
        articles = ArticlePage.objects.for_readers(request).only("title", "url_path")
        titles = [
            {"type": "article", "label": a.title, "url": a.get_url(request) or ""}
            for a in _in_order(articles, suggest_article_ids(text, limit, site))
        ]
        return titles + database.suggest(text, limit, request, articles=False)

    def related(self, page, limit: int, request=None) -> QuerySet:
        # A few spare, in case some hits are no longer visible to readers.
        ids = more_like_this_ids(page, limit + 5, site_root_paths(request))
        if not ids:
            return shared_terms(page, limit, request)
        return _in_order(ArticlePage.objects.for_readers(request).listing(), ids)[:limit]
