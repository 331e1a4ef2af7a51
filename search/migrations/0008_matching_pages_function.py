"""``search_matching_pages(kind, words)`` on PostgreSQL: the ids of the pages of a content
type whose index entry's title and body match a full-text query, read from the full-text
index (0003) and never from the entries' texts.

The planner does not count reading an entry's text: it is stored apart (TOAST) and
unpacked for each entry a scan tests. For a word in most articles it chose to test every
entry of the type rather than read the index (5 s at 100,000 articles; from the index,
0.1 s). Inside the function a scan of the table is ruled out (``enable_seqscan`` off for
its statement alone) and the content type is compared as ``content_type_id + 0``, which no
index of the type alone can answer: the full-text index is the only way left. The reader
search calls it for the matches the planner would not read from that index, the many
(``search.backends.database``): the plan it is part of expects 10,000.
"""

from django.db import migrations

FUNCTION = "search_matching_pages(kind integer, words tsquery)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION} RETURNS SETOF integer"
            " LANGUAGE sql STABLE ROWS 10000 SET enable_seqscan = off AS $$"
            " SELECT CAST(object_id AS integer) FROM wagtailsearch_indexentry"
            " WHERE content_type_id + 0 = kind AND (title || body) @@ words $$"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_indexentry_unset_title_norm")]

    operations = [migrations.RunPython(create, drop)]
