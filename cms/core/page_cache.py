"""The page cache: whole responses to anonymous readers, all retired by any change they show.

A reader's GET of a page, a feed, a sitemap, the search page or the API is answered from the
cache (Redis in production) when it was rendered before, and rendered and kept otherwise.
Entries belong to a *generation*: ``retire_cached_pages()`` starts a new one, and an entry of
an older generation is never served. Publishing, unpublishing, moving, deleting, a privacy
change, a scheduled go-live or expiry, and a change to a snippet, a taxonomy term, an author
or a site setting each retire the lot (``cms/cache_events.py`` lists them), so a reader sees
the new state at once on every page, the ones that only list or relate to the change too.

Never from or into the cache: anything but GET and HEAD, a request carrying a session or
CSRF cookie (so every signed-in user), previews, the admin and review links, and any
response that sets a cookie, is not a 200, streams, says ``private``/``no-store``/
``no-cache``, or varies on a header the key does not hold. The key holds the scheme, the
host (so the site), the full path with its query string (and so the language, which only the
path's prefix chooses) and the ``Accept`` header.

Every such response carries ``ETag`` (its content's digest), ``Last-Modified`` (when it was
rendered) and ``Cache-Control: public``: browsers revalidate at once (``max-age=0``) and
shared caches (nginx, a CDN) may keep it ``PAGE_CACHE["SHARED_SECONDS"]``, the time a CDN
that is not purged can lag behind.
"""

import hashlib
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeGuard

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

GENERATION_KEY = "pages:generation"
# The request attribute holding the generation once read (cms/core/fragments.py reads it).
GENERATION_ATTR = "page_cache_generation"
# Response headers the replayed response leaves out: its own, or set per request.
NOT_REPLAYED = {"set-cookie", "x-request-id", "x-page-cache", "date"}
# The request headers a stored response may vary on: the key holds them (or, for the
# cookie, its absence: no session or CSRF cookie ever reaches a cached response).
KEYED_VARY = {"accept", "accept-encoding", "accept-language", "cookie"}
HEADER_LIST = re.compile(r"\s*,\s*")
REFUSED_CACHE_CONTROL = {"private", "no-store", "no-cache"}

# Sent, once the transaction commits, after the page cache was retired: ``pages`` are the
# pages the change touched, none when it is site-wide (a setting, a snippet, a term).
pages_retired = Signal()


def generation() -> str:
    """The current generation: entries of any other are stale. Made when missing."""
    current = cache.get(GENERATION_KEY)
    return current if current is not None else _new_generation()


def _new_generation() -> str:
    fresh = uuid.uuid4().hex
    if cache.add(GENERATION_KEY, fresh, None):
        return fresh
    return cache.get(GENERATION_KEY) or fresh


# The pages retired inside ``retiring_once()`` (None for a change with no page).
_retiring: ContextVar[list | None] = ContextVar("page_cache_retiring", default=None)


def retire_cached_pages(pages=()) -> None:
    """Make every cached response stale: now, and again once the transaction commits.
    Inside ``retiring_once()`` the pages are kept and retired once, when it ends.

    Now, so that the writer's own next request sees the change; again at the commit, since
    a reader rendering in between read the old rows and stored them under the new
    generation. Then ``pages_retired`` lets the CDN purge (``cms/frontend_purge.py``).
    """
    if (batch := _retiring.get()) is not None:
        batch.extend([*pages] or [None])
        return
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    pages = list(pages)

    def committed():
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
        pages_retired.send(sender=None, pages=pages)

    transaction.on_commit(committed)


@contextmanager
def retiring_once() -> Iterator[None]:
    """Retire the cache (and send ``pages_retired``, the CDN purge) once for every change
    made inside, when it ends; nothing if it ends with an exception (its transaction is
    rolled back too). A nested one hands its pages to the outer one."""
    outer = _retiring.get()
    pages: list = []
    token = _retiring.set(pages)
    try:
        yield
    finally:
        _retiring.reset(token)
    if outer is not None:
        outer.extend(pages)
    elif pages:
        retire_cached_pages({page.pk: page for page in pages if page is not None}.values())


def page_cache(get_response: Callable[[HttpRequest], HttpResponseBase]):
    def middleware(request: HttpRequest) -> HttpResponseBase:
        seconds = settings.PAGE_CACHE["SECONDS"]
        if not from_a_reader(request):
            return get_response(request)
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key]) if seconds else {}
        current = found.get(GENERATION_KEY) or (_new_generation() if seconds else "")
        if seconds:
            setattr(request, GENERATION_ATTR, current)
        entry = found.get(key)
        if entry is not None and entry["generation"] == current:
            return _replay(request, entry)
        response = get_response(request)
        if not _storable(response, request):
            return response
        _add_validators(response)
        if seconds and request.method == "GET":
            cache.set(key, _entry(response, current), seconds)
            response["X-Page-Cache"] = "miss"
        return _conditional(request, response)

    return middleware


def from_a_reader(request: HttpRequest) -> bool:
    """An anonymous reader's GET or HEAD: no session or CSRF cookie, not the admin or a
    review link. Only these are answered from the cache, pages or fragments."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if settings.CSRF_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE["EXCLUDED_PATHS"]))


def _key(request: HttpRequest) -> str:
    parts = [
        request.scheme or "",
        request.get_host(),
        request.get_full_path(),
        request.headers.get("Accept", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pages:{digest}"


def _storable(response: HttpResponseBase, request: HttpRequest) -> TypeGuard[HttpResponse]:
    if not isinstance(response, HttpResponse):  # a streaming or file response
        return False
    if response.status_code != 200 or response.cookies:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in HEADER_LIST.split(response.get("Cache-Control", ""))
    }
    if directives & REFUSED_CACHE_CONTROL:
        return False
    varies = {v.strip().lower() for v in HEADER_LIST.split(response.get("Vary", "")) if v}
    return varies <= KEYED_VARY


def _add_validators(response: HttpResponse) -> None:
    if not response.has_header("ETag"):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(time.time())
    if not response.has_header("Cache-Control"):
        shared = settings.PAGE_CACHE["SHARED_SECONDS"]
        patch_cache_control(response, public=True, max_age=0, s_maxage=shared)


def _entry(response: HttpResponse, current: str) -> dict:
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_REPLAYED]
    return {"generation": current, "content": response.content, "headers": headers}


def _replay(request: HttpRequest, entry: dict) -> HttpResponseBase:
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return _conditional(request, response)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """304 when the client holds this version already."""
    last_modified = parse_http_date_safe(response["Last-Modified"])
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return conditional or response
