"""Home page, the site frame, and the error pages."""

import datetime
import re

from django.test import RequestFactory
from django.urls import path
from django.views.defaults import server_error

from wagtail.models import PageViewRestriction

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from cms.core.models import SiteSettings
from cms.home.models import HOME_LATEST
from tests.factories import ArticlePageFactory, AuthorPageFactory


def _boom(request):
    raise RuntimeError("boom")


# The URLconf of test_server_error_page_is_served_when_a_view_fails.
urlpatterns = [path("boom/", _boom)]


def _titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


@pytest.mark.django_db
def test_home_lists_the_latest_articles_newest_first(client, site_tree):
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya")
    for n in range(HOME_LATEST + 1):
        ArticlePageFactory(
            title=f"Piece {n:02d}",
            display_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
            authors=[author],
        )

    response = client.get("/")

    assert response.status_code == 200
    assert _titles(response) == [f"Piece {n:02d}" for n in range(HOME_LATEST, 0, -1)]
    html = response.content.decode()
    assertInHTML('<a href="/authors/toloraya/">Georgy Toloraya</a>', html, count=HOME_LATEST)
    assertInHTML('<a href="/articles/">All articles</a>', html)


@pytest.mark.django_db
def test_home_hides_drafts_and_private_articles(client, site_tree):
    ArticlePageFactory(title="Public")
    ArticlePageFactory(title="Draft", live=False)
    private = ArticlePageFactory(title="Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert _titles(client.get("/")) == ["Public"]


@pytest.mark.django_db
def test_home_without_articles_says_so(client, site_tree):
    response = client.get("/")

    assert response.status_code == 200
    assertContains(response, "No articles have been published yet.")


@pytest.mark.django_db
def test_site_frame_uses_the_organisation_name_and_navigation(client, site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.organisation_name = "Valdai Discussion Club"
    settings.save()

    response = client.get("/")

    html = response.content.decode()
    assertContains(response, "<title>Valdai Discussion Club</title>")
    assertInHTML('<a class="site-name" href="/">Valdai Discussion Club</a>', html)
    assertInHTML('<a href="/" aria-current="page">Home</a>', html)
    assertInHTML('<a href="/articles/">Articles</a>', html)
    assertInHTML('<a href="/authors/">Authors</a>', html)
    assertInHTML('<a class="skip-link" href="#main">Skip to main content</a>', html)
    assert '<main id="main"' in html
    assert '<link rel="canonical" href="http://localhost/">' in html


@pytest.mark.django_db
def test_stylesheet_is_served_locally(client, site_tree):
    from django.contrib.staticfiles import finders

    assert finders.find("cms/site.css")
    assertContains(client.get("/"), '<link rel="stylesheet" href="/static/cms/site.css">')


@pytest.mark.django_db
def test_unknown_address_gives_the_404_page(client, site_tree):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assertInHTML("<h1>Page not found</h1>", html)
    assertInHTML('<a href="/articles/">Browse all articles</a>', html)
    assertNotContains(response, 'rel="canonical"', status_code=404)


def test_server_error_page_needs_no_database_or_request_context():
    # No database fixture: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assertInHTML("<h1>Something went wrong</h1>", html)
    assert '<html lang="en">' in html
    assert "<link" not in html  # no stylesheet to fetch while the site is failing


@pytest.mark.urls(__name__)
def test_server_error_page_is_served_when_a_view_fails(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assertContains(response, "Something went wrong", status_code=500)
    assertNotContains(response, "boom", status_code=500)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/favicon.ico", "image/vnd.microsoft.icon"), ("/apple-touch-icon.png", "image/png")],
)
def test_the_icons_browsers_ask_for_are_served(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] in {content_type, "image/x-icon"}
    assert b"".join(response.streaming_content)


@pytest.mark.django_db
def test_every_reader_page_has_a_meta_description(client, site_tree):
    author = AuthorPageFactory(title="Anna Petrova", affiliation="")
    article = ArticlePageFactory(title="Walrus census", standfirst="Counting.", authors=[author])
    article.tags.add("walruses")
    article.save_revision().publish()
    pages = ["/", "/articles/", article.url, "/authors/", author.url, "/tags/walruses/"]
    pages += ["/search/?q=walrus", "/no-such-page/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == (404 if url == "/no-such-page/" else 200), url
        html = response.content.decode()
        description = re.search(r'<meta name="description" content="([^"]*)">', html)
        assert description is not None, url
        assert description.group(1).strip(), url


@pytest.mark.django_db
def test_the_site_description_is_the_home_pages_when_it_has_none(client, site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.description = "Independent analysis of world politics."
    settings.save()
    assertContains(client.get("/"), '<meta name="description" content="Independent analysis')
