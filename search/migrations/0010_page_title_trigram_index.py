"""The suggestions' match of article titles, from an index on PostgreSQL.

Suggestions list the titles that contain what the reader has typed so far (``icontains``,
which Django writes as ``UPPER(title::text) LIKE UPPER('%…%')``): read from the table, every
page's title at each keystroke, 46 ms for "pipel" at 100,000 articles. A trigram index of
that expression (``pg_trgm``, a trusted extension: the database's owner may create it)
finds them in under a millisecond (docs/performance.md). Where the extension cannot be
created, the suggestions read the table as before.
"""

from django.db import DatabaseError, migrations, transaction

INDEX = "search_page_title_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        print(f"\n  pg_trgm is not available ({exc}); suggestions read titles from the table")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page"
        " USING gin (UPPER(title::text) gin_trgm_ops)"
    )
    schema_editor.execute("ANALYZE wagtailcore_page")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0009_indexentry_title_norm_trigger")]

    operations = [migrations.RunPython(create, drop)]
