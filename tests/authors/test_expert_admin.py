"""The expert fields of the author edit form in the admin: expertise topics and languages
picked from lists, the media-contact flag, one contact route, an ORCID iD checked by its
check digit, profile links to web addresses only."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from authors.models import AuthorPage
from tests.factories import AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def profile_form(author, links=(), expertise=(), languages=(), **fields) -> dict:
    """The edit form as the admin posts it, published unless ``fields`` say otherwise."""
    data = nested_form_data(
        {
            "title": author.title,
            "slug": author.slug,
            "affiliation": author.affiliation,
            "biography": rich_text(""),
            "links": streamfield([("link", link) for link in links]),
            "comments": inline_formset([]),
            "orcid": "",
            "contact_url": "",
            "contact_email": "",
            "action-publish": "1",
            **fields,
        }
    )
    # Ticked boxes: one value each.
    return {**data, "expertise": [t.pk for t in expertise], "languages": list(languages)}


@pytest.fixture
def author(site_tree):
    return AuthorPageFactory(title="Anna Kim", slug="anna-kim")


@pytest.fixture
def topics(db):
    return [TopicFactory(name="Korea", slug="korea"), TopicFactory(name="China", slug="china")]


@pytest.fixture
def edit(client, editor, author):
    client.force_login(editor)
    return reverse("wagtailadmin_pages:edit", args=[author.pk])


def test_an_editor_makes_an_author_an_expert(client, author, topics, edit):
    response = client.post(
        edit,
        profile_form(
            author,
            expertise=topics[:1],
            languages=["ru", "en"],
            media_contact="on",
            orcid="https://orcid.org/0000-0002-1694-233x",  # pasted, lower-case check x
            contact_email="anna.private@example.net",
            links=[{"label": "Institute", "url": "https://example.org/anna"}],
        ),
    )

    assert response.status_code == 302
    saved = AuthorPage.objects.get(pk=author.pk)
    assert [t.slug for t in saved.expertise.all()] == ["korea"]
    assert sorted(row.code for row in saved.spoken_languages.all()) == ["en", "ru"]
    assert saved.media_contact is True
    assert saved.orcid == "0000-0002-1694-233X"
    client.logout()
    directory = client.get("/experts/", {"language": "ru"}).content.decode()
    assert "Anna Kim" in directory
    assert "English, Russian" in directory


def test_the_form_shows_the_lists_with_the_saved_choices_ticked(client, site_tree, editor, topics):
    anna = AuthorPageFactory(expertise=[topics[0]], languages=["ko"])
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[anna.pk])).content.decode()

    assert "Expert directory" in html
    assert f'type="checkbox" name="expertise" value="{topics[0].pk}"' in html
    assert 'name="languages" value="ko"' in html
    korea_box = html.split(f'name="expertise" value="{topics[0].pk}"')[1].split(">")[0]
    china_box = html.split(f'name="expertise" value="{topics[1].pk}"')[1].split(">")[0]
    korean_box = html.split('name="languages" value="ko"')[1].split(">")[0]
    assert "checked" in korea_box
    assert "checked" not in china_box
    assert "checked" in korean_box


def test_a_draft_changes_the_directory_only_once_published(client, site_tree, editor, topics):
    anna = AuthorPageFactory(title="Anna Kim", expertise=[topics[0]], languages=["ru"])
    edit = reverse("wagtailadmin_pages:edit", args=[anna.pk])
    client.force_login(editor)
    draft = profile_form(anna, expertise=topics[:1], languages=["en"])
    del draft["action-publish"]

    assert client.post(edit, draft).status_code == 302
    client.logout()
    assert "Anna Kim" in client.get("/experts/", {"language": "ru"}).content.decode()

    client.force_login(editor)
    assert (
        client.post(edit, profile_form(anna, expertise=topics[:1], languages=["en"])).status_code
        == 302
    )
    client.logout()
    assert "Anna Kim" not in client.get("/experts/", {"language": "ru"}).content.decode()
    assert "Anna Kim" in client.get("/experts/", {"language": "en"}).content.decode()


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-0098",  # the check digit of 0000-0002-1825-009 is 7
        "0000-0002-1694-2330",  # ... and of 0000-0002-1694-233, X
        "0000-0002-1825",
        "0000000218250097",
        "https://example.org/0000-0002-1825-0097",
    ],
)
def test_an_orcid_id_that_is_not_one_is_refused(client, author, edit, orcid):
    response = client.post(edit, profile_form(author, orcid=orcid))

    assert response.status_code == 200
    assert "Enter an ORCID iD such as 0000-0002-1825-0097" in response.content.decode()
    assert AuthorPage.objects.get(pk=author.pk).orcid == ""


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/cv.pdf", "data:text/html,x", "example"]
)
def test_profile_links_and_the_contact_page_must_be_web_addresses(client, author, edit, url):
    link = client.post(edit, profile_form(author, links=[{"label": "Mine", "url": url}]))
    contact = client.post(edit, profile_form(author, contact_url=url))

    for response in (link, contact):
        assert response.status_code == 200
        html = response.content.decode()
        # A URL of another kind is told what is wanted; what is no URL at all, that.
        assert "Enter a web address starting with https:// or http://." in html or (
            "Enter a valid URL." in html and not url.startswith("ftp:")
        )
    saved = AuthorPage.objects.get(pk=author.pk)
    assert (saved.contact_url, len(saved.links)) == ("", 0)


def test_one_contact_route_only(client, author, edit):
    response = client.post(
        edit,
        profile_form(
            author, contact_url="https://press.example.org/", contact_email="a@example.net"
        ),
    )

    assert response.status_code == 200
    assert "Give a contact page or a private address for the contact form, not both." in (
        response.content.decode()
    )
    assert AuthorPage.objects.get(pk=author.pk).contact_email == ""


def test_an_unknown_language_code_is_refused(client, author, edit):
    response = client.post(edit, profile_form(author, languages=["en", "xx"]))

    assert response.status_code == 200
    assert "Select a valid choice. xx is not one of the available choices." in (
        response.content.decode()
    )
    assert not AuthorPage.objects.get(pk=author.pk).spoken_languages.exists()
