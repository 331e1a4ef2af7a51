"""What a search asks and answers, whichever backend answers it."""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from .text import ParsedQuery

FACET_KINDS = ("tags", "authors", "topics", "types", "languages")
# The most values of a facet a search answers (the most frequent), unless it asks for fewer
# (``SearchParams.facet_values``); both backends count every match and keep to it.
MAX_FACET_VALUES = 1000
# Elasticsearch answers from+size ≤ 10,000 only; both backends keep to that window.
MAX_RESULT_WINDOW = 10_000
# A search by relevance for a reader prefers the articles in the reader's language: their
# score (Elasticsearch's) or full-text rank (the database's) counts this many times. One of
# them ranks above an article in the other language that matches it up to twice as well,
# so among comparable matches the reader's language comes first, while an article in the
# other language that matches far better still ranks above it, and every match is found.
READER_LANGUAGE_BOOST = 2.0


class SearchFilters(TypedDict, total=False):
    """What a search may be given besides its text (``search.service.search``)."""

    tags: Iterable[str]  # slugs, all of them must apply
    authors: Iterable[str]
    topics: Iterable[str]
    types: Iterable[str]  # any of them
    languages: Iterable[str]  # any of them: "en", "ru"
    date_from: date | None
    date_to: date | None
    sort: str  # "relevance" | "newest"
    page: int | str
    per_page: int | str


@dataclass
class SearchParams:
    """A normalised search: text parsed, slugs deduplicated, page inside the result window."""

    query: ParsedQuery
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"  # "relevance" | "newest"; without text always newest
    page: int = 1
    per_page: int = 10
    # The url_paths of the reader's site's roots, one per language: only articles under
    # them are found (None: every site).
    site_roots: tuple[str, ...] | None = None
    # Of each facet but the years, the most frequent values answered (None: every one).
    facet_values: int | None = None
    # The language of the page the reader searches from ("en", "ru"): a preference, not a
    # filter; a search by relevance ranks articles in it first (None: no preference).
    reader_language: str | None = None

    @property
    def newest_first(self) -> bool:
        return self.sort == "newest" or not self.query.has_text

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    id: int
    title: str
    url: str
    standfirst: str
    date: date | None
    type: str
    language: str = "en"  # the language the article is written in
    authors: list[dict] = field(default_factory=list)  # name, slug, url
    tags: list[dict] = field(default_factory=list)  # name, slug
    topics: list[dict] = field(default_factory=list)  # name, slug
    highlights: list[str] = field(default_factory=list)  # escaped HTML with <mark>
    # When the excerpt comes from one of the article's PDFs: its title, the page and a link
    # to that page ({"title", "page", "url"}).
    found_in: dict | None = None


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    backend: str  # "elasticsearch" | "database"
    degraded: bool = False
    # tags, authors, topics, types, languages → [{slug, name, count}]; years → [{key, count}]
    facets: dict = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    # The database gave up on the search past its time limit (search/backends/time_limit.py):
    # no hits, and no count either.
    too_broad: bool = False

    @classmethod
    def empty(cls, params: SearchParams, backend: str, **state) -> "SearchResult":
        return cls(params.query.text, [], 0, params.page, params.per_page, backend, **state)

    @property
    def pages(self) -> int:
        reachable = math.ceil(min(self.total, MAX_RESULT_WINDOW) / self.per_page)
        return max(reachable, 1)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def previous_page_number(self) -> int:
        return min(self.page - 1, self.pages)

    @property
    def next_page_number(self) -> int:
        return self.page + 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0


def sort_facets(found: dict, most: int | None = None) -> dict:
    """Each facet's values, the most frequent first (the first ``most`` of them, if given),
    and the years, the latest first."""
    for kind in FACET_KINDS:
        found[kind].sort(key=lambda b: (-b["count"], b["name"].casefold(), b["slug"]))
        if most is not None:
            del found[kind][most:]
    found["years"].sort(key=lambda b: -b["key"])
    return found
