"""The search page, /api/search/ and /api/search/suggest/ on the database backend."""

import datetime
import re

import pytest

from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

HIT_KEYS = {
    *("title", "url", "standfirst", "date", "type", "language"),
    *("authors", "tags", "topics", "highlights", "found_in"),
}


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}


def make_articles(count):
    authors = [AuthorPageFactory() for _ in range(3)]
    topics = [TopicFactory() for _ in range(3)]
    return [
        ArticlePageFactory(
            title=f"Summit report {i}",
            display_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=i),
            body=[("paragraph", f"<p>The summit & the <b>talks</b>, part {i}.</p>")],
            authors=authors,
            tags=["summits", f"tag-{i}"],
            topics=topics,
        )
        for i in range(count)
    ]


def test_the_api_answers_in_the_designed_shape(client, site_tree):
    make_articles(2)
    data = client.get("/api/search/", {"q": "summit"}).json()
    assert set(data) == {
        "query", "total", "page", "pages", "backend", "degraded", "hits", "facets", "suggestions"
    }  # fmt: skip
    assert (data["query"], data["total"], data["page"], data["pages"]) == ("summit", 2, 1, 1)
    assert (data["backend"], data["degraded"]) == ("database", False)
    hit = data["hits"][0]
    assert set(hit) == HIT_KEYS
    assert hit["url"].startswith("http://testserver/articles/")
    assert set(hit["authors"][0]) == {"name", "slug", "url"}
    assert hit["authors"][0]["url"].startswith("http://testserver/authors/")
    assert set(hit["tags"][0]) == {"name", "slug"}
    assert hit["highlights"][0].startswith("The <mark>summit</mark> &amp; the talks")
    assert datetime.date.fromisoformat(hit["date"])
    assert set(data["facets"]) == {"tags", "authors", "topics", "types", "languages", "years"}
    assert {"slug": "summits", "name": "summits", "count": 2} in data["facets"]["tags"]
    assert data["facets"]["years"] == [{"key": 2019, "count": 2}]


@pytest.mark.parametrize("value", ["2019-13-01", "yesterday", "2019-1-1", "\x00"])
def test_a_bad_date_is_a_400_on_the_api_and_a_notice_on_the_page(client, site_tree, value):
    make_articles(1)
    response = client.get("/api/search/", {"q": "summit", "from": value})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["error"]
    page = client.get("/search/", {"q": "summit", "to": value})
    assert page.status_code == 200
    assert "That date was ignored" in page.content.decode()
    assert "Summit report 0" in page.content.decode()


@pytest.mark.parametrize("value", ["0", "-3", "abc", "99999999999999", "\x00"])
def test_a_bad_or_deep_page_number_is_never_an_error(client, site_tree, value):
    make_articles(2)
    for url in ("/search/", "/api/search/"):
        assert client.get(url, {"q": "summit", "page": value}).status_code == 200


def test_the_page_shows_hits_facets_filters_and_keeps_parameters(client, site_tree):
    make_articles(12)
    response = client.get("/search/", {"q": "summit", "tag": "summits", "sort": "newest"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-q">' in html
    assert "12 results for “summit”" in html
    assert "The <mark>summit</mark> &amp; the talks" in html
    assert "Tag: summits" in html  # active, removable
    assert 'href="?q=summit&amp;sort=newest"' in html  # the filter's remove link
    assert 'tag-3 <span class="search-facet__count">(1)</span>' in html
    assert 'href="?q=summit&amp;tag=summits&amp;sort=newest&amp;page=2"' in html
    assert '<strong aria-current="true">Newest first</strong>' in html


def test_the_page_narrows_by_language(client, site_tree):
    make_articles(3)
    ArticlePageFactory(title="Саммит", slug="sammit", language="ru", standfirst="Итоги саммита.")
    html = client.get("/search/", {"tag": "summits"}).content.decode()
    assert "<h3>Languages</h3>" in html
    assert 'English <span class="search-facet__count">(3)</span>' in html
    narrowed = client.get("/search/", {"lang": "ru"}).content.decode()
    assert "Language: Russian" in narrowed  # active, removable
    titles = re.findall(r'<h3 class="search-hit__title"><a [^>]*>([^<]*)</a>', narrowed)
    assert titles == ["Саммит"]
    assert '<li class="search-hit" lang="ru">' in narrowed  # read out in Russian
    api = client.get("/api/search/", {"lang": "ru"}).json()
    assert [(hit["title"], hit["language"]) for hit in api["hits"]] == [("Саммит", "ru")]


def test_the_page_lists_the_most_frequent_facet_values_and_the_chosen_ones(
    client, site_tree, monkeypatch
):
    monkeypatch.setattr("search.views.FACETS_SHOWN", 2)
    make_articles(5)  # "summits" on each, "tag-0" to "tag-4" on one each
    html = client.get("/search/", {"q": "summit"}).content.decode()
    assert 'summits <span class="search-facet__count">(5)</span>' in html
    assert 'tag-0 <span class="search-facet__count">(1)</span>' in html
    assert "tag-1 <span" not in html
    chosen = client.get("/search/", {"q": "summit", "tag": "tag-4"}).content.decode()
    assert 'tag-4 <span class="search-facet__count">(1)</span>' in chosen
    # The API answers every value, up to search.results.MAX_FACET_VALUES.
    tags = client.get("/api/search/", {"q": "summit"}).json()["facets"]["tags"]
    assert len(tags) == 6


def test_the_api_answers_up_to_as_many_values_of_a_facet_as_its_limit(
    client, site_tree, monkeypatch
):
    monkeypatch.setattr("search.backends.database.MAX_FACET_VALUES", 3)
    make_articles(5)  # "summits" on each, "tag-0" to "tag-4" on one each
    tags = client.get("/api/search/", {"q": "summit"}).json()["facets"]["tags"]
    # The most frequent first; among equals, by name.
    assert [(tag["slug"], tag["count"]) for tag in tags] == [
        ("summits", 5),
        ("tag-0", 1),
        ("tag-1", 1),
    ]


def test_a_tag_alone_lists_its_articles(client, site_tree):
    make_articles(3)
    html = client.get("/search/", {"tag": "tag-1"}).content.decode()
    assert "1 result" in html
    assert "Summit report 1" in html


def test_nothing_found_offers_suggestions_filters_and_topics(client, site_tree):
    make_articles(2)
    html = client.get("/search/", {"q": "sumit", "tag": "summits"}).content.decode()
    assert "0 results" in html
    assert "Did you mean:" in html
    assert "summit" in html
    assert "search without filters" in html
    assert "/topics/topic-" in html


def test_the_header_has_a_labelled_search_box(client, site_tree):
    html = client.get("/search/").content.decode()
    assert '<form class="site-search" role="search" action="/search/" method="get">' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_suggestions_for_the_search_box(client, site_tree):
    make_articles(2)
    data = client.get("/api/search/suggest/", {"q": "summ"}).json()
    assert data["query"] == "summ"
    kinds = {(s["type"], s["label"]) for s in data["suggestions"]}
    assert ("article", "Summit report 1") in kinds
    assert ("tag", "summits") in kinds
    assert all(s["url"].startswith("http://testserver/") for s in data["suggestions"])
    assert client.get("/api/search/suggest/", {"q": "s"}).json()["suggestions"] == []
    assert client.get("/api/search/suggest/", {"q": "\x00(\\"}).status_code == 200


@pytest.mark.parametrize(
    "params", [{"q": "summit"}, {"q": "summit", "tag": "summits"}, {"tag": "summits"}]
)
def test_query_budget_with_facets_flat_in_the_number_of_hits(
    client, site_tree, django_assert_max_num_queries, params
):
    counts = {}
    for added in (1, 19):  # 1 hit, then 20
        make_articles(added)
        client.get("/search/", params)  # warm: Wagtail's site caches
        for url in ("/search/", "/api/search/"):
            with django_assert_max_num_queries(12) as captured:
                response = client.get(url, params)
            assert response.status_code == 200
            counts.setdefault(url, set()).add(len(captured.captured_queries))
    assert all(len(found) == 1 for found in counts.values()), counts
