"""The admin's search results say what they count: pages, articles, tags, never "None"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, TopicFactory
from tests.postgres import archive_plan

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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
@pytest.mark.parametrize("path", ["wagtailadmin_pages:search", "article_listing:index"])
def test_the_admin_finds_the_tree_roots_from_an_index_not_every_page(admin_client, summits, path):
    # Treebeard's roots (depth 1, in path order): read off every page without the index of
    # the roots (cms/migrations/0008), 14 ms at 100,000 articles.
    with CaptureQueriesContext(connection) as captured:
        admin_client.get(reverse(path), {"q": "summit"})
    roots = [q["sql"] for q in captured if '"wagtailcore_page"."depth" = 1' in q["sql"]]
    assert roots
    for statement in roots:
        plan = archive_plan(statement)
        assert "cms_page_roots" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
@pytest.mark.parametrize(
    ("path", "in_section"),
    [("article_listing:index", False), ("wagtailadmin_explore", True)],
)
def test_the_admin_lists_pages_by_their_latest_revision_from_an_index(
    admin_client, summits, path, in_section
):
    # Newest revision first is the listing's and the explorer's default order: without the
    # index (cms/migrations/0009), each page of it sorted every page, 1.0 s at a million.
    args = [summits[0].get_parent().pk] if in_section else []
    with CaptureQueriesContext(connection) as captured:
        assert admin_client.get(reverse(path, args=args)).status_code == 200
    order = 'ORDER BY "wagtailcore_page"."latest_revision_created_at" DESC NULLS LAST'
    listed = [q["sql"] for q in captured if order in q["sql"]]
    assert listed
    for statement in listed:
        plan = archive_plan(statement)
        assert "cms_page_latest_revision" in plan, plan
