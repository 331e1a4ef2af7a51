"""Reader search on Elasticsearch: one request for hits, facets, highlights and spelling.

``search_body`` builds the request as data (the contract tests assert it); ``search`` sends
it to the alias and reads the answer. Errors are not caught here: ``search.service`` turns
them into a database answer.
"""

from ..connection import alias_name, get_client
from ..results import (
    FACET_KINDS,
    SearchParams,
    SearchResult,
    facet_names,
    hydrate,
)

BACKEND = "elasticsearch"

# Exact words (standard analyzer) and stemmed words (the article's language) both count.
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
HIGHLIGHT_FIELDS = ["body", "en.body", "ru.body", "standfirst", "en.standfirst", "ru.standfirst"]
FACET_FIELDS = {
    "tags": "tags.slug",
    "authors": "authors.slug",
    "topics": "topics.slug",
    "types": "type.slug",
}
# Terms aggregations return 10 buckets unless told otherwise: every facet value is listed.
FACET_SIZE = 1000
FRAGMENT_SIZE = 180


def search_body(params: SearchParams) -> dict:
    query = params.query
    body: dict = {
        "query": {"bool": {"filter": filters(params)}},
        "from": params.offset,
        "size": params.per_page,
        "track_total_hits": True,
        "_source": ["page_id"],
        "aggs": {
            **{
                kind: {"terms": {"field": field, "size": FACET_SIZE}}
                for kind, field in FACET_FIELDS.items()
            },
            "years": {"terms": {"field": "year", "size": FACET_SIZE, "order": {"_key": "desc"}}},
        },
    }
    if query.has_text:
        body["query"]["bool"].update(text_query(query.phrases, query.words))
        body["highlight"] = {
            "encoder": "html",  # the text around the marks arrives escaped
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fragment_size": FRAGMENT_SIZE,
            "number_of_fragments": 2,
            "fields": {field: {} for field in HIGHLIGHT_FIELDS},
        }
        if query.words:
            body["suggest"] = {
                "text": query.free_text,
                "spelling": {
                    "phrase": {
                        "field": "body",
                        "size": 3,
                        "max_errors": 2,
                        "direct_generator": [{"field": "body", "suggest_mode": "always"}],
                    }
                },
            }
    if params.newest_first:
        body["sort"] = [{"date": {"order": "desc"}}, {"page_id": {"order": "desc"}}]
    else:
        body["sort"] = ["_score", {"date": {"order": "desc"}}, {"page_id": {"order": "desc"}}]
    return body


def text_query(phrases: list[str], words: list[str]) -> dict:
    """Every quoted phrase must occur; the other words must all match, with typos allowed.

    The reader's text goes only into match-type queries, which analyse it as text: no
    query syntax exists to break.
    """
    must: list[dict] = [
        {
            "dis_max": {
                "queries": [
                    {"match_phrase": {name: {"query": phrase, "boost": boost}}}
                    for name, boost in _fields(PHRASE_FIELDS)
                ]
            }
        }
        for phrase in phrases
    ]
    should: list[dict] = []
    if words:
        free = " ".join(words)
        must.append(
            {
                "bool": {
                    "should": [
                        # Every word, spread over any fields ("asmolov summit").
                        {
                            "multi_match": {
                                "query": free,
                                "fields": TEXT_FIELDS,
                                "type": "cross_fields",
                                "operator": "and",
                            }
                        },
                        # Every word in one field, each within an edit or two ("sumit").
                        {
                            "multi_match": {
                                "query": free,
                                "fields": TEXT_FIELDS,
                                "type": "best_fields",
                                "operator": "and",
                                "fuzziness": "AUTO",
                                "prefix_length": 1,
                            }
                        },
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
        if len(words) > 1:
            # The words in the reader's order rank first.
            should.append(
                {
                    "multi_match": {
                        "query": free,
                        "fields": PHRASE_FIELDS,
                        "type": "phrase",
                        "slop": 1,
                        "boost": 2,
                    }
                }
            )
    return {"must": must, "should": should} if should else {"must": must}


def _fields(fields: list[str]):
    for spec in fields:
        name, _, boost = spec.partition("^")
        yield name, float(boost or 1)


def filters(params: SearchParams) -> list[dict]:
    """Filter context (no scoring, cached). Every tag, author and topic must apply (AND);
    several types match any of them (OR)."""
    clauses = [
        {"term": {FACET_FIELDS[kind]: value}}
        for kind, values in (
            ("tags", params.tags),
            ("authors", params.authors),
            ("topics", params.topics),
        )
        for value in values
    ]
    if params.types:
        clauses.append({"terms": {FACET_FIELDS["types"]: params.types}})
    if params.date_from or params.date_to:
        bounds = {}
        if params.date_from:
            bounds["gte"] = params.date_from.isoformat()
        if params.date_to:
            bounds["lte"] = params.date_to.isoformat()
        clauses.append({"range": {"date": bounds}})
    return clauses


def search(params: SearchParams, request=None) -> SearchResult:
    client = get_client()
    answer = client.search(index=alias_name(), body=search_body(params))
    return read_answer(params, answer, request)


def read_answer(params: SearchParams, answer: dict, request=None) -> SearchResult:
    ids, fragments = [], {}
    for hit in answer["hits"]["hits"]:
        page_id = int((hit.get("_source") or {}).get("page_id") or hit["_id"])
        ids.append(page_id)
        fragments[page_id] = _fragments(hit.get("highlight") or {})
    hits = hydrate(ids, request)
    for hit in hits:
        hit.highlights = fragments.get(hit.id, [])
    total = answer["hits"]["total"]["value"]
    result = SearchResult(
        params.query.text,
        hits,
        total,
        params.page,
        params.per_page,
        BACKEND,
        facets=_facets(answer.get("aggregations") or {}),
    )
    if not total:
        result.suggestions = [
            option["text"]
            for entry in (answer.get("suggest") or {}).get("spelling", [])
            for option in entry.get("options", [])
        ][:3]
    return result


def _fragments(highlight: dict) -> list[str]:
    """Body fragments first, then the standfirst's; the same text once."""
    seen, fragments = set(), []
    for field in HIGHLIGHT_FIELDS:
        for fragment in highlight.get(field, []):
            key = fragment.replace("<mark>", "").replace("</mark>", "")
            if key not in seen:
                seen.add(key)
                fragments.append(fragment)
    return fragments[:2]


def _facets(aggregations: dict) -> dict:
    from .database import sort_facets

    buckets = {kind: (aggregations.get(kind) or {}).get("buckets", []) for kind in FACET_KINDS}
    names = facet_names({kind: [str(b["key"]) for b in found] for kind, found in buckets.items()})
    facets = {
        kind: [
            {"slug": str(b["key"]), "name": names[kind][str(b["key"])], "count": b["doc_count"]}
            for b in found
            if str(b["key"]) in names[kind]
        ]
        for kind, found in buckets.items()
    }
    facets["years"] = [
        {"key": int(b["key"]), "count": b["doc_count"]}
        for b in (aggregations.get("years") or {}).get("buckets", [])
    ]
    return sort_facets(facets)


def suggest_body(text: str, limit: int) -> dict:
    return {
        "size": limit,
        "_source": ["page_id"],
        "query": {
            "multi_match": {
                "query": text,
                "type": "bool_prefix",
                "fields": ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"],
            }
        },
    }


def suggest_article_ids(text: str, limit: int) -> list[int]:
    answer = get_client().search(index=alias_name(), body=suggest_body(text, limit))
    return [
        int((hit.get("_source") or {}).get("page_id") or hit["_id"])
        for hit in answer["hits"]["hits"]
    ]


def more_like_this_body(page, limit: int) -> dict:
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
                "must_not": [{"term": {"page_id": page.pk}}],
            }
        },
    }


def more_like_this_ids(page, limit: int) -> list[int]:
    answer = get_client().search(index=alias_name(), body=more_like_this_body(page, limit))
    return [
        int((hit.get("_source") or {}).get("page_id") or hit["_id"])
        for hit in answer["hits"]["hits"]
    ]
