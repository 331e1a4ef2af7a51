"""A GIN index on the expression Wagtail's PostgreSQL search backend matches against.

The backend matches ``title || body`` (the two ``tsvector`` columns together), which its own
GIN indexes on each column cannot answer: without this one, every search reads every entry
(docs/performance.md). PostgreSQL only; other databases search their own way.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )
        # The expression's statistics, without which the planner takes a match for one
        # row and nests the rest of the search around it.
        schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
