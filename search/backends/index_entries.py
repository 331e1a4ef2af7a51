"""Wagtail's database search backend (``WAGTAILSEARCH_BACKENDS``), less its reads and
rewrites of index entries each time entries are added.

On PostgreSQL, Wagtail's index (modelsearch's ``PostgresIndex``) ends each addition, one
page published or a chunk of an import, by setting the new entries' title norm: the
average title length divided by theirs. It averaged every entry's title, looked for the
new entries by their unset norm over the whole table, and wrote each of them again, every
word of its body into the full-text index again (docs/performance.md). Here a trigger sets
the norm as each entry is written, from the latest entries' titles (search migration
0009), and an addition has nothing left to do. A full refresh (``update_index``) is
Wagtail's own. Other databases get Wagtail's backend unchanged.
"""

from django.db import connection

from modelsearch.backends.database import SearchBackend as vendor_backend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend


class ArchiveIndex(PostgresIndex):
    def _refresh_title_norms(self, full=False):
        if full:
            super()._refresh_title_norms(full=True)


class ArchiveSearchBackend(PostgresSearchBackend):
    index_class = ArchiveIndex


# The name Wagtail looks for in a backend's module.
def SearchBackend(params):
    if connection.vendor == "postgresql":
        return ArchiveSearchBackend(params)
    return vendor_backend(params)
