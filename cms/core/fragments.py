"""Parts of reader pages kept in the cache under the page cache's generation.

A fragment is stored under the generation current when it was made
(``cms.core.page_cache.generation``) and read only under that generation. Every change a
reader could see starts a new one (``cms/cache_events.py``), so a fragment is retired by
exactly the events that retire cached pages, and is never stale. The generation is read once
per request.

Fragments hold what every reader of a page is shown alike: the request's site, the pages its
URL routes to, the site settings, an article's rendered parts. Nothing per user, nothing of
a preview, nothing of a page with a view restriction (``shareable``). Fragments work whether
the page cache is on or off; ``PAGE_CACHE["FRAGMENT_SECONDS"]`` = 0 turns them off.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from wagtail.models import Site

from .page_cache import GENERATION_ATTR, from_a_reader, generation
from .translations import with_url_language_root

# Cache keys stay within 250 characters (memcached's limit, which Django warns of for all).
LONGEST_NAME = 150


def request_generation(request: HttpRequest) -> str:
    """The page cache's generation, read from the cache once per request."""
    current = getattr(request, GENERATION_ATTR, None)
    if current is None:
        current = generation()
        setattr(request, GENERATION_ATTR, current)
    return current


def enabled(request: HttpRequest | None) -> bool:
    """Fragments serve the requests the page cache serves (anonymous readers' GET and HEAD),
    never a preview."""
    return (
        request is not None
        and bool(_seconds())
        and from_a_reader(request)
        and not getattr(request, "is_preview", False)
    )


def _seconds() -> int:
    return settings.PAGE_CACHE.get("FRAGMENT_SECONDS", 0)


def shareable(request: HttpRequest | None, page) -> bool:
    """May what ``page`` shows be kept for every reader: a request that takes fragments, and
    a page its route found public (``cms.core.routing``)."""
    return enabled(request) and getattr(page, "has_view_restrictions", None) is False


def _key(request: HttpRequest, name: str) -> str:
    if len(name) > LONGEST_NAME:  # a query's text, or a hostile URL: a key every cache takes
        name = "sha256:" + hashlib.sha256(name.encode()).hexdigest()
    return f"fragments:{request_generation(request)}:{name}"


def get_fragment(request: HttpRequest, name: str) -> Any:
    """The fragment ``name`` of the current generation, or ``None``."""
    return cache.get(_key(request, name))


def set_fragment(request: HttpRequest, name: str, value: Any) -> None:
    cache.set(_key(request, name), value, _seconds())


def cached_fragments(request: HttpRequest, makers: dict[str, Callable[[], Any]]) -> dict:
    """The fragments named in ``makers``, read in one round trip; the missing ones made by
    their maker and stored in one more."""
    keys = {name: _key(request, name) for name in makers}
    found = cache.get_many(list(keys.values()))
    values, made = {}, {}
    for name, key in keys.items():
        if found.get(key) is not None:
            values[name] = found[key]
        else:
            values[name] = made[key] = makers[name]()
    if made:
        cache.set_many(made, _seconds())
    return values


def cached_fragment(request: HttpRequest, name: str, make: Callable[[], Any]) -> Any:
    return cached_fragments(request, {name: make})[name]


def cached_value(request: HttpRequest | None, name: str, make: Callable[[], Any]) -> Any:
    """``make()``, kept as the fragment ``name`` for the requests fragments serve."""
    if request is None or not enabled(request):
        return make()
    return cached_fragment(request, name, make)


def find_site(request: HttpRequest) -> Site | None:
    """The request's site, found as Wagtail finds it, with its root page as its own type and
    the home page of the URL's language ready on it (so routing from it needs no query)."""
    site = Site._find_for_request(request)
    return None if site is None else with_url_language_root(site, request)


class CachedSite:
    """The site of a request for a Wagtail page, from its fragment: Wagtail's
    ``Site.find_for_request`` reads it from ``request._wagtail_site``, where this puts it.
    Other views look the site up as before, when they need it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        match = request.resolver_match
        if match is not None and match.url_name == "wagtail_serve" and enabled(request):
            name = f"site:{request.get_host()}:{request.get_port()}:{get_language()}"
            site = get_fragment(request, name)
            if site is None and (site := find_site(request)) is not None:
                set_fragment(request, name, site)
            request._wagtail_site = site  # type: ignore[attr-defined]
