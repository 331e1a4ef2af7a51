"""The address a request came from, as the trusted proxies in front of the site saw it.

Behind nginx (and perhaps a CDN) ``REMOTE_ADDR`` is the nearest proxy's address, the same
for every reader. Each trusted proxy appends the address it saw to ``X-Forwarded-For``;
the entry the outermost trusted proxy appended is the client's. Entries further left are
whatever the client chose to send, and are never trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
