"""One pass of the background worker: what is due goes live, what is past its expiry goes
off, the text of new PDFs is read (``articles.pdf_text``), and the search index catches up
with all three.

Scheduled publishing and expiry are Wagtail's own (``publish_scheduled``): a pass runs it
only when something is due, so an idle pass costs two counting queries. The search outbox
is applied by ``search.outbox.sync`` without waiting between retries: the next pass is the
retry. A database or cluster failure is reported in the pass's result, never raised, so
the loop carries on.
"""

import io
import logging
from dataclasses import dataclass

from django.core.management import call_command
from django.db import DatabaseError, connections
from django.utils import timezone

from wagtail.models import Page, Revision

from articles.pdf_text import read_waiting
from cms.core.page_cache import retire_cached_pages
from search import outbox
from search.connection import ES_ERRORS, is_configured
from search.models import IndexChange
from search.service import articles_changed

logger = logging.getLogger("cms.worker")


@dataclass
class PassReport:
    published: int = 0  # revisions whose go-live time had come
    expired: int = 0  # live pages whose expiry time had passed
    indexed: int = 0  # search documents written or deleted
    pending: int = 0  # index changes still waiting (the cluster down, or backing off)
    pdfs_read: int = 0  # PDFs whose text was read
    pdfs_failed: int = 0  # PDFs found not readable (reported on their documents)
    errors: tuple[str, ...] = ()

    @property
    def did_something(self) -> bool:
        return bool(
            self.published
            or self.expired
            or self.indexed
            or self.pdfs_read
            or self.pdfs_failed
            or self.errors
        )

    def __str__(self) -> str:
        parts = [
            f"{self.published} published on schedule",
            f"{self.expired} expired",
            f"{self.indexed} search documents updated",
        ]
        if self.pdfs_read or self.pdfs_failed:
            parts.append(f"{self.pdfs_read} PDFs read, {self.pdfs_failed} not readable")
        if self.pending:
            parts.append(f"{self.pending} index changes pending")
        parts += [f"error: {error}" for error in self.errors]
        return ", ".join(parts)


def run_pass() -> PassReport:
    """Publish what is due, unpublish what has expired, apply the search outbox."""
    _drop_stale_connections()
    report = PassReport()
    errors = []
    try:
        report.published, report.expired = _publish_scheduled()
    except DatabaseError as exc:
        errors.append(f"scheduled publishing: {exc}")
    try:
        pdfs = read_waiting()
        report.pdfs_read, report.pdfs_failed = pdfs.read, len(pdfs.failed)
        articles_changed(pdfs.article_ids)
        if pdfs.article_ids:  # their pages now say how many pages each PDF has
            retire_cached_pages(Page.objects.filter(pk__in=pdfs.article_ids))
    except DatabaseError as exc:
        errors.append(f"PDF text: {exc}")
    if is_configured():
        try:
            if IndexChange.objects.pending().filter(next_attempt_at__lte=timezone.now()).exists():
                synced = outbox.sync(retries=0)
                report.indexed = len(synced.indexed | synced.deleted)
                report.pending = synced.pending_after
                if synced.cluster_error:
                    errors.append(f"search index: {synced.cluster_error}")
        except (DatabaseError, *ES_ERRORS) as exc:
            errors.append(f"search index: {exc}")
    report.errors = tuple(errors)
    return report


def _drop_stale_connections() -> None:
    """Reconnect where the database dropped the connection since the last pass (or it is
    past its age), as Django does between requests; never inside a transaction."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _publish_scheduled() -> tuple[int, int]:
    now = timezone.now()
    due = Revision.objects.filter(approved_go_live_at__lt=now).count()
    expired = Page.objects.filter(live=True, expire_at__lt=now).count()
    if due or expired:
        call_command("publish_scheduled", stdout=io.StringIO())
    return due, expired
