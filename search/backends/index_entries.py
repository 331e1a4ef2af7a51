"""Wagtail's database search backend (``WAGTAILSEARCH_BACKENDS``), less its reads of every
index entry each time entries are added.

On PostgreSQL, Wagtail's index (modelsearch's ``PostgresIndex``) ends each addition, one
page published or a chunk of an import, by setting the new entries' title norm: the
average title length divided by theirs. It averaged every entry's title and then looked
for the new entries by their norm, two reads of the whole table: about 100 ms a save at
100,000 articles, a second at a million (docs/performance.md). Here the average is taken
over the latest ``TITLE_SAMPLE`` entries, and the new ones are found by an index of the
entries whose norm is not yet set (search migration 0007). A full refresh
(``update_index``) is Wagtail's own. Other databases get Wagtail's backend unchanged.
"""

from django.db import connection
from django.db.models import Avg, F
from django.db.models.functions import Length

from modelsearch.backends.database import SearchBackend as vendor_backend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend

# How many of the latest entries' titles give the average title length.
TITLE_SAMPLE = 1000
# The norm of an entry whose norm is not set yet (modelsearch writes it on every addition).
UNSET_NORM = 1.0


class ArchiveIndex(PostgresIndex):
    def _refresh_title_norms(self, full=False):
        if full:
            return super()._refresh_title_norms(full=True)
        titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        average = titled.order_by("-pk")[:TITLE_SAMPLE].aggregate(Avg("title_length"))
        titled.filter(title_norm=UNSET_NORM).update(
            title_norm=average["title_length__avg"] / F("title_length")
        )


class ArchiveSearchBackend(PostgresSearchBackend):
    index_class = ArchiveIndex


# The name Wagtail looks for in a backend's module.
def SearchBackend(params):
    if connection.vendor == "postgresql":
        return ArchiveSearchBackend(params)
    return vendor_backend(params)
