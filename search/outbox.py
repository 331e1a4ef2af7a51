"""The outbox of index changes, and applying it to Elasticsearch.

A content change writes ``IndexChange`` rows (``record``) in its own transaction; they are
applied at once after it commits (``apply_now``), or later by ``sync`` (``manage.py
search_index sync``), which retries what the cluster could not take. Applying a row re-reads
its page: the document is indexed if a reader may see the article, deleted otherwise.
docs/search-indexing.md explains the design.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from elasticsearch import Elasticsearch

from . import breaker
from .connection import (
    ES_ERRORS,
    alias_name,
    es_settings,
    get_client,
    is_configured,
    is_failing_status,
)
from .documents import article_source, indexable_articles
from .models import IndexChange

logger = logging.getLogger("search")

# Applied outbox rows are kept this long: a rebuild replays the rows recorded while it ran.
KEEP_APPLIED = timedelta(days=1)
# A document the cluster rejects (not the cluster failing) is retried later and later.
MAX_BACKOFF = timedelta(hours=1)


# The pages recorded inside ``batched()``: (to apply, to record only).
_batch: ContextVar[tuple[set[int], set[int]] | None] = ContextVar("outbox_batch", default=None)


def record(page_ids: Iterable[int], apply: bool = True) -> None:
    """Write one outbox row per page now; apply the rows after the transaction commits.

    Inside ``batched()`` the pages are kept, and recorded once when it ends."""
    ids = sorted(set(page_ids))
    if not ids:
        return
    if (batch := _batch.get()) is not None:
        batch[0 if apply else 1].update(ids)
        return
    IndexChange.objects.bulk_create([IndexChange(page_id=page_id) for page_id in ids])
    if apply:
        transaction.on_commit(partial(apply_now, ids))


@contextmanager
def batched() -> Iterator[None]:
    """Record the changes made inside in one go when it ends: one row per page, one
    ``_bulk`` after the commit. Nothing is recorded if it ends with an exception (its
    transaction is rolled back too); a nested one hands its pages to the outer one."""
    outer = _batch.get()
    batch: tuple[set[int], set[int]] = (set(), set())
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    if outer is not None:
        outer[0].update(batch[0])
        outer[1].update(batch[1])
        return
    record(batch[1] - batch[0], apply=False)
    record(batch[0])


@dataclass(frozen=True)
class PendingSummary:
    count: int
    oldest: datetime | None  # when the oldest pending change was recorded; None if none


def pending_summary() -> PendingSummary:
    """How many index changes wait to be applied, and the oldest one's time (one query)."""
    summary = IndexChange.objects.pending().aggregate(count=Count("id"), oldest=Min("created_at"))
    return PendingSummary(count=summary["count"], oldest=summary["oldest"])


def document_version() -> int:
    """An external document version: microseconds now, taken before the pages are read.

    Two writers of one document (a publish and a sync, or a rebuild's replay) may race;
    Elasticsearch keeps the document read last, never an older state written last.
    """
    return time.time_ns() // 1000


def action_meta(index: str, page_id: int, version: int) -> dict:
    return {
        "_index": index,
        "_id": str(page_id),
        "version": version,
        "version_type": "external_gte",
    }


def index_action(index: str, page, version: int) -> list[dict]:
    return [{"index": action_meta(index, page.pk, version)}, article_source(page)]


def delete_action(index: str, page_id: int, version: int) -> list[dict]:
    return [{"delete": action_meta(index, page_id, version)}]


@dataclass
class ApplyResult:
    indexed: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)
    applied_rows: int = 0
    failed_pages: dict[int, str] = field(default_factory=dict)
    cluster_error: str = ""  # set when the cluster (not a document) failed

    @property
    def ok(self) -> bool:
        return not self.failed_pages and not self.cluster_error

    def add(self, other: "ApplyResult") -> None:
        self.indexed |= other.indexed
        self.deleted |= other.deleted
        self.applied_rows += other.applied_rows
        self.failed_pages.update(other.failed_pages)
        self.cluster_error = other.cluster_error or self.cluster_error


def item_error(outcome: dict) -> str:
    return f"{outcome.get('status', '?')} {outcome.get('error', '')}"[:1000]


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def apply_rows(client: Elasticsearch, rows: list[tuple[int, int]], index: str) -> ApplyResult:
    """Bring the documents of the pages in ``rows`` ((row id, page id) pairs) up to date.

    The pages are read after the rows, so the documents are at least as new as the
    changes. Rows of pages that reached the index are marked applied; the others stay (or
    become again) pending with their error. A constant number of queries whatever the
    number of rows.
    """
    result = ApplyResult()
    if not rows:
        return result
    page_ids = sorted({page_id for _row, page_id in rows})
    version = document_version()
    pages = {page.pk: page for page in indexable_articles().filter(pk__in=page_ids)}
    operations = []
    for page_id in page_ids:
        if page_id in pages:
            operations += index_action(index, pages[page_id], version)
        else:
            operations += delete_action(index, page_id, version)
    try:
        # require_alias: before the first rebuild there is no alias, and a write must not
        # create an index of that name with a guessed mapping.
        response = client.bulk(operations=operations, require_alias=index == alias_name())
    except ES_ERRORS as exc:
        result.cluster_error = describe(exc)
        _mark(rows, set(), dict.fromkeys(page_ids, result.cluster_error), retry_now=True)
        return result
    cluster_failed = {}
    # Bulk answers its items in the order of the actions.
    for page_id, item in zip(page_ids, response.get("items", []), strict=False):
        action, outcome = next(iter(item.items()))
        status = int(outcome.get("status", 500))
        # 404: the document of a deleted page was not there; 409: a newer one is.
        if 200 <= status < 300 or status == 409 or (action == "delete" and status == 404):
            (result.indexed if action == "index" else result.deleted).add(page_id)
        elif is_failing_status(status, outcome):
            cluster_failed[page_id] = item_error(outcome)
        else:
            result.failed_pages[page_id] = item_error(outcome)
    for page_id in page_ids[len(response.get("items", [])) :]:
        cluster_failed[page_id] = "no answer for this document"
    if cluster_failed:
        result.cluster_error = next(iter(cluster_failed.values()))
    done = result.indexed | result.deleted
    result.applied_rows = _mark(rows, done, result.failed_pages, retry_now=False)
    _mark(rows, set(), cluster_failed, retry_now=True)
    return result


def _mark(rows, done: set[int], failed: dict[int, str], retry_now: bool) -> int:
    now = timezone.now()
    applied = 0
    if done:
        applied = len([row for row, page_id in rows if page_id in done])
        IndexChange.objects.filter(id__in=[r for r, p in rows if p in done]).update(
            applied_at=now, last_error=""
        )
    if failed:
        failed_rows = list(
            IndexChange.objects.filter(id__in=[r for r, p in rows if p in failed]).only(
                "id", "page_id", "attempts"
            )
        )
        for row in failed_rows:
            row.attempts += 1
            row.last_error = failed[row.page_id]
            row.applied_at = None
            # A cluster failure is retried by the next sync; a rejected document backs off.
            row.next_attempt_at = now if retry_now else now + _backoff(row.attempts)
        IndexChange.objects.bulk_update(
            failed_rows, ["attempts", "last_error", "applied_at", "next_attempt_at"]
        )
    return applied


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** min(attempts, 20)), MAX_BACKOFF)


def _pending_rows(page_ids: Iterable[int]) -> list[tuple[int, int]]:
    return list(
        IndexChange.objects.pending()
        .filter(page_id__in=list(page_ids))
        .values_list("id", "page_id")
        .order_by()
    )


def apply_now(page_ids: Iterable[int]) -> None:
    """Apply the pending changes of these pages; never raises, never waits past the timeout.

    Runs after the publishing transaction commits. While the circuit breaker is open
    (the cluster failed recently) nothing is tried: the changes stay pending for ``sync``.
    """
    if not is_configured() or breaker.is_open():
        return
    try:
        result = apply_rows(get_client(), _pending_rows(page_ids), alias_name())
    except ES_ERRORS as exc:
        breaker.record_error(exc, "indexing")
        return
    except Exception:  # a bug: the content is saved, the change stays pending for sync
        logger.exception("Applying search index changes failed")
        return
    if result.cluster_error:
        breaker.record_failure(RuntimeError(result.cluster_error), "indexing")
    else:
        breaker.record_success()


@dataclass
class SyncReport(ApplyResult):
    attempts: int = 0
    pending_after: int = 0
    not_due: int = 0


def sync(
    batch_size: int = 500,
    retries: int = 3,
    wait: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncReport:
    """Apply every due pending change, in bulk batches.

    When the cluster fails, the pass stops and starts again after ``wait``, ``2 × wait``,
    ... seconds, ``retries`` times. Rejected documents back off per row (``next_attempt_at``).
    """
    client = get_client(timeout=es_settings()["BULK_TIMEOUT"])
    report = SyncReport()
    for attempt in range(retries + 1):
        report.attempts = attempt + 1
        report.cluster_error = ""
        _sync_pass(client, batch_size, report)
        if not report.cluster_error:
            if report.indexed or report.deleted:  # the cluster answered
                breaker.record_success()
            break
        breaker.record_failure(RuntimeError(report.cluster_error), "sync")
        if attempt < retries:
            sleep(wait * 2**attempt)
    report.failed_pages = {
        p: e for p, e in report.failed_pages.items() if p not in report.indexed | report.deleted
    }
    pending = IndexChange.objects.pending()
    report.pending_after = pending.count()
    report.not_due = pending.filter(next_attempt_at__gt=timezone.now()).count()
    cutoff = timezone.now() - KEEP_APPLIED
    IndexChange.objects.filter(applied_at__isnull=False, created_at__lt=cutoff).delete()
    return report


def _sync_pass(client: Elasticsearch, batch_size: int, report: SyncReport) -> None:
    last_page_id = -1
    now = timezone.now()
    while True:
        page_ids = list(
            IndexChange.objects.pending()
            .filter(next_attempt_at__lte=now, page_id__gt=last_page_id)
            .order_by("page_id")
            .values_list("page_id", flat=True)
            .distinct()[:batch_size]
        )
        if not page_ids:
            return
        result = apply_rows(client, _pending_rows(page_ids), alias_name())
        report.add(result)
        if result.cluster_error:
            return
        last_page_id = page_ids[-1]
