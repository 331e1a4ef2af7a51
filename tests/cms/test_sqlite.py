"""The SQLite settings let overlapping writes wait for each other instead of failing."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

import pytest


def sqlite_connection(path, options):
    return DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": options,
        },
        alias=f"sqlite-{id(options)}",
    )


def in_a_thread(call, *args):
    # Database calls refuse to run where an event loop runs (the browser tests' Playwright
    # leaves one in the main thread): these run in a thread of their own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, *args).result()


def overlapping_writes(path, options, writers=2, rounds=15) -> list[str]:
    return in_a_thread(_overlapping_writes, path, options, writers, rounds)


def _count_and_mode(path):
    db = sqlite_connection(path, settings.SQLITE_OPTIONS)
    try:
        with db.cursor() as cursor:
            count = cursor.execute("SELECT COUNT(*) FROM saves").fetchone()
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
        return count, mode
    finally:
        db.close()


def _overlapping_writes(path, options, writers, rounds) -> list[str]:
    """Each writer reads, pauses, then writes, in one transaction, over and over: what an
    autosave overlapping a save does. Returns the errors raised."""
    setup = sqlite_connection(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE saves (writer INTEGER, round INTEGER)")
    setup.close()
    errors: list[str] = []

    def write(writer: int):
        db = sqlite_connection(path, options)
        db.ensure_connection()
        try:
            for n in range(rounds):
                try:
                    # A transaction begun as Django's atomic() begins one on SQLite.
                    db._start_transaction_under_autocommit()
                    with db.cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM saves")
                        time.sleep(0.01)
                        cursor.execute("INSERT INTO saves VALUES (%s, %s)", [writer, n])
                    db.commit()
                except Exception as exc:  # noqa: BLE001 (the errors are what the test counts)
                    db.rollback()
                    errors.append(str(exc))
        finally:
            db.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def own_files(django_db_blocker):
    """Connections to SQLite files of the test's own, outside the test database."""
    with django_db_blocker.unblock():
        yield


def test_overlapping_saves_wait_for_each_other(tmp_path, own_files):
    assert overlapping_writes(tmp_path / "db.sqlite3", settings.SQLITE_OPTIONS) == []
    assert in_a_thread(_count_and_mode, tmp_path / "db.sqlite3") == ((30,), ("wal",))


def test_without_them_overlapping_saves_fail(tmp_path, own_files):
    # What the settings prevent: with transactions that take the write lock only when they
    # first write, a save that read before another one committed cannot write at all.
    options = {**settings.SQLITE_OPTIONS, "transaction_mode": "DEFERRED"}
    assert any("locked" in e for e in overlapping_writes(tmp_path / "db.sqlite3", options))
