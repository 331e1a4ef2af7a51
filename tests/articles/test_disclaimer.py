"""The disclaimer at the end of an article: the site's default, an override, or none."""

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from cms.core.models import SiteSettings
from tests.factories import ArticlePageFactory, DisclaimerFactory

pytestmark = pytest.mark.django_db

CLUB = (
    "Views expressed are of individual Members and Contributors, rather than the Club's, "
    "unless explicitly stated otherwise."
)


@pytest.fixture
def default_disclaimer(site_tree):
    disclaimer = DisclaimerFactory(name="Club", text=f"<p>{CLUB}</p>")
    settings = SiteSettings.for_site(site_tree.site)
    settings.default_disclaimer = disclaimer
    settings.save()
    return disclaimer


def test_site_default_disclaimer_is_shown(client, site_tree, default_disclaimer):
    ArticlePageFactory(slug="summit")

    response = client.get("/articles/summit/")

    assertInHTML(
        f'<aside class="disclaimer" aria-label="Disclaimer"><p>{CLUB}</p></aside>',
        response.content.decode(),
    )


def test_article_override_replaces_the_default(client, site_tree, default_disclaimer):
    ArticlePageFactory(
        slug="interview",
        disclaimer=DisclaimerFactory(
            name="Interview", text="<p>This interview was <b>edited</b> for length.</p>"
        ),
    )

    response = client.get("/articles/interview/")

    assertContains(response, "<p>This interview was <b>edited</b> for length.</p>")
    assertNotContains(response, "individual Members and Contributors")


def test_article_can_show_no_disclaimer(client, site_tree, default_disclaimer):
    ArticlePageFactory(slug="news", show_disclaimer=False)

    response = client.get("/articles/news/")

    assert response.status_code == 200
    assertNotContains(response, "individual Members and Contributors")
    assertNotContains(response, 'class="disclaimer"')


def test_no_default_and_no_override_means_no_disclaimer(client, site_tree):
    ArticlePageFactory(slug="summit")

    response = client.get("/articles/summit/")

    assert response.status_code == 200
    assertNotContains(response, 'class="disclaimer"')
