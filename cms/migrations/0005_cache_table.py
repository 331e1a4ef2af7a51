"""The database cache's table (settings.CACHES without REDIS_URL), made by every migrate."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Makes the table of each database cache in CACHES that lacks one; nothing otherwise.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_editors_link_authors_to_users")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
