"""Each index entry's title norm set as it is written, on PostgreSQL, instead of by a second
write of the new entries once they are in.

Wagtail's index writes new entries with the norm unset (1.0) and then updates them to the
average title length divided by theirs. That update writes each entry again, and with it
every word of its title and body again into the full-text indexes: at 100,000 articles it
was an eighth of an import's time (docs/performance.md). The trigger sets the norm of an
entry written unset from the average title length of the latest ``SAMPLE`` entries, read
once per transaction (kept in the transaction's setting ``NAME``).
``search.backends.index_entries`` then has nothing left to update, and the index of the
unset norms (0007) is dropped: no entry stays unset.
"""

from django.db import migrations

SAMPLE = 1000
NAME = "search.title_average"
FUNCTION = "search_indexentry_title_norm()"
TRIGGER = "search_indexentry_title_norm"
TABLE = "wagtailsearch_indexentry"

SET_NORM = f"""
CREATE OR REPLACE FUNCTION {FUNCTION} RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    average double precision := nullif(current_setting('{NAME}', true), '');
BEGIN
    IF length(NEW.title) = 0 THEN
        RETURN NEW;
    END IF;
    IF average IS NULL THEN
        SELECT avg(length(title)) INTO average FROM (
            SELECT title FROM {TABLE} WHERE length(title) > 0 ORDER BY id DESC LIMIT {SAMPLE}
        ) AS latest;
        average := coalesce(average, length(NEW.title));
        PERFORM set_config('{NAME}', average::text, true);
    END IF;
    NEW.title_norm := average / length(NEW.title);
    RETURN NEW;
END
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SET_NORM)
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON {TABLE}"
            f" FOR EACH ROW WHEN (NEW.title_norm = 1.0) EXECUTE FUNCTION {FUNCTION}"
        )
        schema_editor.execute("DROP INDEX IF EXISTS search_indexentry_unset_title_norm")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_indexentry_unset_title_norm"
            f" ON {TABLE} (id) WHERE title_norm = 1.0"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0008_matching_pages_function")]

    operations = [migrations.RunPython(create, drop)]
