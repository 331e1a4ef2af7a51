"""An index of the pages by their latest revision, newest first: the admin's article
listing and Wagtail's page explorer list pages in that order by default, and without an
index each page of the listing sorted every page (1.0 s at a million articles,
docs/performance.md). PostgreSQL only: SQLite's indexes cannot say where nulls go."""

from django.db import migrations

INDEX = "cms_page_latest_revision"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX}"
            " ON wagtailcore_page (latest_revision_created_at DESC NULLS LAST)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_page_tree_roots_index"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create, drop)]
