"""Reports: articles of a report type (``ArticleType.is_report``), with a series and number,
an ISBN, a summary, key findings, a cover and PDFs (Wagtail documents) in one or more
languages. The worker reads each PDF's text, page by page (``articles.pdf_text``), and
both search backends find a report by it (docs/reports.md)."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .credits import in_editor_order
from .taxonomy import SlugNamedModel

# The characters of a PDF's text the search indexes read: a 400-page report's text, and
# within what PostgreSQL's full text takes of one entry (a tsvector of at most 1 MB).
SEARCHABLE_CHARS = 500_000


def readable_text(document) -> str:
    """The text of ``document`` as the worker read it, at most ``SEARCHABLE_CHARS`` of it;
    empty while it waits or when it could not be read."""
    text = getattr(document, "text", None)
    if text is None or text.status != DocumentText.READ:
        return ""
    return "\n".join(text.pages)[:SEARCHABLE_CHARS]


@dataclass(frozen=True)
class PDF:
    """A PDF as readers are offered it: where to download it, its language and size."""

    title: str
    url: str
    filename: str
    language: str
    language_name: str
    page_count: int | None
    size: int | None
    content_type: str = "application/pdf"


def pdfs_of(page) -> list[PDF]:
    """The PDFs of ``page`` in the editor's order, in one query, or none when
    ``page.documents`` was prefetched with their documents and texts (``with_pdfs``)."""
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    found = []
    for link in in_editor_order(page, "documents", "document__text"):
        document = link.document
        text = getattr(document, "text", None)
        found.append(
            PDF(
                title=document.title,
                url=document.url,
                filename=document.filename,
                language=link.language,
                language_name=names.get(link.language, link.language),
                page_count=text.page_count if text else None,
                size=document.file_size,
            )
        )
    return found


def as_report(data: dict, page, pdfs: list[PDF], request) -> dict:
    """An article's schema.org data (``NewsArticle``) as a ``Report``'s: its number in its
    series, its ISBN and its PDFs."""
    data = {**data, "@type": "Report"}
    if page.series_number:
        data["reportNumber"] = page.series_number
    if page.series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": page.series.name}
    if page.isbn:
        isbn = {"@type": "PropertyValue", "propertyID": "ISBN", "value": page.isbn}
        data["identifier"] = [data["identifier"], isbn] if "identifier" in data else isbn
    if pdfs:
        data["associatedMedia"] = [
            {
                "@type": "MediaObject",
                "name": pdf.title,
                "contentUrl": request.build_absolute_uri(pdf.url),
                "encodingFormat": pdf.content_type,
                "inLanguage": pdf.language,
                **({"contentSize": f"{pdf.size} B"} if pdf.size else {}),
                **({"numberOfPages": pdf.page_count} if pdf.page_count else {}),
            }
            for pdf in pdfs
        ]
    return data


def has_pdfs() -> Exists:
    """Whether an article (the outer query's row) has PDFs, asked with it."""
    return Exists(ArticleDocument.objects.filter(page=OuterRef("pk")))


def with_pdfs(articles):
    """``articles`` with what ``pdfs_of`` reads, in one more query."""
    return articles.prefetch_related(
        Prefetch("documents", queryset=ArticleDocument.objects.select_related("document__text"))
    )


class ReportSeries(SlugNamedModel):
    """A named series reports are numbered in ("Working Papers", "Policy Briefs")."""

    description = models.TextField(blank=True)

    panels = [*SlugNamedModel.panels, FieldPanel("description")]

    class Meta(SlugNamedModel.Meta):
        verbose_name_plural = "report series"


class ArticleDocument(Orderable):
    """A PDF of an article, in a language: the report itself, or its translation."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="article_links"
    )
    language = models.CharField(
        max_length=8,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language the PDF is written in.",
    )

    panels = [FieldPanel("document"), FieldPanel("language")]

    @property
    def searchable_text(self) -> str:
        """What the database search backend indexes of the PDF (``readable_text``)."""
        return readable_text(self.document)

    class Meta(Orderable.Meta):
        verbose_name = "PDF"
        constraints = [
            models.UniqueConstraint(fields=["page", "document"], name="article_document_once")
        ]


class DocumentText(models.Model):
    """The text of a document's PDF, page by page, as the worker read it, or why it could
    not: a broken or encrypted file is reported here, and the report is still published."""

    PENDING, READ, FAILED = "pending", "read", "failed"
    STATES = [(PENDING, "Waiting for the worker"), (READ, "Read"), (FAILED, "Not readable")]

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    # The stored file the text was read from: a new file is read again.
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=8, choices=STATES, default=PENDING, db_index=True)
    error = models.CharField(max_length=500, blank=True)
    pages = models.JSONField(default=list, help_text="Each page's text, in order.")
    read_at = models.DateTimeField(null=True, blank=True)
    # Once attached to an article, a document is served only with an article readers can
    # see: a report deleted or a PDF taken off it does not leave its file public
    # (``articles.document_access``).
    attached = models.BooleanField(default=False)

    class Meta:
        verbose_name = "PDF text"

    def __str__(self):
        return f"{self.document_id}: {self.status}"

    @property
    def page_count(self) -> int | None:
        return len(self.pages) if self.status == self.READ else None
