"""The Elasticsearch requests a search sends, asserted as data against the recording fake."""

import datetime
import json

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import PageViewRestriction, Site

import pytest

from search.backends import elasticsearch as es
from search.backends.elasticsearch import unexpired
from search.connection import alias_name
from search.results import READER_LANGUAGE_BOOST
from search.service import make_params, reader_language, search
from search.text import MAX_WORDS
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db
UNEXPIRED = unexpired()


def canned(ids, *, total=None, highlight=None, aggs=None, suggest=None):
    """An Elasticsearch answer holding ``ids`` in that order."""
    hits = [
        {
            "_id": str(pk),
            "_score": 1.0,
            "_source": {"page_id": pk},
            **({"highlight": highlight[pk]} if highlight and pk in highlight else {}),
        }
        for pk in ids
    ]
    body = {
        "took": 1,
        "timed_out": False,
        "hits": {"total": {"value": total if total is not None else len(ids)}, "hits": hits},
    }
    if aggs is not None:
        body["aggregations"] = aggs
    if suggest is not None:
        body["suggest"] = suggest
    return lambda request: (200, body)


def sent(fake_es):
    """The search request (the fake finds nothing: a second asks for any word)."""
    requests = fake_es.of("_search")
    assert len(requests) == 1 + ("suggest" in requests[-1].body)
    return requests[0]


def test_every_word_must_match_over_the_boosted_fields(fake_es):
    fake_es.routes[("POST", "_search")] = canned([1])
    search("north korea")
    [request] = fake_es.of("_search")  # something found: one request
    assert request.path == f"/{alias_name()}/_search"
    body = request.body
    assert "query_string" not in json.dumps(body)
    # Every word, each in any field; no typos (the costly part) while the words are found.
    [words] = (clause["multi_match"] for clause in body["query"]["bool"]["must"])
    assert words["type"] == "cross_fields"
    assert words["operator"] == "and"
    assert words["query"] == "north korea"
    assert {"title^3", "standfirst^2", "body", "authors.name^2"} <= set(words["fields"])
    assert {"en.title^3", "en.body", "ru.title^3", "ru.body"} <= set(words["fields"])
    assert "fuzziness" not in json.dumps(body)
    # The words in the reader's order rank first.
    [in_order] = body["query"]["bool"]["should"]
    assert in_order["multi_match"]["type"] == "phrase"
    assert in_order["multi_match"]["boost"] > 1
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    fields = body["highlight"]["fields"]
    assert {"body", "en.body", "ru.body", "standfirst"} <= set(fields)
    # Each field is marked by a query on itself alone.
    for name, field in fields.items():
        marked = field["highlight_query"]["bool"]["should"]
        assert marked == [{"match": {name: "north korea"}}]
    # A field longer than the index's highlighting limit is highlighted in its first part.
    assert body["highlight"]["max_analyzed_offset"] < 1_000_000
    assert "suggest" not in body  # asked only when nothing is found
    assert body["sort"][0] == "_score"
    assert body["track_total_hits"] is True


def test_when_no_article_holds_every_word_any_word_is_asked_with_typos_and_spellings(fake_es):
    search("north korea")
    every_word, any_word = fake_es.of("_search")
    assert "suggest" not in every_word.body
    body = any_word.body
    assert body["query"]["bool"]["filter"] == every_word.body["query"]["bool"]["filter"]
    assert body["aggs"] == every_word.body["aggs"]
    [alternatives] = body["query"]["bool"]["must"]
    exact, fuzzy = (a["multi_match"] for a in alternatives["bool"]["should"])
    # Any word finds an article; typos are allowed over the exact-word fields.
    assert exact["type"] == "cross_fields"
    assert exact["operator"] == "or"
    assert fuzzy["fuzziness"] == "AUTO"
    assert fuzzy["operator"] == "or"
    assert set(fuzzy["fields"]) == {"title^3", "standfirst^2", "body", "authors.name^2"}
    assert exact["query"] == fuzzy["query"] == "north korea"
    assert "should" not in body["query"]["bool"]
    # Bodies are marked where the words occur as typed (no fuzzy clause: the costly part);
    # standfirsts with typo matches too.
    fields = body["highlight"]["fields"]
    for name in ("body", "en.body", "ru.body"):
        assert fields[name]["highlight_query"]["bool"]["should"] == [
            {"match": {name: "north korea"}}
        ]
    exact, typos = fields["standfirst"]["highlight_query"]["bool"]["should"]
    assert exact == {"match": {"standfirst": "north korea"}}
    assert typos["match"]["standfirst"]["fuzziness"] == "AUTO"
    assert body["suggest"]["text"] == "north korea"


def test_quotes_make_a_phrase(fake_es):
    search('"winding road" hanoi')
    must = sent(fake_es).body["query"]["bool"]["must"]
    phrases = must[0]["dis_max"]["queries"]
    assert {"match_phrase": {"title": {"query": "winding road", "boost": 3.0}}} in phrases
    assert {"match_phrase": {"body": {"query": "winding road", "boost": 1.0}}} in phrases
    assert must[1]["multi_match"]["query"] == "hanoi"
    marked = sent(fake_es).body["highlight"]["fields"]["body"]["highlight_query"]["bool"]
    assert marked["should"] == [
        {"match_phrase": {"body": "winding road"}},
        {"match": {"body": "hanoi"}},
    ]


def test_filters_are_in_filter_context_and_facets_have_no_ten_bucket_cap(fake_es):
    search(
        "summit",
        tags=["sanctions", "hanoi-summit"],
        authors=["konstantin-asmolov"],
        topics=["russia"],
        types=["analysis", "news"],
        languages=["ru"],
        date_from=datetime.date(2019, 1, 1),
        date_to=datetime.date(2019, 12, 31),
    )
    body = sent(fake_es).body
    assert body["query"]["bool"]["filter"] == [
        UNEXPIRED,
        {"term": {"tags.slug": "sanctions"}},
        {"term": {"tags.slug": "hanoi-summit"}},
        {"term": {"authors.slug": "konstantin-asmolov"}},
        {"term": {"topics.slug": "russia"}},
        {"terms": {"type.slug": ["analysis", "news"]}},
        {"terms": {"language": ["ru"]}},
        {"range": {"date": {"gte": "2019-01-01", "lte": "2019-12-31"}}},
    ]
    aggs = body["aggs"]
    fields = {name: agg["terms"]["field"] for name, agg in aggs.items()}
    assert fields == {
        "tags": "tags.slug",
        "authors": "authors.slug",
        "topics": "topics.slug",
        "types": "type.slug",
        "languages": "language",
        "years": "year",
    }
    assert all(agg["terms"]["size"] >= 1000 for agg in aggs.values())


def test_no_text_lists_newest_first_without_scoring_text(fake_es):
    search(tags=["sanctions"])
    body = sent(fake_es).body
    assert "must" not in body["query"]["bool"]
    assert "highlight" not in body
    assert "suggest" not in body
    assert body["sort"] == [{"date": {"order": "desc"}}, {"page_id": {"order": "desc"}}]


def test_sort_newest_with_text(fake_es):
    search("summit", sort="newest")
    assert sent(fake_es).body["sort"][0] == {"date": {"order": "desc"}}


@pytest.mark.parametrize(
    ("page", "per_page", "expected_from"),
    [(1, 10, 0), (3, 10, 20), (1000, 10, 9990), (5000, 10, 9990), (-4, 10, 0), ("x", 10, 0)],
)
def test_deep_pages_stay_inside_the_result_window(fake_es, page, per_page, expected_from):
    result = search("summit", page=page, per_page=per_page)
    body = sent(fake_es).body
    assert body["from"] == expected_from
    assert body["from"] + body["size"] <= 10_000
    assert result.degraded is False


def test_any_text_is_sent_as_plain_short_text(fake_es):
    search("(" + "\\" * 3 + '"*\x00 AND OR NOT <script>' + "x " * 5000)
    body = sent(fake_es).body
    dumped = json.dumps(body)
    assert "\\u0000" not in dumped
    assert "query_string" not in dumped
    query = body["query"]["bool"]["must"][0]["multi_match"]["query"]
    assert len(query) <= 200
    assert query.startswith("AND OR NOT script x x")


@pytest.mark.parametrize("query", ["*", "?", "(", '"', "\\", '( \\ " *'])
def test_text_without_words_asks_nothing_and_finds_nothing(fake_es, ten_articles, query):
    # An empty bool.must would match every article: nothing is sent, nothing is found.
    result = search(query)
    assert (result.total, result.hits, result.backend) == (0, [], "elasticsearch")
    assert fake_es.of("_search") == []


def leaf_clauses(query) -> int:
    """The most leaf clauses a query (request data) can rewrite to: a word a field, a fuzzy
    word its expansions (50 unless bounded), a phrase one a field, a filter one."""
    if isinstance(query, list):
        return sum(leaf_clauses(q) for q in query)
    if not isinstance(query, dict):
        return 0
    total = 0
    for key, value in query.items():
        if key == "multi_match":
            words = 1 if value.get("type") == "phrase" else len(value["query"].split())
            expansions = value.get("max_expansions", 50) if "fuzziness" in value else 1
            total += len(value["fields"]) * words * expansions
        elif key in {"match_phrase", "term", "terms", "range", "exists"}:
            total += 1
        else:
            total += leaf_clauses(value)
    return total


@pytest.mark.parametrize("reader", [False, True])
@pytest.mark.parametrize(
    ("text", "requests"),
    [
        # With free words, a second request asks for any of them when none holds them all.
        (" ".join(f"word{i}" for i in range(100)), 2),
        (" ".join(f'"phrase{i} word{i}"' for i in range(50)), 1),
        (" ".join(f'"phrase{i} word{i}" word{i}' for i in range(50)), 2),
    ],
)
def test_the_worst_query_stays_under_the_smallest_clause_limit(
    fake_es, site_tree, rf, text, requests, reader
):
    # A reader's search adds the clause of its language's preference.
    search(text, request=rf.get("/search/") if reader else None)
    # Elasticsearch 8's limit is at least 1,024 leaf clauses (the smallest node's).
    sent = fake_es.of("_search")
    assert len(sent) == requests
    assert all(leaf_clauses(request.body["query"]) < 1024 for request in sent)


def test_a_long_query_keeps_its_first_words(fake_es):
    search(" ".join(f"word{i}" for i in range(100)))
    query = sent(fake_es).body["query"]["bool"]
    free = query["must"][0]["multi_match"]["query"]
    assert free.split() == [f"word{i}" for i in range(MAX_WORDS)]


@pytest.fixture
def ten_articles(site_tree):
    authors = [AuthorPageFactory() for _ in range(3)]
    return [ArticlePageFactory(authors=authors, tags=["a", "b", "c"]) for _ in range(10)]


def test_hits_are_hydrated_in_at_most_three_queries_in_elasticsearch_order(fake_es, ten_articles):
    ids = [a.pk for a in reversed(ten_articles)]
    answer = canned(ids)(None)[1]
    answer["hits"]["hits"][0]["highlight"] = {"body": ["the <mark>Body</mark> &amp; more"]}
    cache.clear()  # the count holds on a cold cache...
    Site.get_site_root_paths()  # ...but for Wagtail's site root paths, read once for long
    with CaptureQueriesContext(connection) as queries:
        result = es.result(make_params("body"), es.read_answer(answer))
    # Facet names are looked up only when there are facets; this answer has none.
    assert len(queries.captured_queries) <= 3
    assert [h.id for h in result.hits] == ids
    assert result.hits[0].highlights == ["the <mark>Body</mark> &amp; more"]
    assert len(result.hits[0].authors) == 3
    assert len(result.hits[0].tags) == 3


def test_a_hit_no_longer_live_or_public_is_dropped(fake_es, site_tree):
    live = ArticlePageFactory()
    draft = ArticlePageFactory(live=False)
    private = ArticlePageFactory()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    fake_es.routes[("POST", "_search")] = canned([draft.pk, private.pk, live.pk, 999_999])
    result = search("article")
    assert [h.id for h in result.hits] == [live.pk]
    assert result.backend == "elasticsearch"


def test_facets_come_back_with_names_and_counts(fake_es, ten_articles):
    tag_a = {"key": "a", "doc_count": 10}
    fake_es.routes[("POST", "_search")] = canned(
        [],
        total=0,
        aggs={
            "tags": {"buckets": [tag_a, {"key": "gone", "doc_count": 1}]},
            "types": {"buckets": [{"key": "analysis", "doc_count": 10}]},
            "years": {"buckets": [{"key": 2019, "doc_count": 10}]},
        },
        suggest={"spelling": [{"options": [{"text": "summit", "score": 0.5}]}]},
    )
    result = search("sumit")
    every_word, any_word = fake_es.of("_search")
    assert "suggest" not in every_word.body
    assert any_word.body["suggest"] == {
        "text": "sumit",
        "spelling": {
            "phrase": {
                "field": "body",
                "size": 3,
                "max_errors": 2,
                "direct_generator": [{"field": "body", "suggest_mode": "always"}],
            }
        },
    }
    assert result.facets["tags"] == [{"slug": "a", "name": "a", "count": 10}]
    assert result.facets["types"] == [{"slug": "analysis", "name": "Analysis", "count": 10}]
    assert result.facets["years"] == [{"key": 2019, "count": 10}]
    assert result.facets["authors"] == []
    assert result.facets["topics"] == []
    assert result.suggestions == ["summit"]


def test_one_elasticsearch_request_per_page_and_api_call(fake_es, ten_articles, client):
    fake_es.routes[("POST", "_search")] = canned([a.pk for a in ten_articles])
    assert client.get("/search/", {"q": "article", "tag": "a"}).status_code == 200
    assert len(fake_es.of("_search")) == 1
    response = client.get("/api/search/", {"q": "article"})
    assert response.status_code == 200
    assert response.json()["backend"] == "elasticsearch"
    assert len(response.json()["hits"]) == 10
    assert len(fake_es.of("_search")) == 2


SITE_FILTER = {
    "bool": {
        "should": [
            # The site's root in each language.
            {"prefix": {"url_path": "/home/"}},
            {"prefix": {"url_path": "/home-ru/"}},
            {"bool": {"must_not": [{"exists": {"field": "url_path"}}]}},
        ],
        "minimum_should_match": 1,
    }
}


def test_a_readers_search_keeps_to_the_site_of_the_request(fake_es, site_tree, rf):
    search("summit", request=rf.get("/search/"))
    scored = sent(fake_es).body["query"]["function_score"]["query"]
    assert scored["bool"]["filter"] == [UNEXPIRED, SITE_FILTER]


def test_suggestions_and_related_articles_keep_to_the_site_of_the_request(fake_es, site_tree, rf):
    page = ArticlePageFactory()
    request = rf.get("/")
    es.ElasticsearchBackend().suggest("sum", 8, request)
    es.ElasticsearchBackend().related(page, 3, request)
    suggest, related = fake_es.of("_search")
    assert suggest.body["query"]["bool"]["filter"] == [UNEXPIRED, SITE_FILTER]
    assert related.body["query"]["bool"]["filter"] == [UNEXPIRED, SITE_FILTER]


# The text fields of a search for a reader of each language: the fields analysed in it
# weigh one and a half times their boost.
READER_FIELDS = {
    "en": [
        *("title^3", "standfirst^2", "body", "authors.name^2"),
        *("en.title^4.5", "en.standfirst^3", "en.body^1.5"),
        *("ru.title^3", "ru.standfirst^2", "ru.body"),
        *("documents", "en.documents^1.5", "ru.documents"),
    ],
    "ru": [
        *("title^3", "standfirst^2", "body", "authors.name^2"),
        *("en.title^3", "en.standfirst^2", "en.body"),
        *("ru.title^4.5", "ru.standfirst^3", "ru.body^1.5"),
        *("documents", "en.documents", "ru.documents^1.5"),
    ],
}


@pytest.mark.parametrize(("url", "language"), [("/api/search/", "en"), ("/ru/api/search/", "ru")])
def test_a_readers_language_weighs_its_analysis_and_its_articles(
    fake_es, site_tree, client, url, language
):
    assert client.get(url, {"q": "north korea"}).status_code == 200
    readers = fake_es.of("_search")
    search("north korea")  # no reader: no preference
    anyones = fake_es.of("_search")[len(readers) :]
    # Nothing found: the second request (any word, typos, spellings) prefers the language too.
    assert len(readers) == len(anyones) == 2
    for reader, anyone in zip(readers, anyones, strict=True):
        preference = reader.body["query"]["function_score"]
        assert preference["functions"] == [
            {"filter": {"term": {"language": language}}, "weight": READER_LANGUAGE_BOOST}
        ]
        assert preference["boost_mode"] == "multiply"
        assert preference["query"]["bool"]["filter"] == [UNEXPIRED, SITE_FILTER]
        # Highlights, facets, spellings, paging and order are the same as anyone's.
        assert {k: v for k, v in reader.body.items() if k != "query"} == {
            k: v for k, v in anyone.body.items() if k != "query"
        }
    every_word, any_word = (r.body["query"]["function_score"]["query"]["bool"] for r in readers)
    [words] = (clause["multi_match"] for clause in every_word["must"])
    assert words["fields"] == READER_FIELDS[language]
    [in_order] = every_word["should"]
    assert set(in_order["multi_match"]["fields"]) == set(READER_FIELDS[language])
    [alternatives] = any_word["must"]
    exact, fuzzy = (a["multi_match"] for a in alternatives["bool"]["should"])
    assert exact["fields"] == READER_FIELDS[language]
    # Typos are allowed over the exact words only, whoever reads.
    assert set(fuzzy["fields"]) == {"title^3", "standfirst^2", "body", "authors.name^2"}


def test_a_readers_phrase_weighs_its_languages_analysis(fake_es, site_tree, client):
    client.get("/ru/search/", {"q": '"winding road"'})
    scored = sent(fake_es).body["query"]["function_score"]["query"]["bool"]
    phrases = scored["must"][0]["dis_max"]["queries"]
    assert {"match_phrase": {"ru.title": {"query": "winding road", "boost": 4.5}}} in phrases
    assert {"match_phrase": {"en.title": {"query": "winding road", "boost": 3.0}}} in phrases
    assert {"match_phrase": {"title": {"query": "winding road", "boost": 3.0}}} in phrases


@pytest.mark.parametrize(
    ("params", "arguments"),
    [
        ({"q": "summit", "sort": "newest"}, {"query": "summit", "sort": "newest"}),
        ({"tag": "sanctions"}, {"tags": ["sanctions"]}),
    ],
)
def test_newest_first_a_readers_search_is_anyones(fake_es, site_tree, client, params, arguments):
    fake_es.routes[("POST", "_search")] = canned([], total=1)
    client.get("/ru/api/search/", params)
    search(**arguments)  # no reader
    reader, anyone = (request.body for request in fake_es.of("_search"))
    assert "function_score" not in json.dumps(reader)
    # The same request, but for keeping to the reader's site.
    assert reader["query"]["bool"]["filter"].pop(1) == SITE_FILTER
    assert reader == anyone


def test_the_readers_language_is_the_one_the_url_names_else_the_sites(rf):
    assert reader_language(None) is None
    for active, reader in (("ru", "ru"), ("en", "en"), ("de", "en"), ("ru-ru", "en")):
        with translation.override(active):
            assert reader_language(rf.get("/search/")) == reader
