"""Author list and profiles."""

import datetime
import re

from wagtail.models import PageViewRestriction

import pytest
import wagtail_factories
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from cms.core.pagination import PER_PAGE
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


@pytest.fixture
def toloraya(site_tree):
    return AuthorPageFactory(
        title="Georgy Toloraya",
        slug="georgy-toloraya",
        affiliation="MGIMO Professor, executive director of the BRICS research committee",
        biography="<p>A specialist on <b>Korea</b> and Asian affairs.</p>",
        links=[("link", {"label": "MGIMO profile", "url": "https://mgimo.ru/people/toloraya/"})],
        photo=wagtail_factories.ImageFactory(
            title="Portrait", file__width=600, file__height=600, file__color="gray"
        ),
    )


def test_author_index_lists_live_public_authors_alphabetically(client, site_tree, toloraya):
    AuthorPageFactory(title="Konstantin Asmolov", slug="asmolov")
    AuthorPageFactory(title="Anna Draft", live=False)
    private = AuthorPageFactory(title="Boris Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    response = client.get("/authors/")

    assert response.status_code == 200
    html = response.content.decode()
    names = re.findall(r'<h2 class="person__name"><a href="[^"]*">([^<]*)</a>', html)
    assert names == ["Georgy Toloraya", "Konstantin Asmolov"]
    assertInHTML('<a href="/authors/georgy-toloraya/">Georgy Toloraya</a>', html)
    assertContains(response, "MGIMO Professor, executive director of the BRICS research committee")
    assert re.search(r'<img alt="" class="person__photo"[^>]*\.webp"', html)


def test_profile_shows_photo_affiliation_biography_and_links(client, site_tree, toloraya):
    response = client.get("/authors/georgy-toloraya/")

    assert response.status_code == 200
    html = response.content.decode()
    assertInHTML("<h1>Georgy Toloraya</h1>", html)
    assertContains(response, "MGIMO Professor, executive director of the BRICS research committee")
    assertInHTML("<p>A specialist on <b>Korea</b> and Asian affairs.</p>", html)
    assertInHTML(
        '<a href="https://mgimo.ru/people/toloraya/" rel="noopener">MGIMO profile</a>', html
    )
    photo = re.search(r'<img [^>]*class="profile__photo"[^>]*>', html).group(0)
    assert 'alt="Georgy Toloraya"' in photo
    assert "srcset=" in photo
    assert ".webp 480w" in photo


def test_profile_lists_only_their_published_public_articles_newest_first(
    client, site_tree, toloraya
):
    other = AuthorPageFactory(title="Someone Else")

    def article(title, day, authors=(toloraya,), **kwargs):
        return ArticlePageFactory(
            title=title,
            display_date=datetime.date(2019, 3, day),
            authors=list(authors),
            **kwargs,
        )

    article("Older piece", 1)
    article("Co-written piece", 5, authors=(other, toloraya))
    article("Newest piece", 9)
    article("Their colleague's piece", 10, authors=(other,))
    article("Draft piece", 11, live=False)
    article("Withdrawn piece", 12).unpublish()
    private = article("Private piece", 13)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    response = client.get("/authors/georgy-toloraya/")

    assertInHTML(
        '<h2 id="articles-heading">Articles by Georgy Toloraya</h2>', response.content.decode()
    )
    assert _titles(response) == ["Newest piece", "Co-written piece", "Older piece"]


def test_profile_paginates_articles(client, site_tree, toloraya):
    for n in range(PER_PAGE + 1):
        ArticlePageFactory(
            title=f"Piece {n:02d}",
            display_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
            authors=[toloraya],
        )

    first = client.get("/authors/georgy-toloraya/")
    second = client.get("/authors/georgy-toloraya/?page=2")

    assert len(_titles(first)) == PER_PAGE
    assert _titles(first)[0] == f"Piece {PER_PAGE:02d}"
    assertContains(first, "Page 1 of 2")
    assertContains(first, 'rel="next" href="?page=2"')
    assert _titles(second) == ["Piece 00"]
    assertContains(second, "Page 2 of 2")


def test_profile_without_articles_says_so(client, site_tree, toloraya):
    response = client.get("/authors/georgy-toloraya/")

    assertContains(response, "No articles yet.")
    assertNotContains(response, 'class="pagination"')


def test_unknown_author_is_404(client, site_tree):
    assert client.get("/authors/nobody/").status_code == 404


def test_draft_author_is_404(client, site_tree):
    AuthorPageFactory(slug="draft-author", live=False)

    assert client.get("/authors/draft-author/").status_code == 404
