"""The text of PDFs, read by the worker, never in an editor's request.

A PDF saved with a new file, or any document attached to an article, is marked for
reading (``mark_for_reading``, from their ``post_save``); the worker's pass reads what is
waiting (``read_waiting``), page by page, straight from storage: pypdf seeks in the file
and reads the parts it needs, so a large file is never loaded whole. A broken, encrypted
or non-PDF file is recorded as not readable, with the reason, and the editor sees it on
the report's Report tab; nothing else fails.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from pypdf import PdfReader

from .reports import ArticleDocument, DocumentText

logger = logging.getLogger("articles.pdf_text")

# Documents read in one pass of the worker: the rest wait for the next pass.
READ_PER_PASS = 5
# The characters of one document's text kept: beyond them a file is not prose.
MAX_TEXT_CHARS = 5_000_000


class UnreadablePDF(Exception):
    """A file whose text cannot be read, and why."""


@dataclass
class ReadReport:
    read: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (document id, reason)
    article_ids: list[int] = field(default_factory=list)  # the articles to index again


def mark_for_reading(document, *, attached: bool = False) -> None:
    """Have the worker read ``document``'s file if it is a PDF or ``attached`` to an article
    (where anything but a PDF is reported), unless its text was read from that file; and
    record the file's size if it is not known."""
    if not document.file or not (attached or document.file_extension.lower() == "pdf"):
        return
    if document.file_size is None:
        # The size download links and feed enclosures give (Wagtail's upload form sets it).
        document.file_size = document.file.size
        type(document).objects.filter(pk=document.pk).update(file_size=document.file_size)
    known = DocumentText.objects.filter(document=document, file_name=document.file.name)
    if known.exists():
        return
    DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "file_name": document.file.name,
            "status": DocumentText.PENDING,
            "error": "",
            "pages": [],
            "read_at": None,
        },
    )


def read_waiting(limit: int = READ_PER_PASS) -> ReadReport:
    """Read up to ``limit`` waiting documents; the articles they are attached to are to be
    indexed again (``ReadReport.article_ids``)."""
    report = ReadReport()
    waiting = DocumentText.objects.filter(status=DocumentText.PENDING).select_related("document")
    done = []
    for text in waiting.order_by("document_id")[:limit]:
        try:
            text.pages = page_texts(text.document.file)
        except UnreadablePDF as exc:
            text.status, text.error, text.pages = DocumentText.FAILED, str(exc)[:500], []
            report.failed.append((text.document_id, text.error))
            logger.warning("PDF %s (%s) not readable: %s", text.document_id, text.file_name, exc)
        else:
            text.status, text.error = DocumentText.READ, ""
            report.read += 1
        text.read_at = timezone.now()
        with transaction.atomic():
            # The file may have changed while it was read: that change waits for its own read.
            DocumentText.objects.filter(
                document_id=text.document_id, file_name=text.file_name
            ).update(status=text.status, error=text.error, pages=text.pages, read_at=text.read_at)
        done.append(text.document_id)
    links = ArticleDocument.objects.filter(document_id__in=done)
    report.article_ids = sorted(set(links.values_list("page_id", flat=True)))
    return report


def page_texts(file) -> list[str]:
    """Each page's text of the PDF in ``file`` (a stored file), read from storage as pypdf
    seeks through it."""
    try:
        with file.open("rb") as stream:
            if stream.read(5) != b"%PDF-":
                raise UnreadablePDF("not a PDF file")
            stream.seek(0)
            reader = PdfReader(stream)
            # A PDF locked only against editing opens with an empty password.
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadablePDF("encrypted: its text needs a password")
            pages, length = [], 0
            for page in reader.pages:
                # Past MAX_TEXT_CHARS, pages are counted, not read.
                text = ""
                if length < MAX_TEXT_CHARS:
                    text = " ".join((page.extract_text() or "").split())
                length += len(text)
                pages.append(text)
            return pages
    except UnreadablePDF:
        raise
    except FileNotFoundError as exc:
        raise UnreadablePDF("the file is missing from storage") from exc
    # A damaged file fails pypdf anywhere in its parser, with errors of many kinds.
    except Exception as exc:
        raise UnreadablePDF(f"damaged: {exc}") from exc
