"""The answer to a request that failed: 503 while the database is unreachable or locked,
the plain 500 page otherwise.

Django calls ``server_error`` (``handler500`` in cms/urls.py) for an exception raised
anywhere below the outermost middleware, while that exception is being handled, whenever
``DEBUG`` is off. A database that refuses connections, drops them or stays locked is an
outage, not a bug: the reader is told to come back (``Retry-After``), the API and the feeds
get the same status, and a monitor can tell it from a 500.
"""

import sys
from typing import TypeVar

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE = "The site is unavailable for a moment. Please try again shortly."
R = TypeVar("R", bound=HttpResponse)


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return unavailable(request)
    return defaults.server_error(request)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON under /api/, the plain page (no database, no base
    template) everywhere else."""
    if request.path.startswith("/api/"):
        return retry_later(JsonResponse({"error": UNAVAILABLE}))
    return retry_later(HttpResponse(loader.render_to_string("503.html")))


def retry_later(response: R) -> R:
    """``response`` as a 503 to be asked again in a while, never kept by a cache."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
