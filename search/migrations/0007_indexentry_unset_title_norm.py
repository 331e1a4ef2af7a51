"""The index entries whose title norm is not set yet, on PostgreSQL: the ones an addition
just wrote, which ``search.backends.index_entries`` finds by this index instead of reading
every entry. It holds only those, a handful between two additions."""

from django.db import migrations

INDEX = "search_indexentry_unset_title_norm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry (id)"
            " WHERE title_norm = 1.0"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_article_facet_indexes")]

    operations = [migrations.RunPython(create, drop)]
