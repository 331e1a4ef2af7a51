"""The article index with its filters, and the tag and topic archives."""

import datetime
import re

from wagtail.models import PageViewRestriction

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from cms.core.pagination import PER_PAGE
from tests.factories import ArticlePageFactory, ArticleTypeFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def _articles(count, **kwargs):
    return [
        ArticlePageFactory(
            title=f"Dated {n:02d}",
            display_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
            **kwargs,
        )
        for n in range(count)
    ]


def test_index_lists_articles_newest_first_as_cards(client, site_tree):
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya")
    ArticlePageFactory(
        title="North Korea: The Winding Road to Denuclearization",
        slug="winding-road",
        standfirst="The second summit took place in Hanoi.",
        display_date=datetime.date(2019, 3, 4),
        article_type=ArticleTypeFactory(name="Opinion", slug="opinion"),
        authors=[author],
    )
    ArticlePageFactory(title="Older", display_date=datetime.date(2018, 5, 1))

    response = client.get("/articles/")

    assert response.status_code == 200
    assertInHTML("<h1>Articles</h1>", response.content.decode())
    assert _titles(response) == ["North Korea: The Winding Road to Denuclearization", "Older"]
    card = response.content.decode().split('<article class="card">')[1].split("</article>")[0]
    assertInHTML(
        '<a href="/articles/winding-road/">North Korea: The Winding Road to Denuclearization</a>',
        card,
    )
    assertInHTML('<a href="/authors/toloraya/">Georgy Toloraya</a>', card)
    assertInHTML('<time datetime="2019-03-04">4 March 2019</time>', card)
    assert "Opinion" in card
    assert "The second summit took place in Hanoi." in card


def test_index_hides_drafts_unpublished_and_private_articles(client, site_tree):
    ArticlePageFactory(title="Public")
    ArticlePageFactory(title="Draft", live=False)
    ArticlePageFactory(title="Withdrawn").unpublish()
    private = ArticlePageFactory(title="Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert _titles(client.get("/articles/")) == ["Public"]


def test_index_paginates_and_links_between_pages(client, site_tree):
    _articles(PER_PAGE + 2)

    first = client.get("/articles/")
    second = client.get("/articles/?page=2")

    assert _titles(first) == [f"Dated {n:02d}" for n in range(PER_PAGE + 1, 1, -1)]
    assert _titles(second) == ["Dated 01", "Dated 00"]
    assertContains(first, "Page 1 of 2")
    assertContains(first, 'rel="next" href="?page=2"')
    assertNotContains(first, 'rel="prev"')
    assertContains(second, "Page 2 of 2")
    assertContains(second, 'rel="prev" href="?page=1"')
    assertNotContains(second, 'rel="next"')


def test_one_page_of_results_has_no_pagination(client, site_tree):
    _articles(2)

    assertNotContains(client.get("/articles/"), 'class="pagination"')


def test_pagination_keeps_the_filter_and_escapes_other_parameters(client, site_tree):
    _articles(PER_PAGE + 1, tags=["dprk"])

    response = client.get("/articles/", {"tag": "dprk", "x": '"><b>'})

    assertContains(response, 'rel="next" href="?tag=dprk&amp;x=%22%3E%3Cb%3E&amp;page=2"')
    assertNotContains(response, '"><b>')


@pytest.mark.parametrize("kind", ["tag", "topic", "author"])
def test_index_filters_by_slug_and_offers_to_clear(client, site_tree, kind):
    korea = TopicFactory(name="Korean Peninsula", slug="korean-peninsula")
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya")
    ArticlePageFactory(
        title="Matching",
        tags=["Denuclearization"],
        topics=[korea],
        authors=[author],
    )
    ArticlePageFactory(title="Other", tags=["BRICS"])
    slug, name = {
        "tag": ("denuclearization", "Denuclearization"),
        "topic": ("korean-peninsula", "Korean Peninsula"),
        "author": ("toloraya", "Georgy Toloraya"),
    }[kind]

    response = client.get("/articles/", {kind: slug})

    assert response.status_code == 200
    assert _titles(response) == ["Matching"]
    filters = response.content.decode().split('<div class="filters"')[1].split("</div>")[0]
    assertInHTML(f"<strong>{name}</strong>", filters)
    assert 'class="filters__clear" href="/articles/"' in filters


@pytest.mark.parametrize("kind", ["tag", "topic", "author"])
def test_unknown_filter_gives_an_empty_list(client, site_tree, kind):
    ArticlePageFactory(title="Anything", tags=["dprk"])

    response = client.get("/articles/", {kind: "no-such-thing"})

    assert response.status_code == 200
    assert _titles(response) == []
    assertContains(response, "No articles found.")
    assertContains(response, "<strong>no-such-thing</strong>")


def test_tag_archive_lists_tagged_articles(client, site_tree):
    ArticlePageFactory(title="Tagged older", tags=["DPRK"])
    ArticlePageFactory(title="Tagged newer", tags=["DPRK", "Summit"])
    ArticlePageFactory(title="Untagged")
    ArticlePageFactory(title="Tagged draft", tags=["DPRK"], live=False)

    response = client.get("/tags/dprk/")

    assert response.status_code == 200
    assertInHTML("<h1>DPRK</h1>", response.content.decode())
    assertInHTML('<p class="eyebrow">Tag</p>', response.content.decode())
    assertContains(response, "<title>Tag: DPRK | Thinktank</title>")
    assert _titles(response) == ["Tagged newer", "Tagged older"]


def test_topic_archive_shows_description_and_articles(client, site_tree):
    korea = TopicFactory(
        name="Korean Peninsula",
        slug="korean-peninsula",
        description="Diplomacy and security on the Korean Peninsula.",
    )
    ArticlePageFactory(title="On Korea", topics=[korea])
    ArticlePageFactory(title="On BRICS")

    response = client.get("/topics/korean-peninsula/")

    assert response.status_code == 200
    assertInHTML("<h1>Korean Peninsula</h1>", response.content.decode())
    assertContains(response, "Diplomacy and security on the Korean Peninsula.")
    assert _titles(response) == ["On Korea"]


def test_archive_paginates(client, site_tree):
    _articles(PER_PAGE + 1, tags=["dprk"])

    response = client.get("/tags/dprk/?page=2")

    assert _titles(response) == ["Dated 00"]
    assertContains(response, "Page 2 of 2")


@pytest.mark.parametrize("url", ["/tags/no-such-tag/", "/topics/no-such-topic/"])
def test_unknown_archive_is_404(client, site_tree, url):
    response = client.get(url)

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
