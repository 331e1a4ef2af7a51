"""The admin's page search: its prefix match answered from an index with the content type.

Wagtail's admin search matches ``content_type_id IN (…) AND autocomplete @@ 'word':*``.
Wagtail's own index on ``autocomplete`` alone was passed over for a scan testing every
entry, which reads every indexed text (the bodies are autocomplete fields): 137 ms for one
of its three such queries at 10,000 articles, 3 ms from this index (docs/performance.md).
"""

from django.db import migrations

INDEX = "search_indexentry_type_autocomplete_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin (content_type_id, autocomplete)"
        )
        schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_indexentry_content_type_title_body_gin")]

    operations = [migrations.RunPython(create, drop)]
