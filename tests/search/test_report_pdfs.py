"""A report is found by the words of its PDFs, on each search backend: the worker reads a
new PDF and has the report indexed again; the hit's excerpt comes from the PDF's page that
holds the words, and says which PDF and page."""

import pytest

from articles.models import ArticleDocument, ArticleType
from cms.worker.passes import run_pass
from search.rebuild import rebuild, refresh
from tests.articles.test_reports import upload
from tests.factories import ArticlePageFactory
from tests.pdfs import pdf_with_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(backend, site_tree):
    if backend == "elasticsearch":
        rebuild()
    page = ArticlePageFactory(
        title="Energy corridors of Northeast Asia",
        article_type=ArticleType.objects.get(is_report=True),
        body=[("paragraph", "<p>The report's web summary.</p>")],
    )
    pdfs = [
        upload(
            "Energy corridors (full text)",
            pdf_with_pages(
                "Introduction to the corridors.",
                "Shipping costs rose as maritime insurance premiums doubled in 2022.",
                "Conclusions.",
            ),
        ),
        upload("Annex tables", pdf_with_pages("Table 1.", "Table 2 lists liquefaction trains.")),
    ]
    for position, document in enumerate(pdfs):
        ArticleDocument.objects.create(page=page, document=document, sort_order=position)
    hidden = ArticlePageFactory(title="A draft report", article_type=page.article_type)
    ArticleDocument.objects.create(
        page=hidden, document=upload("Draft", pdf_with_pages("Maritime insurance premiums."))
    )
    hidden.unpublish()
    ArticlePageFactory(title="Unrelated commentary")
    run_pass()
    if backend == "elasticsearch":
        refresh()
    return page


@pytest.mark.parametrize("query", ["maritime insurance premiums", '"maritime insurance premiums"'])
def test_a_phrase_only_inside_a_pdf_finds_its_report(client, report, backend, query):
    found = client.get("/api/search/", {"q": query}).json()

    assert found["backend"] == backend
    assert [hit["title"] for hit in found["hits"]] == [report.title]
    [hit] = found["hits"]
    assert "<mark>maritime</mark> <mark>insurance</mark> <mark>premiums</mark>" in (
        hit["highlights"][0].lower()
    )
    assert hit["found_in"]["title"] == "Energy corridors (full text)"
    assert hit["found_in"]["page"] == 2
    assert hit["found_in"]["url"].endswith("#page=2")


def test_the_search_page_says_which_pdf_and_page(client, report, backend):
    html = client.get("/search/", {"q": "liquefaction trains"}).content.decode()

    assert report.title in html
    assert "<mark>liquefaction</mark>" in html
    assert "In the PDF “Annex tables”, page 2" in html
    assert '#page=2">Open at this page</a>' in html


def test_words_of_the_web_text_keep_their_own_excerpt(client, report, backend):
    [hit] = client.get("/api/search/", {"q": "web summary"}).json()["hits"]

    assert hit["found_in"] is None
    assert "<mark>" in hit["highlights"][0]
