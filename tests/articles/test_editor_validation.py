"""What the article editor refuses: saving a draft or publishing re-renders the form (200)
with the error on the field, credit or block it is about, inside its tab, and saves
nothing; the text fields with a limit show a character count instead of being cut."""

import json
import re
from pathlib import Path

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup

from articles.forms import SELF_RELATED, counted_length
from articles.models import ArticlePage
from tests.editor_forms import credit, post_data
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "cms" / "demo" / "articles.jsonl"
ACTIONS = ["action-publish", "save-draft"]  # a draft is saved when no action is posted


@pytest.fixture
def editor(client, django_user_model, site_tree):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    return client


@pytest.fixture
def author():
    return AuthorPageFactory(title="Georgy Toloraya")


@pytest.fixture
def article(author):
    """A live article with one revision, one author and no picked related items."""
    page = ArticlePageFactory(title="The Winding Road", authors=[author])
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def related(*items) -> list:
    return streamfield([("related_articles", {"heading": "", "items": streamfield(list(items))})])


def external(n: int = 0, url: str | None = None) -> tuple:
    url = f"https://example.org/piece-{n}" if url is None else url
    return ("external", {"title": f"Elsewhere {n}", "url": url, "author": "", "teaser": ""})


def saved_state(page) -> tuple:
    page = ArticlePage.objects.get(pk=page.pk)
    return (
        page.revisions.count(),
        page.latest_revision_id,
        page.title,
        page.standfirst,
        page.has_unpublished_changes,
        list(page.article_authors.values_list("author_id", flat=True)),
        list(page.related.raw_data),
    )


def tab(html: str, name: str) -> str:
    """The HTML of one tab of the editor (content, authors_related, promotion_settings)."""
    panels = re.split(r'<section\s+id="tab-', html)
    return next(panel for panel in panels[1:] if panel.startswith(f'{name}"'))


def refused(editor, page, action: str, message: str, tab_name: str, **fields) -> str:
    """Post the edit; assert the form came back with ``message`` in its tab, nothing saved."""
    before = saved_state(page)
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), post_data(page, action, **fields)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be saved due to validation errors." in html
    assert message in tab(html, tab_name)
    assert saved_state(page) == before
    return html


# Each case, saving a draft and publishing -------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_a_missing_standfirst(editor, article, action):
    refused(editor, article, action, "This field is required.", "content", standfirst="  ")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("how", ["none posted", "the only one deleted"])
def test_an_article_with_no_author(editor, article, author, action, how):
    if how == "none posted":
        authors = inline_formset([])
    else:
        only = article.article_authors.get()
        authors = inline_formset([credit(author, id=only.pk, DELETE="on")], initial=1)
    html = refused(
        editor,
        article,
        action,
        "Add at least one author.",
        "authors_related",
        article_authors=authors,
    )
    assert "Please submit at least" not in html


@pytest.mark.parametrize("action", ACTIONS)
def test_the_same_author_twice(editor, article, author, action):
    html = refused(
        editor,
        article,
        action,
        "Georgy Toloraya is credited twice: remove one of the two credits.",
        "authors_related",
        article_authors=inline_formset([credit(author), credit(author, role="interviewed")]),
    )
    assert html.count("is credited twice") == 1  # on the second credit only


@pytest.mark.parametrize("action", ACTIONS)
def test_a_related_item_pointing_at_the_article_itself(editor, article, action):
    other = ArticlePageFactory(authors=[AuthorPageFactory()])
    refused(
        editor,
        article,
        action,
        "An article cannot be related to itself: choose another article.",
        "authors_related",
        related=related(("article", other.pk), ("article", article.pk)),
    )


def test_the_error_is_on_the_block_that_points_at_the_article(editor, article):
    other = ArticlePageFactory(authors=[AuthorPageFactory()])
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        post_data(
            article,
            "action-publish",
            related=related(("article", other.pk), ("article", article.pk)),
        ),
    )
    items = block_errors(response.content.decode(), "related")["blockErrors"]["0"]
    assert items == {"blockErrors": {"items": {"blockErrors": {"1": {"messages": [SELF_RELATED]}}}}}


@pytest.mark.parametrize("action", ACTIONS)
def test_the_same_related_article_twice(editor, article, action):
    other = ArticlePageFactory(title="Hanoi, after", authors=[AuthorPageFactory()])
    html = refused(
        editor,
        article,
        action,
        "Hanoi, after is already in this list.",
        "authors_related",
        related=related(("article", other.pk), external(1), ("article", other.pk)),
    )
    items = block_errors(html, "related")["blockErrors"]["0"]["blockErrors"]["items"]
    assert items == {"blockErrors": {"2": {"messages": ["Hanoi, after is already in this list."]}}}


@pytest.mark.parametrize("action", ACTIONS)
def test_the_same_external_link_twice(editor, article, action):
    url = "https://example.org/piece-1"
    html = refused(
        editor,
        article,
        action,
        f"{url} is already in this list.",
        "authors_related",
        related=related(external(1), external(2), external(3, url=url)),
    )
    items = block_errors(html, "related")["blockErrors"]["0"]["blockErrors"]["items"]
    assert items["blockErrors"] == {
        "2": {"blockErrors": {"url": {"messages": [f"{url} is already in this list."]}}}
    }


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("url", ["not a url", "https://exa mple.org/", "javascript:alert(1)"])
def test_a_related_external_item_with_a_malformed_url(editor, article, action, url):
    html = refused(
        editor,
        article,
        action,
        "Enter a valid URL.",
        "authors_related",
        related=related(external(1), external(2, url=url)),
    )
    items = block_errors(html, "related")["blockErrors"]["0"]["blockErrors"]["items"]
    assert items["blockErrors"]["1"] == {
        "blockErrors": {"url": {"messages": ["Enter a valid URL."]}}
    }


@pytest.mark.parametrize("action", ACTIONS)
def test_a_seventh_related_item(editor, article, action):
    refused(
        editor,
        article,
        action,
        "The maximum number of items is 6",
        "authors_related",
        related=related(*(external(n) for n in range(7))),
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_a_title_over_255_characters(editor, article, action):
    html = refused(
        editor,
        article,
        action,
        "Ensure this value has at most 255 characters (it has 300).",
        "content",
        title="T" * 300,
    )
    assert "300/255 characters (45 too many)" in html
    assert f'value="{"T" * 300}"' in html  # what was typed comes back whole, to shorten
    assert ArticlePage.objects.get(pk=article.pk).title == "The Winding Road"


@pytest.mark.parametrize("action", ACTIONS)
def test_a_standfirst_over_600_characters(editor, article, action):
    html = refused(
        editor,
        article,
        action,
        "Ensure this value has at most 600 characters (it has 601).",
        "content",
        standfirst="s" * 601,
    )
    assert "601/600 characters (1 too many)" in html


# The text fields beyond the title and standfirst that have a limit, and their tabs.
LIMITED = [
    ("hero_caption", 500, "content"),
    ("hero_credit", 255, "content"),
    ("slug", 255, "promotion_settings"),
    ("seo_title", 255, "promotion_settings"),
]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("name", "limit", "tab_name"), LIMITED)
def test_an_over_long_caption_credit_slug_or_title_tag(
    editor, article, action, name, limit, tab_name
):
    typed = "x" * (limit + 100)
    html = refused(
        editor,
        article,
        action,
        f"Ensure this value has at most {limit} characters (it has {limit + 100}).",
        tab_name,
        **{name: typed},
    )
    assert f"{limit + 100}/{limit} characters (100 too many)" in tab(html, tab_name)
    assert f'value="{typed}"' in html  # what was typed comes back whole, to shorten


def test_a_new_article_without_an_author_is_not_created(editor, site_tree):
    count = ArticlePage.objects.count()
    response = editor.post(
        reverse(
            "wagtailadmin_pages:add",
            args=["articles", "articlepage", site_tree.articles.pk],
        ),
        nested_form_data(
            {
                "title": "Sanctions after Hanoi",
                "slug": "sanctions-after-hanoi",
                "standfirst": "What the summit left behind.",
                "show_disclaimer": "on",
                "body": streamfield([]),
                "related": streamfield([]),
                "article_authors": inline_formset([]),
                "comments": inline_formset([]),
                "footnotes": inline_formset([]),
                "documents": inline_formset([]),
                "tags": "",
            }
        ),
    )
    assert response.status_code == 200
    assert "Add at least one author." in tab(response.content.decode(), "authors_related")
    assert ArticlePage.objects.count() == count


# What is still accepted -------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_a_valid_edit_at_the_limits_is_saved(editor, article, author, action):
    other = ArticlePageFactory(authors=[AuthorPageFactory()])
    second = AuthorPageFactory()
    before = ArticlePage.objects.get(pk=article.pk).revisions.count()
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        post_data(
            article,
            action,
            title="T" * 255,
            standfirst="s" * 600,
            hero_caption="c" * 500,
            hero_credit="r" * 255,
            slug="s" * 255,
            seo_title="t" * 255,
            article_authors=inline_formset([credit(author), credit(second)]),
            related=related(("article", other.pk), *(external(n) for n in range(5))),
        ),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=article.pk)
    assert page.revisions.count() == before + 1
    saved = page.get_latest_revision_as_object()
    assert (len(saved.title), len(saved.standfirst)) == (255, 600)
    assert (len(saved.hero_caption), len(saved.hero_credit)) == (500, 255)
    assert (len(saved.slug), len(saved.seo_title)) == (255, 255)
    assert len(saved.related[0].value["items"]) == 6


def test_the_demo_articles_fit_the_limits():
    limits = {
        name: ArticlePage._meta.get_field(name).max_length for name in ("title", "standfirst")
    }
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            for name, limit in limits.items():
                assert len(record[name].strip()) <= limit, (record["title"], name)


# The character counts ---------------------------------------------------------------------


def test_the_limited_fields_show_a_count_and_are_not_cut_by_the_browser(editor, article):
    article.hero_caption = "The summit hall"
    article.save_revision()
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    counted = [
        ("title", 16, 255),
        ("standfirst", len(article.standfirst), 600),
        ("hero_caption", 15, 500),
        ("hero_credit", 0, 255),
        ("slug", len(article.slug), 255),
        ("seo_title", 0, 255),
    ]
    for name, length, limit in counted:
        field = soup.find(attrs={"name": name}, id=f"id_{name}")
        counter = field.find_parent(attrs={"data-controller": "char-count"})
        assert counter["data-char-count-max-value"] == str(limit)
        assert field["data-char-count-target"] == "input"
        assert not field.has_attr("maxlength")  # the browser would cut a paste there
        output = counter.find(attrs={"data-char-count-target": "output"})
        assert output.get_text() == f"{length}/{limit} characters"
        assert output["id"] in field["aria-describedby"].split()
    assert "articles/js/char-count.js" in html
    assert "articles/js/tab-errors.js" in html


def test_the_count_is_what_the_form_will_check():
    assert counted_length("  one\ntwo  ") == len("one\r\ntwo")
    assert counted_length("😀 é") == 3


# Helpers ----------------------------------------------------------------------------------


def block_errors(html: str, field: str):
    """The errors a StreamField's widget is handed (the second of its arguments)."""
    widget = BeautifulSoup(html, "html.parser").find(id=field, attrs={"data-block": True})
    return json.loads(widget["data-w-block-arguments-value"])[1]


def test_the_slug_still_follows_the_title_and_is_slugified(editor, article):
    html = editor.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    slug = BeautifulSoup(html, "html.parser").find(id="id_slug")
    assert slug["data-controller"] == "w-slug"
    title = BeautifulSoup(html, "html.parser").find(id="id_title")
    assert "#id_slug" in title["data-w-sync-target-value"]
