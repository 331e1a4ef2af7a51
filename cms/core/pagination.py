"""Listings in pages: by number (``?page=N``) near the start, by a cursor past that.

A page reached by number costs its OFFSET, which grows with the depth; so numbers stop at
``NUMBERED_PAGES`` and the pages past them are reached by keyset (``?before=<key>`` for
older, ``?after=<key>`` for newer): the rows either side of a key, read off an index, at the
same cost at any depth in an archive of any size. A listing's count is read once per
page-cache generation (``cms.core.fragments``).
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from .fragments import cached_fragment, enabled

PER_PAGE = 12
NUMBERED_PAGES = 50

# A key names a row by its date and id: "2001-05-03.12345".
KEY = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,12})")


@dataclass
class Listing:
    """One page of a listing, as ``cms/includes/pagination.html`` reads it.

    ``newer`` and ``older`` are the query parameters of the pages either side (``None``
    removes a parameter), or ``None`` at an end; ``query`` is this page's own, for its
    canonical URL."""

    object_list: list
    number: int | None  # None on a page reached by a key
    num_pages: int
    newer: dict | None
    older: dict | None
    query: str
    status: str

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def paginate(queryset, params, per_page: int = PER_PAGE) -> Listing:
    """The requested page by number only (a short listing); a missing, malformed or
    out-of-range number gives the nearest one."""
    page = Paginator(queryset, per_page).get_page(params.get("page", "")[:10])
    return _numbered(list(page), page.number, page.paginator.num_pages, older=page.has_next())


def cached_count(request, queryset: QuerySet) -> int:
    """The queryset's count, counted once per generation for readers who share fragments."""
    if not enabled(request):
        return queryset.count()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter nothing can match
        return 0
    # A long name is stored under its hash (cms.core.fragments).
    return cached_fragment(request, f"count:{(sql, params)!r}", queryset.count)


@dataclass(frozen=True)
class Keyset:
    """How a listing newest first is ordered: ``date_field`` descending, then ``id_field``
    descending; an index on the two, in that order, serves every page."""

    date_field: str
    id_field: str

    @property
    def fields(self) -> tuple[str, str]:
        return self.date_field, self.id_field

    def key_of(self, row) -> tuple:
        return getattr(row, self.date_field), getattr(row, self.id_field)

    def older(self, queryset: QuerySet, key: tuple) -> QuerySet:
        date, pk = key
        d, i = self.date_field, self.id_field
        # The first filter bounds the index scan; the second is the exact row comparison.
        return queryset.filter(**{f"{d}__lte": date}).filter(
            Q(**{f"{d}__lt": date}) | Q(**{d: date, f"{i}__lt": pk})
        )

    def newer(self, queryset: QuerySet, key: tuple) -> QuerySet:
        date, pk = key
        d, i = self.date_field, self.id_field
        return queryset.filter(**{f"{d}__gte": date}).filter(
            Q(**{f"{d}__gt": date}) | Q(**{d: date, f"{i}__gt": pk})
        )


def parse_key(value: str) -> tuple | None:
    """A key from the query string; anything else is no key."""
    match = KEY.fullmatch(value[:30])
    if match is None:
        return None
    try:
        return datetime.date.fromisoformat(match[1]), int(match[2])
    except ValueError:
        return None


def format_key(key: tuple) -> str:
    date, pk = key
    return f"{date.isoformat()}.{pk}"


def keyset_page(request, queryset: QuerySet, keyset: Keyset, per_page: int = PER_PAGE):
    """The page the request asks for of ``queryset`` (ordered as ``keyset`` says)."""
    params = request.GET
    total = cached_count(request, queryset)
    num_pages = max(1, math.ceil(total / per_page))
    if key := parse_key(params.get("before", "")):
        rows = list(keyset.older(queryset, key)[: per_page + 1])
        return _keyed(
            rows[:per_page],
            keyset,
            num_pages,
            f"before={format_key(key)}",
            more_newer=True,
            more_older=len(rows) > per_page,
        )
    if key := parse_key(params.get("after", "")):
        rows = list(keyset.newer(queryset, key).reverse()[: per_page + 1])
        return _keyed(
            rows[:per_page][::-1],
            keyset,
            num_pages,
            f"after={format_key(key)}",
            more_newer=len(rows) > per_page,
            more_older=True,
        )
    number = _number(params.get("page", ""), min(num_pages, NUMBERED_PAGES))
    rows = list(queryset[(number - 1) * per_page : number * per_page])
    listing = _numbered(rows, number, num_pages, older=number < num_pages)
    if listing.older and number == NUMBERED_PAGES:
        # Past the numbered pages, by key.
        last = keyset.key_of(rows[-1]) if rows else (None, None)
        listing.older = _link(before=format_key(last)) if last[0] else None
    return listing


def _numbered(rows: list, number: int, num_pages: int, *, older: bool) -> Listing:
    return Listing(
        rows,
        number,
        num_pages,
        newer=_link(page=number - 1) if number > 1 else None,
        older=_link(page=number + 1) if older else None,
        query=f"page={number}" if number > 1 else "",
        status=gettext("Page %(page)s of %(pages)s")
        % {"page": number, "pages": number_format(num_pages, force_grouping=True)},
    )


def _keyed(rows, keyset, num_pages, query, *, more_newer, more_older) -> Listing:
    if not rows:
        return Listing([], None, num_pages, None, None, query, "")
    newest, oldest = keyset.key_of(rows[0]), keyset.key_of(rows[-1])
    return Listing(
        rows,
        None,
        num_pages,
        newer=_link(after=format_key(newest)) if more_newer else None,
        older=_link(before=format_key(oldest)) if more_older else None,
        query=query,
        status=gettext("%(newest)s to %(oldest)s")
        % {"newest": date_format(newest[0], "j E Y"), "oldest": date_format(oldest[0], "j E Y")},
    )


def _link(page: int | None = None, before: str | None = None, after: str | None = None):
    # Every parameter named: the template's {% querystring %} removes those that are None.
    return {"page": page, "before": before, "after": after}


def _number(value: str, last: int) -> int:
    try:
        number = int(value[:10])
    except ValueError:
        return 1
    return min(max(number, 1), last)
