"""A bound on how long each statement of a database search may run (PostgreSQL), and the
parallel workers its counts may use.

The database answers the reader search when Elasticsearch is not configured or is down. A
word found in most of a large archive makes its counts slow (seconds at a million
articles, docs/performance.md): bounded, such a search cannot hold a server process for
long while the archive is searched by every reader at once. The site's statements are
planned without parallel workers (``DATABASE_PARALLEL_WORKERS``); a search's counts over
thousands of matches are the one statement that gains from them (at 100,000 articles, the
search page 187 ms without, 138 ms with two).

Its statements are also planned without JIT compilation and given ``SEARCH_WORK_MEM`` for
each sort and hash: at a million articles, a search matching 111,762 of them spent 1.4 s
compiling its counts, and its matches read from the full-text index, as a bitmap too
large for PostgreSQL's default 4 MB, had every entry on 10,671 pages read again to test
its words (9.3 s in all; 2.2 s with both, docs/performance.md).
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection, transaction

import psycopg

logger = logging.getLogger("search")
T = TypeVar("T")

# The memory each sort and hash of a search's statement may use before spilling to disk:
# each of its nodes in each process (the statement and its workers) may take as much, so a
# search counting a tenth of a million articles holds tens of megabytes while it runs.
SEARCH_WORK_MEM = "16MB"


def within_time_limit(what: str, answer: Callable[[], T], instead: Callable[[], T]) -> T:
    """``answer()``, each of its statements bounded by ``SEARCH_DATABASE_TIMEOUT``; past
    that, what ``instead()`` gives, and a warning naming ``what`` was stopped."""
    seconds = settings.SEARCH_DATABASE_TIMEOUT
    try:
        with statement_time_limit(seconds, settings.SEARCH_DATABASE_PARALLEL_WORKERS):
            return answer()
    except OperationalError as exc:
        if not ran_out_of_time(exc):
            raise
        logger.warning("database %s stopped after %ss", what, seconds)
        return instead()


@contextmanager
def statement_time_limit(seconds: float, workers: int = 0) -> Iterator[None]:
    """Each statement inside runs for ``seconds`` at most (0: no limit), with up to
    ``workers`` parallel workers, ``SEARCH_WORK_MEM`` and no JIT, in a transaction of its
    own; past the limit, ``OperationalError`` (``ran_out_of_time`` says so). The settings
    are the transaction's own: those around it keep theirs."""
    if connection.vendor != "postgresql":
        yield
        return
    values = {
        "statement_timeout": f"{round(seconds * 1000)}ms",
        "max_parallel_workers_per_gather": str(workers),
        "work_mem": SEARCH_WORK_MEM,
        "jit": "off",
    }
    with transaction.atomic():
        previous = _set_locally(values)
        yield
        _set_locally(previous)


def _set_locally(values: dict[str, str]) -> dict[str, str]:
    """Set each of PostgreSQL's settings named for the transaction; their values before."""
    names = list(values)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("current_setting(%s), set_config(%s, %s, true)" for _ in names),
            [value for name in names for value in (name, name, values[name])],
        )
        row = cursor.fetchone()
    return {name: row[2 * i] for i, name in enumerate(names)}


def ran_out_of_time(exc: OperationalError) -> bool:
    return isinstance(exc.__cause__, psycopg.errors.QueryCanceled)
