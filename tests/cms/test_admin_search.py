"""The admin's search results say what they count: pages, articles, tags, never "None"."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def results_text(client, url: str, **params) -> str:
    """The visible text of the listing's results (all of a results-only answer), as one line."""
    soup = BeautifulSoup(client.get(url, params).content, "html.parser")
    results = soup.select_one("#listing-results") or soup
    return " ".join(results.get_text(" ", strip=True).split())


@pytest.fixture
def summits(site_tree):
    return [ArticlePageFactory(title=f"Summit {n}", tags=[f"summit {n}"]) for n in range(4)]


@pytest.mark.parametrize("path", ["wagtailadmin_pages:search", "wagtailadmin_pages:search_results"])
def test_the_page_search_counts_pages(admin_client, summits, path):
    text = results_text(admin_client, reverse(path), q="summit")
    assert "1-4 of 4 pages" in text
    assert "None" not in text


def test_the_page_search_of_one_type_counts_pages(admin_client, summits):
    url = reverse("wagtailadmin_pages:search")
    text = results_text(admin_client, url, q="summit", content_type="articles.articlepage")
    assert "1-4 of 4 pages" in text


def test_the_articles_listing_search_counts_articles(admin_client, summits):
    text = results_text(admin_client, reverse("article_listing:index"), q="summit")
    assert "1-4 of 4 articles" in text
    assert "None" not in text


@pytest.mark.parametrize(
    ("listing", "query", "expected"),
    [
        ("wagtailsnippets_taggit_tag:list", "summit", "summit 0"),
        ("wagtailsnippets_taggit_tag:list", "nothing", "No tags match your query."),
        ("wagtailsnippets_articles_topic:list", "korea", "Korean Peninsula"),
        ("wagtailsnippets_articles_topic:list", "nothing", "No topics match your query."),
    ],
)
def test_the_taxonomy_search_names_what_it_lists(admin_client, summits, listing, query, expected):
    TopicFactory(name="Korean Peninsula")
    text = results_text(admin_client, reverse(listing), q=query)
    assert expected in text
    assert "None" not in text
