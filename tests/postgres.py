"""What the tests of PostgreSQL's settings and plans read back from the connection."""

from django.db import connection


def show(setting: str) -> str:
    """The value of ``setting`` on the current connection, as PostgreSQL's ``SHOW`` gives it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return cursor.fetchone()[0]


def archive_plan(statement: str, params=None) -> str:
    """PostgreSQL's plan of ``statement``, with scans and sorts discouraged: with a test's
    few rows they are cheaper, so this is the plan an archive would get."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {statement}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
