"""Rebuilding the index: a new index behind the alias, switched atomically, losing no
change made meanwhile (docs/search-indexing.md)."""

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from .connection import (
    ES_ERRORS,
    alias_name,
    cluster_modules,
    es_settings,
    get_client,
)
from .documents import analysis_for_modules, article_source, index_body, indexable_articles
from .models import IndexChange
from .outbox import action_meta, apply_rows, describe, document_version, item_error

logger = logging.getLogger("search")

# A rebuild also replays rows created this long before it started: a transaction that
# wrote its row before the start may commit after the rebuild read that page.
REPLAY_MARGIN = timedelta(minutes=5)
# Articles read from the database at a time in a rebuild: four SQL queries each, so a
# thousand articles cost four (the budget: at most ten per thousand).
REBUILD_BATCH = 1000
# A bulk request holds at most this many bytes (a long article is large: its text is
# indexed twice), and at most REBUILD_BATCH documents.
BULK_MAX_BYTES = 5 * 1024 * 1024
# A document answered 429 (the cluster is busy) is sent again after 2, 4, 8 seconds.
BULK_RETRIES = 3
BULK_INITIAL_BACKOFF = 2.0
# Merging the new index into one segment: 40 seconds for 100,000 articles on two cores.
MERGE_TIMEOUT = 3600


def indices_of_ours(client: Elasticsearch, alias: str) -> list[str]:
    """Every index a rebuild made for ``alias`` (``<alias>-<timestamp>``), oldest first,
    whether the alias points at it or not."""
    name = re.compile(rf"{re.escape(alias)}-\d{{20}}")
    answer = client.indices.get(index=f"{alias}-*", expand_wildcards="all")
    return sorted(index for index in answer if name.fullmatch(index))


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
    leftover: list[str] = field(default_factory=list)  # older indexes that could not be dropped


def rebuild(
    batch_size: int = REBUILD_BATCH,
    progress: Callable[[int], object] | None = None,
    max_bytes: int = BULK_MAX_BYTES,
) -> RebuildReport:
    """Load every indexable article into a new index, switch the alias to it, drop the old
    one and any older index of ours (one a killed rebuild left unfinished).

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
        _merge(client, report.index)
        old = indices_behind(client, alias)
        _switch_alias(client, alias, old, report.index)
    except BaseException:
        _drop_quietly(client, report.index)
        raise
    _record_failed(report.failed)
    _replay_since(client, started - REPLAY_MARGIN, batch_size)
    for name in _older_indices(client, alias, report.index, old):
        try:
            client.indices.delete(index=name)
        except ES_ERRORS as exc:
            logger.warning("Could not delete the old index %s: %s", name, describe(exc))
            report.leftover.append(name)
    return report


def _merge(client: Elasticsearch, index: str) -> None:
    """The new index merged into one segment before searches reach it: the bulk load left
    dozens, and a search reads each (at 100,000 articles the node answered in 79 ms instead
    of 122, docs/performance.md). A merge that fails or outlasts MERGE_TIMEOUT leaves the
    index as loaded: complete, only slower to search until the node merges it itself."""
    try:
        client.options(request_timeout=MERGE_TIMEOUT).indices.forcemerge(
            index=index, max_num_segments=1
        )
    except ES_ERRORS as exc:
        logger.warning("Could not merge the new index %s: %s", index, describe(exc))


def _older_indices(client: Elasticsearch, alias: str, new_index: str, old: list[str]) -> list[str]:
    """``old`` (where the alias pointed) and every other index of ours made before
    ``new_index``: those a rebuild killed before its switch left behind."""
    try:
        older = [name for name in indices_of_ours(client, alias) if name < new_index]
    except ES_ERRORS as exc:
        logger.warning("Could not list the indexes of %s: %s", alias, describe(exc))
        older = []
    return sorted({*old, *older})


def _load(client: Elasticsearch, report: RebuildReport, batch, chunk: int, max_bytes: int):
    version = document_version()
    actions = (
        {
            "_op_type": "index",
            **action_meta(report.index, page.pk, version),
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
            report.failed[int(outcome["_id"])] = item_error(outcome)
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
    client.indices.refresh(index=alias_name())


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
