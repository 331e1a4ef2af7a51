"""Malformed and hostile input on the reader pages: a 200 or a 404, never a 500."""

import pytest

from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
LONG = "x" * 10_000

HOSTILE_PARAMS = [
    {"page": "-1"},
    {"page": "0"},
    {"page": "abc"},
    {"page": "99999"},
    {"page": "1e9"},
    {"page": LONG},
    {"page": "1\x00"},
    {"page": SCRIPT},
    {"tag": SCRIPT},
    {"topic": SCRIPT},
    {"author": SCRIPT},
    {"tag": LONG},
    {"topic": LONG, "author": LONG},
    {"tag": "dprk\x00"},
    {"topic": "\x00", "author": "a\x00b"},
    {"tag": ["dprk", SCRIPT], "page": ["2", "x"]},
    {SCRIPT: SCRIPT},
]


@pytest.fixture
def content(site_tree):
    author = AuthorPageFactory(slug="toloraya")
    topic = TopicFactory(slug="korea")
    for _ in range(13):
        ArticlePageFactory(authors=[author], tags=["dprk"], topics=[topic])


@pytest.mark.parametrize(
    "url", ["/", "/articles/", "/authors/", "/authors/toloraya/", "/tags/dprk/", "/topics/korea/"]
)
def test_hostile_query_parameters(client, content, url):
    for params in HOSTILE_PARAMS:
        response = client.get(url, params)

        assert response.status_code in (200, 404), params
        assert SCRIPT.encode() not in response.content, params


@pytest.mark.parametrize(
    "url",
    [
        "/tags/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/topics/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/authors/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/tags/a%00b/",
        "/topics/%00/",
        "/articles/a%00b/",
        "/authors/a%00b/",
        "/a%00b/",
        f"/tags/{LONG}/",
        f"/articles/{LONG}/",
        f"/authors/{LONG}/",
    ],
)
def test_hostile_paths_are_404(client, content, url):
    response = client.get(url)

    assert response.status_code == 404
    assert SCRIPT.encode() not in response.content


def test_out_of_range_page_shows_the_last_page(client, content):
    response = client.get("/articles/", {"page": "99999"})

    assert b"Page 2 of 2" in response.content


@pytest.mark.parametrize("page", ["abc", "-1x", "1e9", ""])
def test_malformed_page_number_shows_the_first_page(client, content, page):
    response = client.get("/articles/", {"page": page})

    assert b"Page 1 of 2" in response.content


def test_hostile_filter_value_is_shown_escaped(client, content):
    response = client.get("/articles/", {"tag": SCRIPT})

    assert b"<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in response.content
    assert b"No articles found." in response.content
