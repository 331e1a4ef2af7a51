"""What a reader-search backend answers. ``search.service`` asks Elasticsearch first, when
it is configured and healthy, and the database otherwise."""

from typing import Protocol

from django.db.models import QuerySet
from django.http import HttpRequest

from ..results import SearchParams, SearchResult


class SearchBackend(Protocol):
    name: str  # "elasticsearch" | "database", as results report it

    def search(self, params: SearchParams, request: HttpRequest | None = None) -> SearchResult:
        """One page of hits, with facets, highlights and spelling suggestions."""
        ...

    def suggest(self, text: str, limit: int, request: HttpRequest | None = None) -> list[dict]:
        """Search-box suggestions: ``{"type", "label", "url"}``, article titles first."""
        ...

    def related(self, page, limit: int, request: HttpRequest | None = None) -> QuerySet:
        """Up to ``limit`` articles a reader may see, related to ``page``, best first."""
        ...
