"""One search suite, run on every backend that is reachable.

"database" always; "elasticsearch" on the live node (ELASTICSEARCH_URL; the fixture
rebuilds an index of the test's own from the same content).
"""

import datetime
import io
import re

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.search import index

import pytest

from search.rebuild import rebuild, refresh
from search.service import search, suggest
from tests.factories import ArticlePageFactory, ArticleTypeFactory, AuthorPageFactory, TopicFactory

HOSTILE = [
    pytest.param("x" * 10_000, id="10k-chars"),
    pytest.param("a\x00b", id="nul-byte"),
    pytest.param("(", id="open-paren"),
    pytest.param("\\", id="backslash"),
    pytest.param('"', id="lone-quote"),
    pytest.param("*", id="wildcard"),
    pytest.param("AND OR NOT", id="operators"),
    pytest.param("<script>alert(1)</script>", id="script"),
]


@pytest.fixture
def content(backend, site_tree):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    sanctions = TopicFactory(name="Sanctions policy", slug="sanctions-policy")
    writer = AuthorPageFactory(title="Irina Volkova", slug="irina-volkova")
    news = ArticleTypeFactory(name="News", slug="news")
    made = {
        "ru": ArticlePageFactory(
            title="Режим санкций",
            slug="rezhim-sanktsiy",
            language="ru",
            standfirst="О режиме санкций.",  # noqa: RUF001
            body=[("paragraph", "<p>Новый режим санкций против КНДР вступил в силу.</p>")],
            display_date=datetime.date(2021, 5, 1),
            article_type=news,
            authors=[writer],
            topics=[sanctions],
            tags=["sanctions"],
        ),
        "ko": ArticlePageFactory(
            title="Denuclearization talks in Korean",
            slug="korean-talks",
            body=[("paragraph", "<p>한반도 비핵화 협상이 재개되었다.</p>")],
            display_date=datetime.date(2020, 2, 3),
            authors=[writer],
            tags=["korean-language"],
        ),
        "private": ArticlePageFactory(
            title="Private zebra memo",
            slug="private-zebra-memo",
            body=[("paragraph", "<p>zebra zebra</p>")],
        ),
        "draft": ArticlePageFactory(
            title="Draft zebra memo",
            slug="draft-zebra-memo",
            live=False,
            body=[("paragraph", "<p>zebra</p>")],
        ),
    }
    PageViewRestriction.objects.create(
        page=made["private"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for article in made.values():
        # Credits are added after the page is saved: index the page again with them.
        index.insert_or_update_object(article)
    if backend == "elasticsearch":
        rebuild()
        refresh()
    return made


def slugs(result):
    return [hit.url.rstrip("/").rsplit("/", 1)[-1] for hit in result.hits]


def test_a_phrase_from_a_body_finds_its_article_first(content, backend):
    result = search('"predictions for the second summit"')
    assert result.backend == backend
    assert result.degraded is False
    assert slugs(result)[0] == "second-trump-kim-summit-started-with-a-bang-ended-in-a-fizzle"
    assert any("<mark>" in h for h in result.hits[0].highlights)


def test_an_authors_name_finds_their_articles(content):
    result = search("Konstantin Asmolov")
    assert set(slugs(result)) == {
        "kim-trump-i-know-that-you-know-i-know",
        "second-trump-kim-summit-started-with-a-bang-ended-in-a-fizzle",
        "prospects-of-kim-jong-uns-visit-to-russia",
    }
    assert result.hits[0].authors[0] == {
        "name": "Konstantin Asmolov",
        "slug": "konstantin-asmolov",
        "url": "/authors/konstantin-asmolov/",
    }


def test_a_tag_alone_lists_its_articles_newest_first(content):
    result = search(tags=["sanctions"])
    assert slugs(result) == [
        "rezhim-sanktsiy",
        "prospects-of-kim-jong-uns-visit-to-russia",
        "russia-dprk-summit-will-give-both-sides-more-freedom-to-manoeuvre",
    ]


def test_filters_combine(content):
    assert slugs(search("summit", tags=["sanctions"], authors=["georgy-toloraya"])) == [
        "russia-dprk-summit-will-give-both-sides-more-freedom-to-manoeuvre"
    ]
    assert slugs(search(topics=["sanctions-policy"])) == ["rezhim-sanktsiy"]
    assert set(slugs(search(types=["news", "interview"]))) == {
        "rezhim-sanktsiy",
        "russia-dprk-summit-will-give-both-sides-more-freedom-to-manoeuvre",
    }
    dated = search(date_from=datetime.date(2019, 3, 22), date_to=datetime.date(2019, 3, 29))
    assert set(slugs(dated)) == {
        "kim-trump-i-know-that-you-know-i-know",
        "russia-dprk-summit-will-give-both-sides-more-freedom-to-manoeuvre",
    }
    assert search("summit", tags=["no-such-tag"]).total == 0


def test_the_language_facet_counts_and_narrows(content):
    every = search(tags=["sanctions"], per_page=50)
    languages = {b["slug"]: (b["name"], b["count"]) for b in every.facets["languages"]}
    english = sum(1 for hit in every.hits if hit.url != "/ru/articles/rezhim-sanktsiy/")
    assert languages == {"en": ("English", english), "ru": ("Russian", 1)}
    assert slugs(search(tags=["sanctions"], languages=["ru"])) == ["rezhim-sanktsiy"]
    assert "rezhim-sanktsiy" not in slugs(search(tags=["sanctions"], languages=["en"], per_page=50))
    assert search("санкций", languages=["en"]).total == 0
    assert slugs(search("санкций", languages=["ru"])) == ["rezhim-sanktsiy"]
    assert search(tags=["sanctions"], languages=["fr"]).total == 0


def test_facet_counts_match_the_hits(content):
    result = search("summit", per_page=50)
    assert result.total == len(result.hits) > 0
    for kind in ("tags", "authors", "topics"):
        for bucket in result.facets[kind]:
            expected = sum(
                bucket["slug"] in {x["slug"] for x in getattr(h, kind)} for h in result.hits
            )
            assert bucket["count"] == expected, (kind, bucket)
            narrowed = search("summit", per_page=50, **{kind: [bucket["slug"]]})
            assert narrowed.total == bucket["count"]
    years = {b["key"]: b["count"] for b in result.facets["years"]}
    assert years == {2019: result.total}
    assert {b["slug"]: b["name"] for b in result.facets["types"]}["analysis"] == "Analysis"


def test_pagination_and_newest_first(content):
    everything = search(per_page=50)
    first, second = search(per_page=3, page=1), search(per_page=3, page=2)
    assert first.total == everything.total == 7
    assert (first.page, first.pages, second.page) == (1, 3, 2)
    assert slugs(first) + slugs(second) == slugs(everything)[:6]
    dates = [h.date for h in everything.hits]
    assert dates == sorted(dates, reverse=True)
    newest = search("summit", sort="newest")
    assert [h.date for h in newest.hits] == sorted((h.date for h in newest.hits), reverse=True)


def test_cyrillic_and_korean_words_find_their_articles(content):
    assert slugs(search("санкций")) == ["rezhim-sanktsiy"]
    assert slugs(search("비핵화")) == ["korean-talks"]


def test_private_and_draft_articles_are_never_found(content):
    assert search("zebra").total == 0


def test_a_misspelling_gets_a_suggestion(content):
    result = search("sumit")
    if result.total == 0:
        assert result.suggestions
        assert "summit" in result.suggestions[0]
    else:  # Elasticsearch's typo tolerance already found what the right spelling finds
        assert set(slugs(result)) == set(slugs(search("summit")))


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_answered(content, client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    api = client.get("/api/search/", {"q": query})
    assert api.status_code == 200
    assert len(api.json()["query"]) <= 200
    for hit in api.json()["hits"]:
        assert "<script" not in " ".join(hit["highlights"])


@pytest.mark.parametrize("query", ["*", "?", "(", '"', "\\", "* ? ( \\"])
def test_a_query_with_no_word_finds_nothing(content, backend, query):
    result = search(query)
    assert (result.backend, result.total, result.hits) == (backend, 0, [])


def test_the_most_matched_words_come_first_when_no_article_has_them_all(content):
    result = search("Toloraya manoeuvre xylophone")
    assert slugs(result)[0] == "russia-dprk-summit-will-give-both-sides-more-freedom-to-manoeuvre"
    assert "north-korea-the-winding-road-to-denuclearization" in slugs(result)


def test_an_article_with_every_word_ranks_first(content):
    result = search("Asmolov Russia visit")
    assert slugs(result)[0] == "prospects-of-kim-jong-uns-visit-to-russia"


def test_expired_articles_are_neither_found_nor_suggested(content, backend):
    expired = ArticlePageFactory(
        title="Expired walrus memo",
        slug="expired-walrus-memo",
        tags=["walrus"],
        expire_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    index.insert_or_update_object(expired)
    if backend == "elasticsearch":
        rebuild()
        refresh()
    assert search("walrus").total == 0
    assert search(tags=["walrus"]).total == 0
    assert all(b["slug"] != "walrus" for b in search(per_page=50).facets["tags"])
    assert not [s for s in suggest("walrus") if s["type"] == "article"]


@pytest.fixture
def counterparts(backend, site_tree):
    """An English article and its Russian counterpart, alike in length, both naming Georgy
    Toloraya and BRICS in Latin letters, so that every backend ranks them close together;
    the Russian one the older. Ten other articles make the words rare, as in an archive
    (SQLite's rank of a phrase with other words is then positive)."""
    for _ in range(10):
        ArticlePageFactory()
    made = {
        "en": ArticlePageFactory(
            title="Toloraya on BRICS",
            slug="toloraya-on-brics",
            standfirst="Georgy Toloraya on the BRICS summit.",
            body=[("paragraph", "<p>Georgy Toloraya discusses the BRICS summit in Kazan.</p>")],
            display_date=datetime.date(2024, 10, 25),
        ),
        "ru": ArticlePageFactory(
            title="Toloraya о BRICS",  # noqa: RUF001
            slug="toloraya-o-brics",
            language="ru",
            standfirst="Георгий Толорая (Georgy Toloraya) о саммите BRICS.",  # noqa: RUF001
            body=[("paragraph", "<p>Georgy Toloraya о саммите BRICS в Казани.</p>")],  # noqa: RUF001
            display_date=datetime.date(2024, 10, 24),
        ),
    }
    if backend == "elasticsearch":
        rebuild()
        refresh()
    return made


def page_titles(client, url: str, query: str, **params) -> list[str]:
    """The titles of the hits the search page ``url`` lists for ``query``, in order."""
    html = client.get(url, {"q": query, **params}).content.decode()
    return re.findall(r'<h3 class="search-hit__title"><a [^>]*>([^<]*)</a>', html)


@pytest.mark.parametrize("query", ["Toloraya", "BRICS Toloraya", '"Georgy Toloraya" BRICS'])
def test_the_readers_language_comes_first_and_the_other_is_still_found(counterparts, client, query):
    english, russian = counterparts["en"].title, counterparts["ru"].title
    assert page_titles(client, "/search/", query) == [english, russian]
    assert page_titles(client, "/ru/search/", query) == [russian, english]


def test_the_api_prefers_the_language_of_its_url_as_the_page_does(counterparts, client, backend):
    english = client.get("/api/search/", {"q": "Toloraya"}).json()
    russian = client.get("/ru/api/search/", {"q": "Toloraya"}).json()
    assert (russian["backend"], russian["degraded"]) == (backend, False)
    assert [hit["language"] for hit in english["hits"]] == ["en", "ru"]
    assert [hit["language"] for hit in russian["hits"]] == ["ru", "en"]
    assert [hit["title"] for hit in russian["hits"]] == page_titles(
        client, "/ru/search/", "Toloraya"
    )


def test_a_query_in_the_other_script_finds_the_other_languages_article(counterparts, client):
    assert page_titles(client, "/search/", "Толорая") == [counterparts["ru"].title]
    assert page_titles(client, "/ru/search/", "Kazan") == [counterparts["en"].title]


def test_the_readers_language_neither_filters_nor_reorders_newest_first(counterparts, client):
    english, russian = counterparts["en"].title, counterparts["ru"].title
    assert page_titles(client, "/ru/search/", "Toloraya", sort="newest") == [english, russian]
    assert page_titles(client, "/ru/search/", "Toloraya", lang="en") == [english]
    facets = client.get("/ru/api/search/", {"q": "Toloraya"}).json()["facets"]["languages"]
    assert {bucket["slug"]: bucket["count"] for bucket in facets} == {"en": 1, "ru": 1}
