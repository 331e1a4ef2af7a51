"""Property-based hostile input (hypothesis) over every public query parameter and path
segment: never a 5xx; HTML never echoes generated markup raw; JSON is always JSON.

Examples are drawn deterministically (the "repeatable" profile, tests/conftest.py), on the
content of tests/test_hostile_input.py, made once for the module.
"""

import json
from urllib.parse import quote

from django.test import Client

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.hostile import MARK, PAYLOADS
from tests.test_hostile_input import content  # noqa: F401 (the module's shared content)

pytestmark = pytest.mark.django_db

# Any text a URL can carry (lone surrogates cannot be encoded), the payloads, and markup
# that opens with a mark, so an echo of it is found.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
NUMBERS = st.integers(min_value=-(10**12), max_value=10**12).map(str)
VALUES = st.one_of(
    ANY_TEXT, NUMBERS, st.sampled_from(PAYLOADS), ANY_TEXT.map(lambda t: f'<{MARK}"{t}')
)
ECHO = f"<{MARK}"

LISTINGS = ["/", "/articles/", "/ru/", "/ru/articles/", "/authors/toloraya/", "/tags/dprk/",
            "/topics/korea/", "/experts/", "/reports/", "/ru/reports/"]  # fmt: skip
INDEX_PARAMS = ["page", "tag", "topic", "author", "type", "language", "series", "year"]
SEARCH_PARAMS = ["q", "page", "tag", "author", "topic", "type", "from", "to", "sort"]
FEEDS = ["/feeds/rss/", "/feeds/atom/", "/feeds/json/", "/authors/toloraya/feed/",
         "/tags/dprk/feed/atom/", "/topics/korea/feed/", "/types/analysis/feed/"]  # fmt: skip
API_PARAMS = ["type", "fields", "order", "search", "limit", "offset", "child_of",
              "descendant_of", "slug", "tags", "search_operator", "locale"]  # fmt: skip
SEGMENT_URLS = ["/authors/{}/", "/authors/{}/feed/", "/authors/{}/feed/atom/", "/tags/{}/",
                "/tags/{}/feed/", "/tags/{}/feed/atom/", "/topics/{}/", "/topics/{}/feed/",
                "/topics/{}/feed/atom/", "/types/{}/feed/", "/articles/{}/", "/{}/",
                "/ru/articles/{}/", "/ru/{}/", "/{}/articles/", "/authors/{}/contact/"]  # fmt: skip


def params_of(names):
    return st.dictionaries(st.sampled_from(names), VALUES, min_size=1, max_size=3)


def check(response, url):
    assert response.status_code < 500, url
    kind = response.get("Content-Type", "")
    if "json" in kind:
        json.loads(response.content)
    elif "html" in kind:
        assert ECHO not in response.content.decode(), url


@settings(max_examples=30)
@given(url=st.sampled_from(LISTINGS), params=params_of(INDEX_PARAMS))
def test_listings_and_index_filters(content, url, params):  # noqa: F811
    check(Client().get(url, params), url)


@settings(max_examples=30)
@given(
    url=st.sampled_from(["/search/", "/api/search/", "/ru/search/", "/ru/api/search/"]),
    params=params_of(SEARCH_PARAMS),
)
def test_search_page_and_api(content, url, params):  # noqa: F811
    check(Client().get(url, params), url)


@settings(max_examples=15)
@given(q=VALUES)
def test_search_suggestions(content, q):  # noqa: F811
    check(Client().get("/api/search/suggest/", {"q": q}), q)


@settings(max_examples=20)
@given(url=st.sampled_from(FEEDS), params=params_of(["limit", "lang", "page", "format"]))
def test_feeds(content, url, params):  # noqa: F811
    response = Client().get(url, params)
    assert response.status_code in (200, 400, 404), url


@settings(max_examples=30)
@given(params=params_of(API_PARAMS))
@example(params={"search": "a\x00b"})  # once a database error on PostgreSQL
@example(params={"search": "a", "search_operator": "0"})  # once a ValueError
def test_api_v2_pages(content, params):  # noqa: F811
    response = Client().get("/api/v2/pages/", params)
    assert response.status_code in (200, 400), params
    json.loads(response.content)


@settings(max_examples=30)
@given(template=st.sampled_from(SEGMENT_URLS), segment=VALUES.filter(bool))
def test_path_segments(content, template, segment):  # noqa: F811
    url = template.format(quote(segment, safe=""))
    check(Client().get(url), url)
