"""Reports: the report's own details on its page and in the API, /reports/ and its filters,
the worker reading the PDFs, their downloads (only once the report is public) and the
feeds' enclosures."""

import json
import re
import tracemalloc

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import feedparser
import pytest

from articles.models import ArticleDocument, ArticleType, DocumentText, ReportSeries
from articles.pdf_text import page_texts
from cms.core.fields import valid_isbn
from cms.worker.passes import run_pass
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory
from tests.pdfs import damaged_pdf, encrypted_pdf, pdf_with_pages

pytestmark = pytest.mark.django_db
Document = get_document_model()


def upload(title: str, content: bytes, filename: str = "report.pdf"):
    document = Document(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def report(*pdfs, **fields):
    """A live report with ``pdfs`` ((document, language) pairs) attached."""
    page = ArticlePageFactory(article_type=ArticleType.objects.get(is_report=True), **fields)
    for position, (document, language) in enumerate(pdfs):
        ArticleDocument.objects.create(
            page=page, document=document, language=language, sort_order=position
        )
    return page


@pytest.mark.parametrize(
    ("isbn", "valid"),
    [
        ("978-3-16-148410-0", True),
        ("9783161484100", True),
        ("0-306-40615-2", True),
        ("080442957X", True),
        ("978-3-16-148410-1", False),  # the check digit is wrong
        ("0-306-40615-3", False),
        ("12345", False),
        ("979-0-000-00000-0", False),
    ],
)
def test_isbns_are_checked_by_their_check_digit(isbn, valid):
    assert valid_isbn(isbn) is valid


def test_the_worker_reads_each_pdf_page_by_page(site_tree):
    document = upload("Full text", pdf_with_pages("Page one on tariffs.", "Page two on pipelines."))
    assert DocumentText.objects.get(document=document).status == DocumentText.PENDING

    outcome = run_pass()

    text = DocumentText.objects.get(document=document)
    assert (text.status, text.pages) == ("read", ["Page one on tariffs.", "Page two on pipelines."])
    assert outcome.pdfs_read == 1
    assert "1 PDFs read, 0 not readable" in str(outcome)
    # Saving the document again without a new file does not read it again.
    document.title = "Renamed"
    document.save()
    assert DocumentText.objects.get(document=document).status == DocumentText.READ


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (damaged_pdf(), "damaged"),
        (encrypted_pdf("Locked text."), "encrypted"),
        (b"Just a text file.", "not a PDF"),
    ],
)
def test_a_pdf_that_cannot_be_read_is_reported_and_the_pass_goes_on(site_tree, content, reason):
    bad = upload("Bad", content)
    good = upload("Good", pdf_with_pages("Readable."))

    outcome = run_pass()

    assert outcome.pdfs_read == 1
    assert outcome.pdfs_failed == 1
    assert not outcome.errors
    text = DocumentText.objects.get(document=bad)
    assert text.status == DocumentText.FAILED
    assert reason in text.error
    assert DocumentText.objects.get(document=good).pages == ["Readable."]


def test_only_pdfs_are_read_until_a_document_is_attached_to_an_article(site_tree):
    sheet = upload("Data", b"a,b\n1,2\n", "data.csv")
    assert not DocumentText.objects.filter(document=sheet).exists()

    report((sheet, "en"))
    run_pass()

    assert DocumentText.objects.get(document=sheet).error == "not a PDF file"


def test_a_large_pdf_is_read_from_storage_not_loaded_whole(site_tree):
    # 20 MB of an object no page uses, after two pages of text.
    small = pdf_with_pages("First page.", "Second page.")
    head, tail = small.split(b"xref\n", 1)
    filler = b"99 0 obj\n<< /Length 20000000 >>\nstream\n" + b"0" * 20_000_000
    filler += b"\nendstream\nendobj\n"
    xref = int(small.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    content = (
        head
        + filler
        + b"xref\n"
        + tail.replace(b"startxref\n%d" % xref, b"startxref\n%d" % (xref + len(filler)))
    )
    document = upload("Large", content)

    tracemalloc.start()
    try:
        pages = page_texts(document.file)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert pages == ["First page.", "Second page."]
    assert peak < 5_000_000


def test_the_report_page_shows_its_details_and_pdfs(client, site_tree):
    series = ReportSeries.objects.create(name="Working Papers")
    english = upload("Sanctions and trade (English)", pdf_with_pages("One.", "Two.", "Three."))
    russian = upload("Санкции и торговля", pdf_with_pages("Odin."), "report-ru.pdf")
    page = report(
        (english, "en"),
        (russian, "ru"),
        series=series,
        series_number="12",
        isbn="978-3-16-148410-0",
        doi="10.1234/wp.12",
        summary="<p>What the study found, briefly.</p>",
        key_findings="<ul><li>Tariffs rose.</li><li>Pipelines moved.</li></ul>",
    )
    run_pass()

    html = client.get(page.url).content.decode()

    assert "Working Papers, no. 12" in html
    assert "978-3-16-148410-0" in html
    assert 'href="https://doi.org/10.1234/wp.12"' in html
    assert "What the study found, briefly." in html
    assert "<li>Tariffs rose.</li>" in html
    assert f'href="{english.url}"' in html
    assert f'href="{russian.url}"' in html
    assert "(PDF, English, 3 pages," in html
    assert "(PDF, Russian, 1 page," in html
    assert html.index(english.url) < html.index(russian.url)


def test_a_cached_report_page_shows_its_pdfs_page_count_once_read(client, site_tree):
    page = report((upload("Study", pdf_with_pages("One.", "Two.")), "en"))
    assert "(PDF, English," in client.get(page.url).content.decode()  # cached

    run_pass()

    assert "(PDF, English, 2 pages," in client.get(page.url).content.decode()


def test_the_api_lists_a_reports_pdfs_and_details(client, site_tree):
    document = upload("The study", pdf_with_pages("One.", "Two."))
    page = report((document, "en"), isbn="0-306-40615-2", series_number="3")
    run_pass()

    data = client.get(f"/api/v2/pages/{page.pk}/").json()

    assert data["isbn"] == "0-306-40615-2"
    assert data["series_number"] == "3"
    [pdf] = data["pdfs"]
    assert pdf["url"] == f"http://testserver{document.url}"
    assert (pdf["language"], pdf["pages"], pdf["filename"]) == ("en", 2, document.filename)
    assert pdf["size"] == document.file.size


def test_reports_are_listed_and_filtered_by_series_topic_author_and_year(
    client, site_tree, page_cache_off
):
    papers, briefs = (ReportSeries.objects.create(name=n) for n in ("Papers", "Briefs"))
    korea = TopicFactory(name="Korea")
    author = AuthorPageFactory(title="Georgy Toloraya")
    report(title="Old paper", series=papers, display_date=timezone.datetime(2015, 3, 1))
    new = report(title="New brief", series=briefs, topics=[korea], authors=[author])
    ArticlePageFactory(title="An opinion piece")

    def titles(query=""):
        response = client.get(f"/reports/{query}")
        assert response.status_code == 200
        return [a.title for a in response.context["articles"].object_list]

    assert titles() == ["New brief", "Old paper"]
    assert titles("?series=papers") == ["Old paper"]
    assert titles(f"?topic={korea.slug}") == ["New brief"]
    assert titles(f"?author={author.slug}") == ["New brief"]
    assert titles("?year=2015") == ["Old paper"]
    assert titles("?series=papers&year=2019") == []
    assert titles("?series=nope") == titles("?year=abcd") == titles("?year=99999") == []
    assert titles("?year=0") == titles("?year=0000") == titles("?year=-1") == []
    html = client.get("/reports/?series=papers").content.decode()
    # Every choice stays offered whatever is chosen.
    assert '<option value="briefs">Briefs</option>' in html
    assert '<option value="papers" selected>Papers</option>' in html
    assert '<option value="2015">2015</option>' in html
    assert f'<option value="{korea.slug}">Korea</option>' in html
    assert "An opinion piece" not in html
    assert new.title not in html


def test_reports_in_russian_are_listed_under_ru(client, site_tree, page_cache_off):
    report(title="Доклад", language="ru")
    report(title="Report")
    assert client.get("/ru/reports/").status_code == 200
    ru = [a.title for a in client.get("/ru/reports/").context["articles"].object_list]
    en = [a.title for a in client.get("/reports/").context["articles"].object_list]
    assert (ru, en) == (["Доклад"], ["Report"])


def _download(client, document):
    return client.get(document.url)


def test_a_published_reports_pdf_downloads_with_its_type_size_and_name(client, site_tree):
    content = pdf_with_pages("Downloadable.")
    document = upload("Study", content, "the-study.pdf")
    report((document, "en"))

    response = _download(client, document)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert int(response["Content-Length"]) == len(content)
    assert document.filename in response["Content-Disposition"]
    assert response.streaming
    assert b"".join(response.streaming_content) == content


def test_pdfs_of_reports_readers_cannot_see_are_not_found(client, site_tree):
    draft_pdf, private_pdf, expired_pdf = (upload(n, pdf_with_pages(n)) for n in "ABC")
    draft = report((draft_pdf, "en"))
    draft.unpublish()
    private = report((private_pdf, "en"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    report((expired_pdf, "en"), expire_at=timezone.now() - timezone.timedelta(hours=1))
    loose = upload("Not attached", pdf_with_pages("Loose."))

    for document in (draft_pdf, private_pdf, expired_pdf):
        assert _download(client, document).status_code == 404, document.title
    assert _download(client, loose).status_code == 200
    # Published, the draft's PDF is served.
    draft.save_revision().publish()
    assert _download(client, draft_pdf).status_code == 200


def test_pdfs_stay_unreachable_once_their_report_is_deleted_or_they_are_taken_off(
    client, site_tree
):
    kept, removed, of_deleted = (upload(n, pdf_with_pages(n)) for n in ("K", "R", "D"))
    page = report((kept, "en"), (removed, "en"))
    deleted = report((of_deleted, "en"))
    assert _download(client, removed).status_code == 200

    page.documents = [link for link in page.documents.all() if link.document_id == kept.pk]
    page.save_revision().publish()
    deleted.delete()

    assert _download(client, kept).status_code == 200
    assert _download(client, removed).status_code == 404
    assert _download(client, of_deleted).status_code == 404


def test_a_document_uploaded_before_it_is_attached_is_read(site_tree):
    document = upload("Older upload", pdf_with_pages("Older."))
    DocumentText.objects.all().delete()  # as before PDFs were read
    report((document, "en"))
    run_pass()
    assert DocumentText.objects.get(document=document).pages == ["Older."]


def test_a_pdf_added_in_a_draft_of_a_live_report_waits_for_its_publication(client, site_tree):
    page = report()
    embargoed = upload("Embargoed", pdf_with_pages("Not yet."))
    page.documents = [ArticleDocument(document=embargoed, language="en")]
    revision = page.save_revision()

    assert _download(client, embargoed).status_code == 404
    revision.publish()
    assert _download(client, embargoed).status_code == 200


def test_feeds_carry_a_reports_pdfs_as_enclosures(client, site_tree):
    first = upload("English", pdf_with_pages("One."), "en.pdf")
    second = upload("Russian", pdf_with_pages("Dva."), "ru.pdf")
    report((first, "en"), (second, "ru"), title="With PDFs")
    ArticlePageFactory(title="Without")

    rss = feedparser.parse(client.get("/feeds/rss/").content)
    atom = feedparser.parse(client.get("/feeds/atom/").content)
    feed_json = client.get("/feeds/json/").json()

    def item(entries, title):
        return next(e for e in entries if e["title"] == title)

    [enclosure] = item(rss.entries, "With PDFs").enclosures
    assert enclosure.href == f"http://testserver{first.url}"
    assert enclosure.type == "application/pdf"
    assert int(enclosure.length) == first.file.size
    atom_links = [
        link.href for link in item(atom.entries, "With PDFs").links if link.rel == "enclosure"
    ]
    assert atom_links == [f"http://testserver{first.url}", f"http://testserver{second.url}"]
    attachments = item(feed_json["items"], "With PDFs")["attachments"]
    assert [a["mime_type"] for a in attachments] == ["application/pdf", "application/pdf"]
    assert [a["size_in_bytes"] for a in attachments] == [first.file.size, second.file.size]
    assert not item(rss.entries, "Without").get("enclosures")


def test_the_editor_sees_which_pdf_could_not_be_read_and_why(client, editor, site_tree):
    locked = upload("Locked edition", encrypted_pdf("Secret."))
    readable = upload("Open edition", pdf_with_pages("One.", "Two."))
    page = report((locked, "en"), (readable, "en"))
    run_pass()

    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()

    assert "Locked edition</strong>:" in html
    assert "its text could not be read: encrypted: its text needs a password" in html
    assert "text read (2 pages), searchable" in html


def test_a_report_describes_itself_to_search_engines_as_a_report(client, site_tree):
    document = upload("The study", pdf_with_pages("One.", "Two."))
    series = ReportSeries.objects.create(name="Working Papers")
    page = report(
        (document, "en"), series=series, series_number="7", isbn="978-3-16-148410-0", doi=""
    )
    run_pass()

    html = client.get(page.url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    [data] = [json.loads(b) for b in blocks if '"Report"' in b]

    assert data["reportNumber"] == "7"
    assert data["isPartOf"]["name"] == "Working Papers"
    assert data["identifier"]["value"] == "978-3-16-148410-0"
    [media] = data["associatedMedia"]
    assert media["contentUrl"] == f"http://testserver{document.url}"
    assert (media["encodingFormat"], media["numberOfPages"]) == ("application/pdf", 2)


@pytest.mark.parametrize("query", ["", "?series=papers", "?year=2019", "?topic=korea"])
def test_the_reports_page_costs_the_same_queries_for_2_reports_as_for_12(
    client, site_tree, page_cache_off, query
):
    series = ReportSeries.objects.create(name="Papers")
    topic = TopicFactory(name="Korea", slug="korea")
    authors = [AuthorPageFactory() for _ in range(3)]

    def count() -> int:
        client.get(f"/reports/{query}")  # warms the site root paths
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/reports/{query}").status_code == 200
        return len(captured)

    for _ in range(2):
        report(series=series, topics=[topic], authors=authors)
    few = count()
    for _ in range(10):
        report(series=series, topics=[topic], authors=authors)
    assert count() == few
    assert few <= 10


def test_an_authors_page_lists_their_reports_apart_from_their_commentary(
    client, site_tree, page_cache_off
):
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya")
    for n in range(7):
        report(title=f"Report {n}", authors=[author])
    ArticlePageFactory(title="An op-ed", authors=[author])
    ArticlePageFactory(title="Someone else's op-ed")

    response = client.get(author.url)
    html = response.content.decode()

    reports, commentary = html.split('id="articles-heading"')
    assert [r.title for r in response.context["reports"]] == [
        f"Report {n}" for n in (6, 5, 4, 3, 2)
    ]
    assert "Report 6" in reports
    assert "An op-ed" not in reports
    assert "An op-ed" in commentary
    assert "Report" not in commentary.split("</h2>", 1)[1]
    assert ">Commentary</h2>" in commentary
    assert 'href="/reports/?author=toloraya">All reports by Georgy Toloraya</a>' in reports
    assert "Someone else" not in html


def test_an_author_without_reports_keeps_one_list_of_articles(client, site_tree):
    author = AuthorPageFactory(title="Konstantin Asmolov")
    ArticlePageFactory(title="An analysis", authors=[author])
    html = client.get(author.url).content.decode()
    assert "Articles by Konstantin Asmolov" in html
    assert 'id="reports-heading"' not in html


def test_an_authors_page_with_reports_stays_within_the_query_budget(
    client, site_tree, page_cache_off
):
    from cms.core.page_cache import retire_cached_pages

    author = AuthorPageFactory(expertise=[TopicFactory()], languages=["en", "ru"])

    def count() -> int:
        client.get(author.url)  # warms the site root paths
        retire_cached_pages()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(author.url).status_code == 200
        return len(captured)

    for _ in range(2):
        report(authors=[author])
        ArticlePageFactory(authors=[author])
    few = count()
    for _ in range(10):
        report(authors=[author])
        ArticlePageFactory(authors=[author])
    assert count() == few
    assert few <= 10
