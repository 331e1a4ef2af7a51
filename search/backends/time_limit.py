"""A bound on how long each statement of a database search may run (PostgreSQL).

The database answers the reader search when Elasticsearch is not configured or is down. A
word found in most of a large archive makes its counts slow (seconds at a million
articles, docs/performance.md): bounded, such a search cannot hold a server process for
long while the archive is searched by every reader at once.
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


def within_time_limit(what: str, answer: Callable[[], T], instead: Callable[[], T]) -> T:
    """``answer()``, each of its statements bounded by ``SEARCH_DATABASE_TIMEOUT``; past
    that, what ``instead()`` gives, and a warning naming ``what`` was stopped."""
    seconds = settings.SEARCH_DATABASE_TIMEOUT
    try:
        with statement_time_limit(seconds):
            return answer()
    except OperationalError as exc:
        if not ran_out_of_time(exc):
            raise
        logger.warning("database %s stopped after %ss", what, seconds)
        return instead()


@contextmanager
def statement_time_limit(seconds: float) -> Iterator[None]:
    """Each statement inside runs for ``seconds`` at most (0: no limit), in a transaction
    of its own; past it, ``OperationalError`` (``ran_out_of_time`` says so). The limit is
    the transaction's own: those around it keep theirs."""
    if connection.vendor != "postgresql" or seconds <= 0:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'),"
                " set_config('statement_timeout', %s, true)",
                [f"{round(seconds * 1000)}ms"],
            )
            (previous, _) = cursor.fetchone()
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


def ran_out_of_time(exc: OperationalError) -> bool:
    return isinstance(exc.__cause__, psycopg.errors.QueryCanceled)
