"""A report, from the editor's upload of its PDF to a reader finding it by the PDF's words:
the PDF stays unreachable while the report is a draft, the worker reads it, and the search
says on which page of which PDF the words are."""

import re

from playwright.sync_api import expect

from tests.browser.steps import (
    attach_pdf,
    credit_authors,
    log_in,
    make_report,
    open_new_article,
    publish,
    save_draft,
    write_article,
)
from tests.pdfs import pdf_with_pages

TITLE = "Energy Corridors of Northeast Asia"
PDF_TITLE = "Energy corridors (full text)"


def test_a_report_is_found_by_the_words_of_its_pdf(demo_server, people, manage, page, tmp_path):
    pdf = tmp_path / "energy-corridors.pdf"
    pdf.write_bytes(pdf_with_pages("Introduction.", "Maritime insurance premiums doubled in 2022."))
    log_in(page, demo_server, people["editor"])
    open_new_article(page, demo_server)
    write_article(page, TITLE, "Pipelines, shipping lanes and the politics of both.")
    make_report(page)
    credit_authors(page, ("Georgy Toloraya", ""))
    attach_pdf(page, str(pdf), PDF_TITLE)
    save_draft(page)
    document_url = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from wagtail.documents.models import Document;"
        f"print(Document.objects.get(title={PDF_TITLE!r}).url)",
    ).strip()

    assert page.request.get(demo_server + document_url).status == 404
    publish(page)
    manage("worker", "--once")

    download = page.request.get(demo_server + document_url)
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body() == pdf.read_bytes()

    page.goto(demo_server + "/reports/")
    page.locator("main").get_by_role("link", name=TITLE).click()
    main = page.locator("main")
    expect(main.get_by_role("link", name=PDF_TITLE)).to_be_visible()
    expect(main.get_by_text("(PDF, English, 2 pages,")).to_be_visible()

    page.goto(demo_server + "/search/?q=maritime+insurance+premiums")
    results = page.locator("main")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results.locator("mark").first).to_have_text(re.compile("maritime", re.I))
    expect(results.get_by_text(f"In the PDF “{PDF_TITLE}”, page 2")).to_be_visible()
    link = results.get_by_role("link", name="Open at this page")
    assert link.get_attribute("href") == f"{document_url}#page=2"
