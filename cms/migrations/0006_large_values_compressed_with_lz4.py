"""PostgreSQL compresses the archive's large values with lz4 instead of its default pglz.

An article's body, its revisions and its admin search entry are each several kilobytes that
PostgreSQL compresses on every write: pglz took a third of an imported article's SQL time.
lz4 compresses and decompresses several times faster: at 10,000 articles ``import_articles``
went from 31–32 to 34–47 articles/s in alternating runs (docs/performance.md). Values
already stored stay as they are until rewritten; a server built without lz4 keeps pglz.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

COLUMNS = {
    "articles_articlepage": ("body", "related", "standfirst"),
    "wagtailcore_revision": ("content",),
    "wagtailsearch_indexentry": ("title", "body", "autocomplete", "title_text", "body_text"),
}


def set_compression(method: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for table, columns in COLUMNS.items():
            changes = ", ".join(f"ALTER COLUMN {quote(c)} SET COMPRESSION {method}" for c in columns)
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    schema_editor.execute(f"ALTER TABLE {quote(table)} {changes}")
            except DatabaseError as error:  # a server built without lz4
                logger.warning("%s keeps its compression: %s", table, error)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_cache_table"),
        ("articles", "0008_display_date_filled_and_indexed"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(set_compression("lz4"), set_compression("default"))]
