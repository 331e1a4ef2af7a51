"""Keeping the Elasticsearch index in step with the articles.

- ``article_source(page)``: the document of one article.
- ``apply_after_commit(page_ids)`` / ``sync(...)``: apply the outbox (``search.models.IndexChange``)
  at once after a publish, or later from ``manage.py search_index sync``.
- ``rebuild()``: a new index behind the alias, switched atomically, losing no change made
  meanwhile. ``refresh()``: make what was indexed searchable now (tests).

docs/search-indexing.md explains the design.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from articles.models import ArticlePage, ArticlePageTag

from . import breaker
from .connection import (
    ES_ERRORS,
    alias_name,
    cluster_modules,
    es_settings,
    get_client,
    is_configured,
    is_failing_status,
)
from .documents import LANGUAGES, analysis_for_modules, index_body
from .models import IndexChange
from .text import body_text

logger = logging.getLogger("search")

# Applied outbox rows are kept this long: a rebuild replays the rows recorded while it ran.
KEEP_APPLIED = timedelta(days=1)
# A rebuild also replays rows created this long before it started: a transaction that
# wrote its row before the start may commit after the rebuild read that page.
REPLAY_MARGIN = timedelta(minutes=5)
# A document the cluster rejects (not the cluster failing) is retried later and later.
MAX_BACKOFF = timedelta(hours=1)

# Articles read from the database at a time in a rebuild: four SQL queries each, so a
# thousand articles cost four (the budget: at most ten per thousand).
REBUILD_BATCH = 1000
# A bulk request holds at most this many bytes (a long article is large: its text is
# indexed twice), and at most REBUILD_BATCH documents.
BULK_MAX_BYTES = 5 * 1024 * 1024
# A document answered 429 (the cluster is busy) is sent again after 2, 4, 8 seconds.
BULK_RETRIES = 3
BULK_INITIAL_BACKOFF = 2.0


class NotConfigured(RuntimeError):
    def __init__(self):
        super().__init__(
            "Elasticsearch is not configured (ELASTICSEARCH_URL is empty); "
            "the reader search uses the database backend"
        )


# --- the document ------------------------------------------------------------------------


def indexable_articles() -> QuerySet:
    """Every article that belongs in the index: live, public, not expired, not an alias.

    An alias of an article is the same article under a second URL; indexing it would show
    it twice (and an alias takes its privacy from its source). Prefetched so that a batch of
    any size costs the same four queries.
    """
    return (
        ArticlePage.objects.for_readers()
        .filter(alias_of__isnull=True)
        .select_related("article_type")
        .with_credits()
        .prefetch_related(
            Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag")),
            "topics",
        )
    )


def article_source(page) -> dict:
    """The document body of one live public ArticlePage (see search.documents)."""
    text = {
        "title": page.title,
        "standfirst": page.standfirst,
        "body": body_text(page.body.raw_data),
    }
    date = page.date
    source = {
        "page_id": page.pk,
        "url": page.get_url(),
        "language": page.language,
        "date": date.isoformat() if date else None,
        "year": date.year if date else None,
        "expire_at": page.expire_at.isoformat() if page.expire_at else None,
        **text,
        "authors": [
            {"name": credit.author.title, "slug": credit.author.slug}
            for credit in sorted(page.article_authors.all(), key=lambda c: c.sort_order or 0)
        ],
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in _tags(page)],
        "topics": [
            {"slug": topic.slug, "name": topic.name}
            for topic in sorted(page.topics.all(), key=lambda t: t.name)
        ],
        "type": (
            {"slug": page.article_type.slug, "name": page.article_type.name}
            if page.article_type
            else None
        ),
    }
    if page.language in LANGUAGES:
        source[page.language] = text
    return source


def _tags(page) -> list:
    if "tagged_items" in getattr(page, "_prefetched_objects_cache", {}):
        tags = [item.tag for item in page.tagged_items.all()]
    else:
        tags = list(page.tags.all())
    return sorted(tags, key=lambda t: t.name)


def _batches(queryset: QuerySet, size: int) -> Iterator[list]:
    """Keyset pagination by primary key: each batch is one query plus its prefetches."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def _version() -> int:
    """An external document version: microseconds now, taken before the pages are read.

    Two writers of one document (a publish and a sync, or a rebuild's replay) may race;
    Elasticsearch keeps the document read last, never an older state written last.
    """
    return time.time_ns() // 1000


def _meta(index: str, page_id: int, version: int) -> dict:
    return {
        "_index": index,
        "_id": str(page_id),
        "version": version,
        "version_type": "external_gte",
    }


def _index_action(index: str, page, version: int) -> list[dict]:
    return [{"index": _meta(index, page.pk, version)}, article_source(page)]


def _delete_action(index: str, page_id: int, version: int) -> list[dict]:
    return [{"delete": _meta(index, page_id, version)}]


# --- applying the outbox -----------------------------------------------------------------


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


def _item_error(outcome: dict) -> str:
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
    version = _version()
    pages = {page.pk: page for page in indexable_articles().filter(pk__in=page_ids)}
    operations = []
    for page_id in page_ids:
        if page_id in pages:
            operations += _index_action(index, pages[page_id], version)
        else:
            operations += _delete_action(index, page_id, version)
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
            cluster_failed[page_id] = _item_error(outcome)
        else:
            result.failed_pages[page_id] = _item_error(outcome)
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
    if client is None:
        raise NotConfigured()
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


# --- rebuilding --------------------------------------------------------------------------


def indices_behind(client: Elasticsearch, alias: str) -> list[str]:
    try:
        answer = client.indices.get_alias(name=alias)
    except NotFoundError:
        return []
    return sorted(
        name
        for name, value in answer.items()
        if isinstance(value, dict) and alias in value.get("aliases", {})
    )


@dataclass
class RebuildReport:
    index: str  # the new index, behind the alias
    analysis: str  # search.documents.LANGUAGE_ANALYSIS or CORE_ANALYSIS
    indexed: int = 0
    failed: dict[int, str] = field(default_factory=dict)  # page id → why it was rejected
    leftover: list[str] = field(default_factory=list)  # old indexes that could not be dropped


def rebuild(
    batch_size: int = REBUILD_BATCH,
    progress: Callable[[int], object] | None = None,
    max_bytes: int = BULK_MAX_BYTES,
) -> RebuildReport:
    """Load every indexable article into a new index, switch the alias to it, drop the old.

    ``progress`` is called with the number of articles of each batch loaded. The analysis
    follows the cluster's modules (search.documents). Bulk requests hold at most
    ``batch_size`` documents and ``max_bytes`` bytes; a document the cluster still rejects
    after its retries is reported and left pending in the outbox, and the rest goes on.
    Searches keep answering from the old index until the switch; the changes recorded since
    the rebuild started are applied again to the new index after it
    (docs/search-indexing.md). On any failure before the switch the new index is dropped and
    the alias is left as it was.
    """
    client = get_client(timeout=es_settings()["BULK_TIMEOUT"])
    if client is None:
        raise NotConfigured()
    alias = alias_name()
    started = timezone.now()
    report = RebuildReport(
        index=f"{alias}-{started:%Y%m%d%H%M%S%f}",
        analysis=analysis_for_modules(cluster_modules(client)),
    )
    client.indices.create(index=report.index, **index_body(report.analysis))
    try:
        for batch in _batches(indexable_articles(), batch_size):
            _load(client, report, batch, batch_size, max_bytes)
            if progress:
                progress(len(batch))
        client.indices.refresh(index=report.index)
        old = indices_behind(client, alias)
        _switch_alias(client, alias, old, report.index)
    except BaseException:
        _drop_quietly(client, report.index)
        raise
    _record_failed(report.failed)
    _replay_since(client, started - REPLAY_MARGIN, batch_size)
    for name in old:
        try:
            client.indices.delete(index=name)
        except ES_ERRORS as exc:
            logger.warning("Could not delete the old index %s: %s", name, describe(exc))
            report.leftover.append(name)
    return report


def _load(client: Elasticsearch, report: RebuildReport, batch, chunk: int, max_bytes: int):
    version = _version()
    actions = (
        {
            "_op_type": "index",
            **_meta(report.index, page.pk, version),
            "_source": article_source(page),
        }
        for page in batch
    )
    # Items answered 429 are retried with backoff; a cluster that fails outright raises.
    for ok, item in streaming_bulk(
        client,
        actions,
        chunk_size=chunk,
        max_chunk_bytes=max_bytes,
        raise_on_error=False,
        max_retries=BULK_RETRIES,
        initial_backoff=BULK_INITIAL_BACKOFF,
        yield_ok=False,
    ):
        if not ok:
            outcome = next(iter(item.values()))
            report.failed[int(outcome["_id"])] = _item_error(outcome)
    report.indexed += len(batch) - sum(1 for page in batch if page.pk in report.failed)


def _switch_alias(client: Elasticsearch, alias: str, old: list[str], new_index: str) -> None:
    """Point the alias at ``new_index`` in one request: searches see the old index or the new
    one, never none. An answer lost on the way is resolved by asking the cluster."""
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    if not old and client.indices.exists(index=alias):
        # An index squatting on the alias' name (written before any alias existed).
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": new_index, "alias": alias}})
    try:
        client.indices.update_aliases(actions=actions)
    except ES_ERRORS:
        try:
            switched = new_index in indices_behind(client, alias)
        except ES_ERRORS:
            switched = False
        if not switched:
            raise


def _record_failed(failed: dict[int, str]) -> None:
    """Rejected documents stay pending in the outbox: status shows them, sync retries them."""
    IndexChange.objects.bulk_create(
        [
            IndexChange(page_id=page_id, attempts=1, last_error=error)
            for page_id, error in failed.items()
        ]
    )


def _replay_since(client: Elasticsearch, since: datetime, batch_size: int) -> None:
    """Apply again, to the new index, every change recorded since ``since`` and every change
    still pending: changes applied to the old index while the new one was loading."""
    rows = list(
        IndexChange.objects.filter(Q(created_at__gte=since) | Q(applied_at__isnull=True))
        .values_list("id", "page_id")
        .order_by("page_id")
    )
    by_page: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        by_page.setdefault(row[1], []).append(row)
    page_ids = list(by_page)
    for start in range(0, len(page_ids), batch_size):
        chunk = [row for p in page_ids[start : start + batch_size] for row in by_page[p]]
        result = apply_rows(client, chunk, alias_name())
        if not result.ok:
            logger.warning(
                "Changes made during the rebuild stay pending: %s",
                result.cluster_error or next(iter(result.failed_pages.values())),
            )


def _drop_quietly(client: Elasticsearch, index: str) -> None:
    try:
        client.indices.delete(index=index)
    except ES_ERRORS:
        logger.warning("Could not delete the unfinished index %s", index)


def refresh() -> None:
    """Make everything indexed so far searchable (tests; Elasticsearch does it each second)."""
    client = get_client()
    if client is None:
        raise NotConfigured()
    client.indices.refresh(index=alias_name())
