"""Two sites in one installation: each reader surface shows its own site's articles only."""

from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from articles.models import ArticleIndexPage
from cms.home.models import HomePage
from search.service import search, suggest
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

HERE = {"HTTP_HOST": "localhost"}
THERE = {"HTTP_HOST": "other.test"}


@pytest.fixture
def two_sites(site_tree):
    """An article on the default site and one on a second site, sharing an author, a tag
    and a topic."""
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Other site", slug="other-home"))
    other_articles = other_home.add_child(
        instance=ArticleIndexPage(title="Articles", slug="articles")
    )
    Site.objects.create(hostname="other.test", port=80, root_page=other_home)
    author = AuthorPageFactory(parent=site_tree.authors, slug="shared-author")
    topic = TopicFactory(slug="shared-topic")
    shared = {
        "authors": [author],
        "tags": ["shared"],
        "topics": [topic],
        "first_published_at": timezone.now(),  # in the news sitemap too
    }
    here = ArticlePageFactory(
        parent=site_tree.articles, title="Local walrus", slug="local", **shared
    )
    there = ArticlePageFactory(
        parent=other_articles, title="Remote walrus", slug="remote", **shared
    )
    return here, there


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
    "/sitemap.xml",
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
