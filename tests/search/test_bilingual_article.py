"""Scholarly, bilingual publishing on one article, end to end: two authors, three footnotes
and a Russian translation made with the admin's Translate action. Each version cites itself
in every format (read back by independent parsers), numbers and links its notes, and links
to the other; a search in Russian on the Russian pages finds the Russian version first, on
each search backend."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from wagtail.search import index

import bibtexparser
import jsonschema
import pytest
import rispy

from articles.footnotes import ArticleFootnote
from search.rebuild import rebuild, refresh
from tests.editor_forms import translate
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

CSL_SCHEMA = json.loads(
    (Path(__file__).parents[1] / "articles" / "csl" / "csl-data.json").read_text()
)
TITLE = {
    "en": "Prospects of Kim Jong-un’s Visit to Russia",
    "ru": "Перспективы визита Ким Чен Ына в Россию",
}
URL = {"en": "/articles/kim-visit/", "ru": "/ru/articles/kim-visit/"}
# The English version quotes the Russian press, so a Russian query finds both versions.
BODY = {
    "en": (
        "Moscow papers wrote of «визит Ким Чен Ына»{a} as settled; Pyongyang{b} was quieter.",
        "The summit would need substance{a}, not ceremony{c}.",
    ),
    "ru": (
        "Визит Ким Чен Ына{a} в Москву обсуждается давно; Пхеньян{b} молчит.",
        "Встрече нужно содержание{a}, а не церемония{c}.",  # noqa: RUF001
    ),
}
NOTES = {
    "en": {"a": "Rossiyskaya Gazeta, 2019.", "b": "KCNA.", "c": "See the Hanoi summit."},
    "ru": {"a": "«Российская газета», 2019.", "b": "ЦТАК.", "c": "См. саммит в Ханое."},
}


def body(language: str) -> list[tuple[str, str]]:
    references = {key: f'<a linktype="footnote" id="{key}">*</a>' for key in "abc"}
    return [("paragraph", f"<p>{text.format(**references)}</p>") for text in BODY[language]]


def write(page, language: str) -> None:
    """The version's title, body and notes in ``language``, published."""
    page.title = TITLE[language]
    page.body = body(language)
    page.footnotes = [
        ArticleFootnote(key=key, text=f"<p>{text}</p>", sort_order=position)
        for position, (key, text) in enumerate(NOTES[language].items())
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    index.insert_or_update_object(page)  # with its credits, as publishing indexes it


@pytest.fixture
def versions(client, backend, site_tree, editor):
    authors = [
        AuthorPageFactory(title="Konstantin Asmolov", slug="konstantin-asmolov"),
        AuthorPageFactory(title="Georgy Toloraya", slug="georgy-toloraya"),
    ]
    english = ArticlePageFactory(slug="kim-visit", authors=authors)
    write(english, "en")
    russian = translate(client, editor, english)
    write(russian, "ru")
    if backend == "elasticsearch":
        rebuild()
        refresh()
    return {"en": english, "ru": russian}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_each_version_cites_numbers_its_notes_and_links_the_other(client, versions, language):
    other = "ru" if language == "en" else "en"
    html = client.get(URL[language]).content.decode()
    assert f"<h1>{TITLE[language]}</h1>" in html

    # Notes: numbered by first reference, linked both ways, in this version's language.
    assert re.findall(r'href="#fn-(\d)" id="fnref-[\d-]+" role="doc-noteref"', html) == [
        "1",
        "2",
        "1",
        "3",
    ]
    for number, key in enumerate("abc", start=1):
        assert f'<li id="fn-{number}">' in html
        assert NOTES[language][key] in html
    assert html.count('role="doc-backlink"') == 4

    # The other version: linked in the page and named as an alternate.
    assert re.search(rf'<a href="{URL[other]}" hreflang="{other}"', html)
    assert f'<link rel="alternate" hreflang="{other}" href="http://localhost{URL[other]}">' in html

    # Its citation, in every format, read back by parsers of each.
    bib = client.get(f"{URL[language]}cite.bib").content.decode()
    [entry] = bibtexparser.parse_string(bib).entries
    assert entry["author"] == "Asmolov, Konstantin and Toloraya, Georgy"
    assert entry["url"] == f"http://localhost{URL[language]}"
    [record] = rispy.loads(client.get(f"{URL[language]}cite.ris").content.decode())
    assert record["title"] == TITLE[language]
    assert record["authors"] == ["Asmolov, Konstantin", "Toloraya, Georgy"]
    csl = json.loads(client.get(f"{URL[language]}cite.json").content)
    jsonschema.Draft7Validator(CSL_SCHEMA).validate(csl)
    assert (csl[0]["title"], csl[0]["language"]) == (TITLE[language], language)


def test_a_russian_search_on_the_russian_pages_finds_the_russian_version_first(
    client, versions, backend
):
    found = client.get("/ru/api/search/", {"q": "визит Ким Чен Ына"}).json()
    assert found["backend"] == backend
    assert [urlsplit(hit["url"]).path for hit in found["hits"]] == [URL["ru"], URL["en"]]
    page = client.get("/ru/search/", {"q": "визит Ким Чен Ына"}).content.decode()
    assert page.index(TITLE["ru"]) < page.index(TITLE["en"])
