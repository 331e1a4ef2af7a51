"""Footnotes: references in the body's paragraphs, numbered in reading order across blocks,
listed as endnotes with links both ways; the editor refuses a reference without its note
and a note without a reference."""

import re

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

import pytest

from articles.footnotes import ArticleFootnote
from cms.core.blocks import rich_text_features
from search.text import body_text
from tests.editor_forms import post_data
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db


def ref(key: str) -> str:
    return f'<a linktype="footnote" id="{key}">*</a>'


@pytest.fixture
def article(site_tree):
    """Three notes, written in the order c, a, b, referenced a, b, then a again and c in a
    later paragraph, with a heading between."""
    page = ArticlePageFactory(
        slug="noted",
        authors=[AuthorPageFactory(title="Georgy Toloraya")],
        body=[
            ("paragraph", f"<p>Sanctions{ref('aaaa')} bite; talks{ref('bbbb')} stall.</p>"),
            ("heading", {"text": "Later", "level": "h2"}),
            ("paragraph", f"<p>Again{ref('aaaa')}, and last{ref('cccc')}.</p>"),
        ],
    )
    for key, text in [
        ("cccc", "<p>The <i>last</i> note.</p>"),
        ("aaaa", '<p>See <a href="https://un.org/">the UN</a>.</p>'),
        ("bbbb", "<p>Second note.</p>"),
    ]:
        ArticleFootnote.objects.create(page=page, key=key, text=text)
    return page


def test_notes_are_numbered_by_their_first_reference(client, article):
    html = client.get("/articles/noted/").content.decode()
    body = html[html.index('class="article__body') : html.index('class="endnotes"')]

    refs = re.findall(
        r'<sup class="footnote-ref"><a href="#fn-(\d)" id="([^"]+)" role="doc-noteref"', body
    )
    assert refs == [("1", "fnref-1"), ("2", "fnref-2"), ("1", "fnref-1-2"), ("3", "fnref-3")]
    assert "data-footnote" not in body
    assert "*</a>" not in body

    notes = html[html.index('<section class="endnotes" role="doc-endnotes"') :]
    notes = notes[: notes.index("</section>")]
    items = re.findall(r'<li id="fn-(\d)">(.*?)</li>', notes, re.S)
    assert [number for number, _ in items] == ["1", "2", "3"]
    assert '<a href="https://un.org/">the UN</a>' in items[0][1]
    assert "Second note." in items[1][1]
    assert "The <i>last</i> note." in items[2][1]
    backs = re.findall(r'href="#(fnref-[\d-]+)" role="doc-backlink" aria-label="([^"]+)"', notes)
    assert backs == [
        ("fnref-1", "Back to reference 1, occurrence 1"),
        ("fnref-1-2", "Back to reference 1, occurrence 2"),
        ("fnref-2", "Back to reference 2"),
        ("fnref-3", "Back to reference 3"),
    ]


def test_a_body_without_references_has_no_notes_section(client, site_tree):
    ArticlePageFactory(slug="plain")
    html = client.get("/articles/plain/").content.decode()
    assert "endnotes" not in html
    assert "doc-noteref" not in html


def test_a_stray_reference_is_dropped_not_broken(client, article):
    ArticleFootnote.objects.filter(key="bbbb").delete()
    html = client.get("/articles/noted/").content.decode()
    assert "talks stall." in html
    assert re.findall(r'id="(fnref-[\d-]+)" role="doc-noteref"', html) == [
        "fnref-1",
        "fnref-1-2",
        "fnref-2",
    ]
    assert "#fn-bbbb" not in html


def edit(admin_client, page, **fields):
    url = f"/admin/pages/{page.pk}/edit/"
    return admin_client.post(url, post_data(page, "action-publish", **fields))


def body_data(*paragraphs: str) -> dict:
    return streamfield(
        [("paragraph", rich_text(p, features=rich_text_features)) for p in paragraphs]
    )


def notes_data(*notes: tuple[str, str]) -> dict:
    return inline_formset([{"key": key, "text": rich_text(text)} for key, text in notes])


def test_the_editor_saves_references_and_notes(admin_client, site_tree):
    article = ArticlePageFactory(authors=[AuthorPageFactory()])
    response = edit(
        admin_client,
        article,
        body=body_data(f"<p>One{ref('k1')} and two{ref('k2')}.</p>"),
        footnotes=notes_data(("k2", "<p>Second.</p>"), ("k1", "<p>First.</p>")),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(pk=article.pk).specific
    assert sorted(page.footnotes.values_list("key", flat=True)) == ["k1", "k2"]
    assert 'linktype="footnote" id="k1"' in page.body.raw_data[0]["value"]


def test_a_reference_without_its_note_is_refused(admin_client, article):
    response = edit(
        admin_client,
        article,
        body=body_data(f"<p>One{ref('k1')}.</p>", f"<p>Gone{ref('gone')}.</p>"),
        footnotes=notes_data(("k1", "<p>First.</p>")),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "A footnote reference here points to no note" in text
    assert Page.objects.get(pk=article.pk).specific.footnotes.count() == 3  # unchanged


def test_a_note_without_a_reference_is_refused(admin_client, article):
    response = edit(
        admin_client,
        article,
        body=body_data(f"<p>One{ref('k1')}.</p>"),
        footnotes=notes_data(("k1", "<p>First.</p>"), ("", "<p>Never referenced.</p>")),
    )
    assert response.status_code == 200
    assert "No paragraph references this note" in response.content.decode()


def test_a_note_saved_without_a_key_gets_one(article):
    note = ArticleFootnote.objects.create(page=article, text="<p>x</p>")
    assert re.fullmatch(r"[0-9a-f]{8}", note.key)


def test_the_editor_offers_the_footnote_button(admin_client, article):
    html = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "articles/js/footnotes.js" in html
    assert "FOOTNOTE" in html
    assert 'name="footnotes-0-key"' in html


def test_the_stored_reference_opens_in_the_editor_unchanged(article):
    stored = f"<p>Sanctions{ref('aaaa')} bite.</p>"
    converter = ContentstateConverter(rich_text_features)
    back = converter.to_database_format(converter.from_database_format(stored))
    assert re.sub(r' data-block-key="[^"]*"', "", back) == stored


def test_the_feeds_carry_the_numbered_notes(client, article):
    ArticlePageFactory(slug="plain")  # a body without references, in the same feed
    items = {item["url"]: item for item in client.get("/feeds/json/").json()["items"]}
    noted = items["http://testserver/articles/noted/"]["content_html"]
    assert re.findall(r'<a href="#fn-(\d)" id="fnref-[\d-]+" role="doc-noteref"', noted) == [
        "1",
        "2",
        "1",
        "3",
    ]
    assert noted.index('<li id="fn-1">') < noted.index("the UN") < noted.index('<li id="fn-2">')
    assert "endnotes" not in items["http://testserver/articles/plain/"]["content_html"]


def test_the_api_gives_the_notes_in_reading_order(client, article):
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert [(note["number"], note["key"]) for note in data["footnotes"]] == [
        (1, "aaaa"),
        (2, "bbbb"),
        (3, "cccc"),
    ]
    assert data["footnotes"][0]["text"] == '<p>See <a href="https://un.org/">the UN</a>.</p>'
    assert 'linktype="footnote" id="aaaa"' in data["body"][0]["value"]


def test_search_text_and_excerpts_leave_the_references_out(article):
    text = body_text(article.body.raw_data)
    assert text.startswith("Sanctions bite; talks stall.")
    assert "*" not in text
