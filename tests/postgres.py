"""What the tests of PostgreSQL's settings read back from the connection."""

from django.db import connection


def show(setting: str) -> str:
    """The value of ``setting`` on the current connection, as PostgreSQL's ``SHOW`` gives it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return cursor.fetchone()[0]
