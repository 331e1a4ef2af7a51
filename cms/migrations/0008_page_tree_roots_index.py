"""An index of the page tree's roots: the admin looks them up (treebeard's
``get_root_nodes``, ``depth = 1`` in path order) on its page search and listings, and
without an index that read every page (14 ms at 100,000 articles, docs/performance.md).
It holds one row per root, a handful in any archive."""

from django.db import migrations

INDEX = "cms_page_roots"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_translations"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (path) WHERE depth = 1",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
