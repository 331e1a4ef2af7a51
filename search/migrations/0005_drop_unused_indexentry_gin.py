"""Wagtail's three one-column full-text indexes of the index entries, dropped on PostgreSQL.

Every full-text match Wagtail's database backend writes reads ``title || body`` or
``autocomplete``, which 0003 and 0004 index beside the content type (a GIN index on several
columns serves a condition on any of them). The index on ``title`` and the one on ``body``
answer no query; the one on ``autocomplete`` is the same as 0004's without its first
column. Each still had to be written for every article saved: at 100,000 articles, a
third of an import's index writes and 290 MB (docs/performance.md).

Should a later Wagtail migration alter one of them, it finds it gone: this migration's
reverse makes them again.
"""

from django.db import migrations

# Their names and columns as wagtail/search/migrations/0006_customise_indexentry.py has them.
WAGTAIL_INDEXES = {
    "wagtailsear_autocom_476c89_gin": "autocomplete",
    "wagtailsear_title_9caae0_gin": "title",
    "wagtailsear_body_90c85d_gin": "body",
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in WAGTAIL_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in WAGTAIL_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON wagtailsearch_indexentry "
                f"USING gin ({column})"
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_indexentry_content_type_autocomplete_gin")]

    operations = [migrations.RunPython(drop, create)]
