"""The expert directory (/experts/), an expert's profile (expertise, languages, links,
contact route, JSON-LD Person) and the API's expert fields."""

import datetime
import json
import re

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from tests.factories import AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    """The experts listed, in order."""
    return re.findall(
        r'<h3 class="person__name"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def card(response, name: str) -> str:
    """The directory's entry of the expert ``name``."""
    entries = response.content.decode().split('<li class="person expert">')[1:]
    return next(entry.split("</li>")[0] for entry in entries if f">{name}</a>" in entry)


def facet(response, label: str) -> dict[str, int]:
    """A filter's values as the page shows them: {name: count}."""
    html = response.content.decode()
    section = html.split(f"<h3>{label}</h3>")[1].split("</section>")[0]
    return {
        name.strip(): int(count)
        for name, count in re.findall(
            r'<a href="[^"]*"[^>]*>([^<]*)<span class="search-facet__count">\((\d+)\)', section
        )
    }


def json_ld(response) -> dict:
    html = response.content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.fixture
def topics(db):
    return {
        slug: TopicFactory(name=name, slug=slug)
        for slug, name in [("korea", "Korea"), ("china", "China"), ("energy", "Energy")]
    }


@pytest.fixture
def experts(site_tree, topics):
    """Three experts (one a media contact without topics), an author who is none, and
    experts readers may not see: a draft, a private one and one past its expiry."""
    made = {
        "anna": AuthorPageFactory(
            title="Anna Kim",
            slug="anna-kim",
            affiliation="Senior Fellow, Korea programme",
            expertise=[topics["korea"]],
            languages=["en", "ko"],
            media_contact=True,
        ),
        "boris": AuthorPageFactory(
            title="Boris Chen",
            slug="boris-chen",
            expertise=[topics["china"], topics["korea"]],
            languages=["zh", "en", "ru"],
        ),
        "vera": AuthorPageFactory(
            title="Vera Press", slug="vera-press", languages=["ru"], media_contact=True
        ),
        "plain": AuthorPageFactory(title="Plain Author", languages=["en"]),
    }
    hidden = {
        "draft": AuthorPageFactory(
            title="Hidden Draft", live=False, expertise=[topics["energy"]], languages=["fr"]
        ),
        "private": AuthorPageFactory(
            title="Hidden Private", expertise=[topics["energy"]], languages=["fr"]
        ),
        "expired": AuthorPageFactory(
            title="Hidden Expired",
            expertise=[topics["energy"]],
            languages=["fr"],
            expire_at=timezone.now() - datetime.timedelta(minutes=1),
        ),
    }
    PageViewRestriction.objects.create(
        page=hidden["private"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return made


def test_directory_lists_experts_by_name_with_their_topics_languages_and_mark(client, experts):
    response = client.get("/experts/")

    assert response.status_code == 200
    assert names(response) == ["Anna Kim", "Boris Chen", "Vera Press"]
    anna = card(response, "Anna Kim")
    assert "Senior Fellow, Korea programme" in anna
    assert "Media contact" in anna
    assertInHTML('<a href="?topic=korea">Korea</a>', anna)
    assert "English, Korean" in anna
    boris = card(response, "Boris Chen")
    assert "Media contact" not in boris
    assert "China</a>, <a" in boris  # topics by name
    assert "Chinese, English, Russian" in boris  # languages in the list's order


def test_each_filter_counts_the_experts_a_click_gives(client, experts):
    response = client.get("/experts/")

    assert facet(response, "Topics") == {"China": 1, "Korea": 2}
    assert facet(response, "Languages") == {"Chinese": 1, "English": 2, "Korean": 1, "Russian": 2}


def test_topic_filter(client, experts):
    response = client.get("/experts/", {"topic": "korea"})

    assert names(response) == ["Anna Kim", "Boris Chen"]
    # Languages counted among the topic's experts; topics as a click on each would give.
    assert facet(response, "Languages") == {"Chinese": 1, "English": 2, "Korean": 1, "Russian": 1}
    assert facet(response, "Topics") == {"China": 1, "Korea": 2}
    assertContains(response, '<a href="?" aria-current="true" class="is-active">Korea')


def test_language_filter(client, experts):
    response = client.get("/experts/", {"language": "ru"})

    assert names(response) == ["Boris Chen", "Vera Press"]
    assert facet(response, "Topics") == {"China": 1, "Korea": 1}
    assertContains(response, 'href="?language=ru&amp;topic=korea"')


def test_filters_combine(client, experts):
    response = client.get("/experts/", {"topic": "korea", "language": "ko"})

    assert names(response) == ["Anna Kim"]
    assert facet(response, "Topics") == {"Korea": 1}
    assert facet(response, "Languages") == {"English": 2, "Korean": 1, "Russian": 1, "Chinese": 1}
    # Taking one filter off keeps the other.
    assertContains(response, 'href="?language=ko" aria-current="true"')
    assertContains(response, 'href="?topic=korea" aria-current="true"')


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "no-such-topic"},
        {"language": "xx"},
        {"language": "fr"},  # only hidden experts speak it
        {"topic": "energy"},  # only hidden experts know it
        {"topic": "<script>alert(1)</script>", "language": "\x00"},
        {"topic": "x" * 10_000},
    ],
)
def test_unknown_or_hidden_values_give_an_empty_list(client, experts, params):
    response = client.get("/experts/", params)

    assert response.status_code == 200
    assert names(response) == []
    assertContains(response, "No experts match these filters.")
    assertNotContains(response, "<script>alert(1)")


def test_hidden_experts_appear_nowhere_in_the_directory(client, experts):
    html = client.get("/experts/").content.decode()

    assert "Hidden" not in html
    assert "Energy" not in html  # only hidden experts know it: no value, no count
    assert "French" not in html


def test_directory_paginates(client, site_tree, topics):
    for n in range(25):
        AuthorPageFactory(title=f"Expert {n:02d}", expertise=[topics["korea"]])

    first = client.get("/experts/", {"topic": "korea"})
    second = client.get("/experts/", {"topic": "korea", "page": "2"})

    assert len(names(first)) == 24
    assert names(second) == ["Expert 24"]
    assertContains(first, "Page 1 of 2")
    assertContains(first, 'rel="next" href="?topic=korea&amp;page=2"')
    assert facet(second, "Topics") == {"Korea": 25}


def test_directory_is_linked_from_the_navigation(client, experts):
    response = client.get("/")

    assertInHTML('<a href="/experts/">Experts</a>', response.content.decode())


def test_an_expert_leaves_the_directory_with_their_topics_and_media_mark(client, experts):
    assert "Vera Press" in names(client.get("/experts/"))
    vera = experts["vera"]
    vera.media_contact = False
    vera.save_revision().publish()

    assert names(client.get("/experts/")) == ["Anna Kim", "Boris Chen"]


@pytest.fixture
def anna(experts):
    """Anna with an ORCID iD, profile links (one of them hostile, as an import might
    write it) and a private contact address."""
    anna = experts["anna"]
    anna.orcid = "0000-0002-1825-0097"
    anna.links = [
        ("link", {"label": "Institute page", "url": "https://example.org/anna"}),
        ("link", {"label": "Bad link", "url": "javascript:alert(1)"}),
    ]
    anna.contact_email = "anna.private@example.net"
    anna.save_revision().publish()
    return anna


def test_profile_shows_expertise_languages_links_and_the_contact_form_link(client, anna):
    response = client.get("/authors/anna-kim/")

    html = response.content.decode()
    assertInHTML('<h2 id="expertise-heading">Expertise</h2>', html)
    assertInHTML('<a href="/topics/korea/">Korea</a>', html)
    assert "English, Korean" in html
    assert "available for media enquiries" in html
    assertInHTML(
        '<a href="https://orcid.org/0000-0002-1825-0097" rel="noopener">'
        "ORCID 0000-0002-1825-0097</a>",
        html,
    )
    assertInHTML('<a href="https://example.org/anna" rel="noopener">Institute page</a>', html)
    assert "javascript:" not in html
    assert "Bad link" not in html
    assertInHTML('<a href="/authors/anna-kim/contact/">Write to Anna Kim</a>', html)


def test_profile_with_a_contact_page_links_to_it(client, experts):
    boris = experts["boris"]
    boris.contact_url = "https://press.example.org/boris"
    boris.save_revision().publish()

    html = client.get("/authors/boris-chen/").content.decode()

    assertInHTML(
        '<a href="https://press.example.org/boris" rel="noopener">Press and media contact</a>',
        html,
    )
    assert "/contact/" not in html


def test_an_author_who_is_no_expert_shows_languages_but_no_expertise_or_contact(client, experts):
    plain = experts["plain"]
    plain.contact_email = "plain@example.net"  # no contact form: not an expert
    plain.save_revision().publish()

    html = client.get(plain.url).content.decode()

    assert "English" in html
    assert 'id="expertise-heading"' not in html
    assert 'id="contact-heading"' not in html


def test_profile_json_ld_person(client, anna):
    data = json_ld(client.get("/authors/anna-kim/"))

    person = data["mainEntity"]
    assert data["@type"] == "ProfilePage"
    assert person["@type"] == "Person"
    assert person["name"] == "Anna Kim"
    assert person["jobTitle"] == "Senior Fellow, Korea programme"
    assert person["knowsAbout"] == ["Korea"]
    assert person["knowsLanguage"] == ["en", "ko"]
    assert person["sameAs"] == [
        "https://orcid.org/0000-0002-1825-0097",
        "https://example.org/anna",
    ]
    assert person["identifier"]["value"] == "0000-0002-1825-0097"


def test_json_ld_of_an_author_without_expertise_has_no_empty_lists(client, experts):
    person = json_ld(client.get(experts["plain"].url))["mainEntity"]

    assert "knowsAbout" not in person
    assert "sameAs" not in person
    assert person["knowsLanguage"] == ["en"]


def test_api_gives_expertise_languages_media_flag_and_links(client, anna):
    detail = client.get(f"/api/v2/pages/{anna.pk}/").json()

    assert detail["expertise"] == [{"name": "Korea", "slug": "korea"}]
    assert detail["languages"] == [
        {"code": "en", "name": "English"},
        {"code": "ko", "name": "Korean"},
    ]
    assert detail["media_contact"] is True
    assert detail["orcid"] == "0000-0002-1825-0097"
    assert [link["value"] for link in detail["links"]] == [
        {"label": "Institute page", "url": "https://example.org/anna"}
    ]  # not the javascript: link an import wrote
    assert detail["contact_url"] == ""  # her route is the contact form
    assert "contact_email" not in detail
