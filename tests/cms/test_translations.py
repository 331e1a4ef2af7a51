"""English and Russian: each language's page tree under its URL prefix, translations made
with the admin's Translate action, linked both ways and named as alternates in the pages'
heads and the sitemap, only ever to the versions a reader may see."""

import datetime
import io
import re
from xml.etree import ElementTree

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from tests.editor_forms import translate
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def russian() -> Locale:
    return Locale.objects.get(language_code="ru")


def publish_in_russian(draft: ArticlePage, title: str) -> ArticlePage:
    draft.title = title
    draft.save_revision().publish()
    draft.refresh_from_db()
    return draft


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.fixture
def pair(client, site_tree, editor):
    """ "Prospects of Kim Jong-un's Visit to Russia" and its published Russian translation."""
    author = AuthorPageFactory(title="Konstantin Asmolov", slug="konstantin-asmolov")
    english = ArticlePageFactory(
        title="Prospects of Kim Jong-un’s Visit to Russia", slug="kim-visit", authors=[author]
    )
    draft = translate(client, editor, english)
    return english, publish_in_russian(draft, "Перспективы визита Ким Чен Ына в Россию")


def test_the_translate_action_makes_a_russian_draft_in_the_russian_tree(client, site_tree, editor):
    english = ArticlePageFactory(title="Summit", slug="summit")
    draft = translate(client, editor, english)
    assert draft.translation_key == english.translation_key
    assert (draft.language, draft.live) == ("ru", False)
    assert draft.get_parent().specific.get_translation(english.locale) == site_tree.articles
    assert draft.get_url() == "/ru/articles/summit/"
    # A draft: nothing of it is public yet.
    assert client.get("/ru/articles/summit/").status_code == 404
    assert "hreflang" not in client.get("/articles/summit/").content.decode()


def test_only_editors_may_translate(client, site_tree, contributor):
    article = ArticlePageFactory()
    client.force_login(contributor)
    url = reverse("simple_translation:submit_page_translation", args=[article.pk])
    response = client.post(url, {"locales": [russian().pk]})
    # The admin's answer to a refused permission: back to the dashboard, with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not article.get_translations().exists()


@pytest.mark.usefixtures("pair")
def test_a_translation_is_linked_both_ways_with_hreflang_alternates(client):
    en_html = client.get("/articles/kim-visit/").content.decode()
    ru_response = client.get("/ru/articles/kim-visit/")
    ru_html = ru_response.content.decode()
    expected = {
        "en": "http://localhost/articles/kim-visit/",
        "ru": "http://localhost/ru/articles/kim-visit/",
        "x-default": "http://localhost/articles/kim-visit/",
    }
    assert alternates(en_html) == alternates(ru_html) == expected
    # The links in the page stay on the reader's host; the alternates name the site's.
    assert (
        '<a href="/ru/articles/kim-visit/" hreflang="ru" lang="ru" '
        'rel="alternate">Русский</a>' in en_html
    )
    assert (
        '<a href="/articles/kim-visit/" hreflang="en" lang="en" rel="alternate">English</a>'
        in ru_html
    )
    assert '<html lang="ru">' in ru_html
    assert '<article class="article" lang="ru">' in ru_html
    assert ru_response["Content-Language"] == "ru"
    assert "Перспективы визита Ким Чен Ына в Россию" in ru_html
    # The Russian page's navigation and search stay in Russian.
    assert '<a href="/ru/">Главная</a>' in ru_html
    assert 'action="/ru/search/"' in ru_html


@pytest.mark.parametrize("hide", ["unpublish", "restrict", "expire"])
def test_a_translation_readers_may_not_see_is_never_named(client, pair, hide):
    _english, russian_version = pair
    if hide == "unpublish":
        russian_version.unpublish()
    elif hide == "restrict":
        PageViewRestriction.objects.create(
            page=russian_version, restriction_type=PageViewRestriction.LOGIN
        )
    else:
        ArticlePage.objects.filter(pk=russian_version.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    html = client.get("/articles/kim-visit/").content.decode()
    assert alternates(html) == {}
    assert "/ru/articles/kim-visit/" not in html
    assert "/ru/articles/kim-visit/" not in client.get("/sitemap-pages.xml").content.decode()


def test_a_page_is_served_only_under_its_own_languages_prefix(client, site_tree):
    ArticlePageFactory(slug="only-english")
    ArticlePageFactory(slug="tolko-po-russki", language="ru")
    assert client.get("/articles/only-english/").status_code == 200
    assert client.get("/ru/articles/tolko-po-russki/").status_code == 200
    assert client.get("/ru/articles/only-english/").status_code == 404
    assert client.get("/articles/tolko-po-russki/").status_code == 404
    assert client.get("/de/articles/only-english/").status_code == 404
    assert client.get("/ru/articles/tolko-po-russki/cite.bib").status_code == 200


def test_each_languages_home_and_index_list_its_own_articles(client, site_tree):
    ArticlePageFactory(title="English analysis", slug="english-analysis")
    ArticlePageFactory(title="Русский анализ", slug="russkii-analiz", language="ru")
    for url, shown, hidden in (
        ("/", "English analysis", "Русский анализ"),
        ("/articles/", "English analysis", "Русский анализ"),
        ("/ru/", "Русский анализ", "English analysis"),
        ("/ru/articles/", "Русский анализ", "English analysis"),
    ):
        html = client.get(url).content.decode()
        assert shown in html, url
        assert hidden not in html, url


@pytest.mark.usefixtures("pair")
def test_the_sitemap_lists_each_language_with_its_alternates(client):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    [location] = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    path = location.removeprefix("http://localhost")
    urlset = ElementTree.fromstring(client.get(path).content)  # noqa: S314
    entries = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in urlset.iter(f"{SITEMAP}url")
    }
    both = {
        "en": "http://localhost/articles/kim-visit/",
        "ru": "http://localhost/ru/articles/kim-visit/",
        "x-default": "http://localhost/articles/kim-visit/",
    }
    assert entries["http://localhost/articles/kim-visit/"] == both
    assert entries["http://localhost/ru/articles/kim-visit/"] == both
    assert entries["http://localhost/ru/"]["ru"] == "http://localhost/ru/"
    # A page with no other version names none.
    assert entries["http://localhost/authors/konstantin-asmolov/"] == {}


def test_an_articles_language_is_its_trees(site_tree):
    article = ArticlePageFactory(language="ru")
    assert (article.locale.language_code, article.language) == ("ru", "ru")
    article.language = "en"  # not editable: the tree decides
    article.save()
    article.refresh_from_db()
    assert article.language == "ru"
    assert Page.objects.get(pk=article.pk).url_path.startswith(
        site_tree.home.url_path[:-1] + "-ru/"
    )


def test_the_api_lists_each_language_and_finds_a_russian_path(client, pair):
    english, russian_version = pair
    listed = client.get("/api/v2/pages/?type=articles.ArticlePage&locale=ru").json()
    assert [(item["title"], item["meta"]["locale"]) for item in listed["items"]] == [
        ("Перспективы визита Ким Чен Ына в Россию", "ru")
    ]
    assert listed["items"][0]["meta"]["html_url"] == "http://localhost/ru/articles/kim-visit/"
    others = client.get(f"/api/v2/pages/?translation_of={english.pk}").json()
    assert [item["id"] for item in others["items"]] == [russian_version.pk]
    found = client.get("/api/v2/pages/find/?html_path=/ru/articles/kim-visit/")
    assert found.status_code == 302
    assert found["Location"].startswith(f"http://localhost/api/v2/pages/{russian_version.pk}/")
    english_path = client.get("/api/v2/pages/find/?html_path=/articles/kim-visit/")
    assert english_path["Location"].startswith(f"http://localhost/api/v2/pages/{english.pk}/")
    # A path in one language never finds the other's page.
    ArticlePageFactory(slug="only-english")
    missing = client.get("/api/v2/pages/find/?html_path=/ru/articles/only-english/")
    assert missing.status_code == 404


def test_the_api_never_lists_a_draft_translation(client, site_tree, editor):
    english = ArticlePageFactory(slug="unfinished")
    translate(client, editor, english)
    assert client.get(f"/api/v2/pages/?translation_of={english.pk}").json()["items"] == []
    assert client.get("/api/v2/pages/find/?html_path=/ru/articles/unfinished/").status_code == 404


def test_a_translations_title_does_not_rewrite_its_slug(client, site_tree, editor):
    english = ArticlePageFactory(slug="summit-outcomes", live=False)
    draft = translate(client, editor, ArticlePageFactory(slug="talks-resume"))
    client.force_login(editor)

    def title_input(page) -> str:
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        return re.search(r'<input type="text" name="title"[^>]*>', html).group(0)

    # A page never published: typing its title fills in its slug, as in Wagtail.
    assert "w-sync#apply" in title_input(english)
    # A translation keeps its original's slug, whatever its new title.
    assert "w-sync#apply" not in title_input(draft)


def test_only_the_url_chooses_the_language(client, site_tree):
    ArticlePageFactory(slug="summit")
    # A Russian reader's browser asks for Russian: the English URL stays English, and its
    # answer does not vary on the header (one cached copy for every reader).
    english = client.get("/articles/summit/", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="en">' in english.content.decode()
    assert english["Content-Language"] == "en"
    assert "accept-language" not in english.get("Vary", "").lower()
    russian = client.get("/ru/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ru">' in russian.content.decode()
    # Nor does one reader's language stay with the next request.
    assert '<html lang="en">' in client.get("/").content.decode()


def test_a_site_without_demo_content_gets_its_skeleton_and_russian_tree(client, db):
    call_command("ensure_site_tree", stdout=io.StringIO())
    call_command("ensure_site_tree", stdout=io.StringIO())  # again: nothing is added
    assert ArticleIndexPage.objects.count() == 2
    assert client.get("/articles/").status_code == 200
    assert client.get("/ru/articles/").status_code == 200
    english = ArticlePageFactory(slug="first")
    # The Translate action finds the Russian section at once.
    assert english.copy_for_translation(russian()).get_url() == "/ru/articles/first/"
