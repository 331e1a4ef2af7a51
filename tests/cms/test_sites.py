"""Two sites in one installation (``two_sites``, tests/conftest.py): each reader surface
shows its own site's articles only."""

import pytest

from search.service import search, suggest

pytestmark = pytest.mark.django_db

HERE = {"HTTP_HOST": "localhost"}
THERE = {"HTTP_HOST": "other.test"}


READER_PAGES = [
    "/",
    "/articles/",
    "/tags/shared/",
    "/topics/shared-topic/",
    "/authors/shared-author/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/json/",
    "/tags/shared/feed/",
    "/topics/shared-topic/feed/",
    "/authors/shared-author/feed/",
    "/sitemap-pages.xml",
    "/sitemap-news.xml",
    "/search/?q=walrus",
    "/api/search/?q=walrus",
    "/api/search/suggest/?q=walrus",
    "/api/v2/pages/?type=articles.ArticlePage&fields=title",
]


@pytest.mark.parametrize("url", READER_PAGES)
def test_a_reader_surface_lists_only_its_own_sites_articles(client, two_sites, url):
    response = client.get(url, **HERE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Local walrus" in text or "/articles/local/" in text
    assert "Remote walrus" not in text
    assert "/articles/remote/" not in text


def test_the_other_site_serves_its_own_article(client, two_sites):
    assert client.get("/articles/remote/", **THERE).status_code == 200
    assert "Remote walrus" in client.get("/feeds/rss/", **THERE).content.decode()
    assert "Local walrus" not in client.get("/tags/shared/", **THERE).content.decode()


def test_search_and_suggestions_keep_to_the_requests_site(rf, two_sites):
    request = rf.get("/search/", **HERE)
    assert [hit.title for hit in search("walrus", request=request).hits] == ["Local walrus"]
    assert [s["label"] for s in suggest("walrus", request=request)] == ["Local walrus"]
    # Without a request (a command, the indexer), every site counts.
    assert {hit.title for hit in search("walrus").hits} == {"Local walrus", "Remote walrus"}
