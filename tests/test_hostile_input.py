"""Malformed and hostile input on the reader pages: a 200 or a 404, never a 500."""

from django.db import transaction

import pytest

from cms.site_tree import ensure_site_tree
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
LONG = "x" * 10_000

# Query parameters, each with the name its test goes by.
HOSTILE_PARAMS = [
    pytest.param({"page": "-1"}, id="page-negative"),
    pytest.param({"page": "0"}, id="page-zero"),
    pytest.param({"page": "abc"}, id="page-letters"),
    pytest.param({"page": "99999"}, id="page-past-the-end"),
    pytest.param({"page": "1e9"}, id="page-exponent"),
    pytest.param({"page": LONG}, id="page-10k-chars"),
    pytest.param({"page": "1\x00"}, id="page-nul-byte"),
    pytest.param({"page": SCRIPT}, id="page-script"),
    pytest.param({"tag": SCRIPT}, id="tag-script"),
    pytest.param({"topic": SCRIPT}, id="topic-script"),
    pytest.param({"author": SCRIPT}, id="author-script"),
    pytest.param({"tag": LONG}, id="tag-10k-chars"),
    pytest.param({"topic": LONG, "author": LONG}, id="topic-and-author-10k-chars"),
    pytest.param({"tag": "dprk\x00"}, id="tag-nul-byte"),
    pytest.param({"topic": "\x00", "author": "a\x00b"}, id="topic-and-author-nul-bytes"),
    pytest.param({"language": SCRIPT}, id="language-script"),
    pytest.param({"topic": LONG, "language": LONG}, id="topic-and-language-10k-chars"),
    pytest.param({"language": "e\x00n"}, id="language-nul-byte"),
    pytest.param({"tag": ["dprk", SCRIPT], "page": ["2", "x"]}, id="tag-and-page-repeated"),
    pytest.param({SCRIPT: SCRIPT}, id="script-as-name-and-value"),
]


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """Two pages of articles by one author (an expert), with a tag and a topic, made once
    for the module's hundred-odd cases inside a transaction rolled back at its end (each
    case runs in a savepoint of it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site_tree()
        topic = TopicFactory(slug="korea")
        author = AuthorPageFactory(slug="toloraya", expertise=[topic], languages=["en"])
        for _ in range(13):
            ArticlePageFactory(authors=[author], tags=["dprk"], topics=[topic])
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("params", HOSTILE_PARAMS)
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/authors/",
        "/authors/toloraya/",
        "/tags/dprk/",
        "/topics/korea/",
        "/experts/",
    ],
)
def test_hostile_query_parameters(client, content, url, params):
    response = client.get(url, params)

    assert response.status_code in (200, 404)
    assert SCRIPT.encode() not in response.content


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
        pytest.param(f"/tags/{LONG}/", id="/tags/10k-chars/"),
        pytest.param(f"/articles/{LONG}/", id="/articles/10k-chars/"),
        pytest.param(f"/authors/{LONG}/", id="/authors/10k-chars/"),
        "/authors/%3Cscript%3Ealert(1)%3C%2Fscript%3E/contact/",
        "/authors/a%00b/contact/",
        "/authors/toloraya/contact/",  # an expert without a private address
        pytest.param(f"/authors/{LONG}/contact/", id="/authors/10k-chars/contact/"),
    ],
)
@pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")
def test_hostile_paths_are_404(client, content, url):
    response = client.get(url)

    assert response.status_code == 404
    assert SCRIPT.encode() not in response.content


def test_out_of_range_page_shows_the_last_page(client, content):
    response = client.get("/articles/", {"page": "99999"})

    assert b"Page 2 of 2" in response.content


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("abc", id="letters"),
        pytest.param("-1x", id="negative-with-letter"),
        pytest.param("1e9", id="exponent"),
        pytest.param("", id="empty"),
    ],
)
def test_malformed_page_number_shows_the_first_page(client, content, page):
    response = client.get("/articles/", {"page": page})

    assert b"Page 1 of 2" in response.content


def test_hostile_filter_value_is_shown_escaped(client, content):
    response = client.get("/articles/", {"tag": SCRIPT})

    assert b"<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in response.content
    assert b"No articles found." in response.content
