"""The full-text index of 0002 with the content type in it (btree_gin).

Wagtail's backend matches ``content_type_id IN (…) AND (title || body) @@ query``. With the
content type outside the full-text index, the planner answered a common word (one in most
articles) from the content type's own index, testing the match on every entry of the type:
that reads every indexed text, which it does not count, and took 0.5 s at 10,000 articles
where this index takes 5 ms (docs/performance.md). PostgreSQL only; ``btree_gin`` is a
trusted extension, which the database's owner may create.
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

OLD = "search_indexentry_title_body_gin"
INDEX = "search_indexentry_type_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin (content_type_id, (title || body))"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD}")
        schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_indexentry_title_body_gin")]

    operations = [BtreeGinExtension(), migrations.RunPython(create, drop)]
