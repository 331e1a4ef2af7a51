"""The author chooser of the article editor: it lists and searches the authors, marks the
drafts, and creates a new author from the article (live for an editor, a draft for a
contributor), refusing bad input with a message and users who may not add authors."""

import re

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from authors.models import AuthorPage
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

CHOOSE = reverse("author_chooser:choose")
RESULTS = reverse("author_chooser:choose_results")
CREATE = reverse("author_chooser:create")


@pytest.fixture
def authors(site_tree):
    return [
        AuthorPageFactory(title="Georgy Toloraya", affiliation="Institute of Economics, RAS"),
        AuthorPageFactory(title="Konstantin Asmolov", affiliation="Centre for Korean Studies"),
        AuthorPageFactory(title="Vera Draftova", affiliation="MGIMO", live=False),
    ]


def rows(html: str) -> list[str]:
    """Each row of the listing, as its text with the spaces collapsed."""
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>")[:-1]]


def test_the_article_editor_credits_through_the_author_chooser(admin_client, authors):
    article = ArticlePageFactory(authors=[authors[0]])
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content
    html = html.decode()
    assert "Choose another author" in html  # the credit's chosen author
    assert "Choose an author" in html  # a new credit's empty chooser
    assert "Choose a page (Author)" not in html
    assert reverse("author_chooser:choose") in html


def test_the_chooser_lists_authors_with_affiliations_and_marks_drafts(admin_client, authors):
    response = admin_client.get(CHOOSE)
    assert response.status_code == 200
    html = response.json()["html"]
    assert rows(html) == [
        "Georgy Toloraya Institute of Economics, RAS live",
        "Konstantin Asmolov Centre for Korean Studies live",
        "Vera Draftova MGIMO draft",
    ]
    assert f'href="{reverse("author_chooser:chosen", args=[authors[2].pk])}"' in html
    assert "New author" in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("asmol", ["Konstantin Asmolov Centre for Korean Studies live"]),
        ("ras", ["Georgy Toloraya Institute of Economics, RAS live"]),
        ("mgimo", ["Vera Draftova MGIMO draft"]),
        ("nobody", []),
    ],
)
def test_the_chooser_searches_by_name_and_affiliation(admin_client, authors, query, found):
    html = admin_client.get(RESULTS, {"q": query}).content.decode()
    assert rows(html) == found
    if not found:
        assert "Sorry, there are no matches" in html


def test_choosing_a_draft_author_says_it_is_a_draft(admin_client, authors):
    response = admin_client.get(reverse("author_chooser:chosen", args=[authors[2].pk]))
    assert response.json()["result"]["title"] == "Vera Draftova (draft)"
    assert admin_client.get(reverse("author_chooser:chosen", args=["nope"])).status_code == 404
    assert admin_client.get(reverse("author_chooser:chosen", args=["99999"])).status_code == 404


def test_an_editor_creates_a_live_author_under_the_index(client, editor, site_tree):
    client.force_login(editor)
    response = client.post(CREATE, {"name": "Georgy Toloraya", "affiliation": "MGIMO"})
    result = response.json()["result"]
    assert result["title"] == "Georgy Toloraya"
    author = AuthorPage.objects.get(pk=result["id"])
    assert author.get_parent().pk == site_tree.authors.pk
    assert author.live
    assert author.affiliation == "MGIMO"
    page = client.get("/authors/georgy-toloraya/")
    assert page.status_code == 200
    assert "MGIMO" in page.content.decode()


def test_a_new_author_gets_a_slug_of_their_own(admin_client, site_tree):
    AuthorPageFactory(title="Someone else", slug="ivan-petrov")
    ids = [
        admin_client.post(CREATE, {"name": "Ivan Petrov", "affiliation": ""}).json()["result"]["id"]
        for _ in range(2)
    ]
    slugs = [AuthorPage.objects.get(pk=pk).slug for pk in ids]
    assert slugs == ["ivan-petrov-1", "ivan-petrov-2"]
    cyrillic = admin_client.post(CREATE, {"name": "Иван Петров", "affiliation": ""})
    assert AuthorPage.objects.get(pk=cyrillic.json()["result"]["id"]).slug == "иван-петров"


def test_a_contributor_creates_a_draft_author_still_chosen(client, contributor, site_tree):
    client.force_login(contributor)
    response = client.post(CREATE, {"name": "Ivan Newman", "affiliation": ""})
    result = response.json()["result"]
    assert result["title"] == "Ivan Newman (draft)"
    author = AuthorPage.objects.get(pk=result["id"])
    assert not author.live
    assert author.slug == "ivan-newman"
    assert author.owner == contributor
    assert client.get("/authors/ivan-newman/").status_code == 404


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 256, "Ensure this value has at most 255 characters (it has 256)."),
        ("nul\x00byte", "Null characters are not allowed."),
    ],
)
def test_bad_input_shows_in_the_form(admin_client, site_tree, name, message):
    response = admin_client.post(CREATE, {"name": name, "affiliation": ""})
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert message in data["htmlFragment"]
    assert not AuthorPage.objects.exists()


def test_without_the_right_to_add_authors_there_is_no_new_author_tab(
    client, django_user_model, site_tree, authors
):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    html = client.get(CHOOSE).json()["html"]
    assert "Georgy Toloraya" in html
    assert "New author" not in html
    refused = client.post(CREATE, {"name": "Sneaky", "affiliation": ""})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert not AuthorPage.objects.filter(title="Sneaky").exists()


def test_a_new_draft_author_goes_live_with_the_first_article_crediting_them(
    client, contributor, editor, site_tree
):
    client.force_login(contributor)
    created = client.post(CREATE, {"name": "Ivan Newman", "affiliation": "MGIMO"})
    newcomer = AuthorPage.objects.get(pk=created.json()["result"]["id"])
    withdrawn = AuthorPageFactory(title="Withdrawn Author")
    withdrawn.save_revision().publish()
    withdrawn.refresh_from_db()
    withdrawn.unpublish()
    article = ArticlePageFactory(title="Debut", live=False, authors=[newcomer, withdrawn])
    assert client.get("/authors/ivan-newman/").status_code == 404

    article.save_revision(user=contributor).publish(user=editor)

    page = client.get("/articles/" + article.slug + "/").content.decode()
    assert 'href="/authors/ivan-newman/">Ivan Newman</a>' in page
    assert client.get("/authors/ivan-newman/").status_code == 200
    assert not AuthorPage.objects.get(pk=withdrawn.pk).live  # unpublished on purpose
