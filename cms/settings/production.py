"""Production: the environment as base.py reads it, served over HTTPS behind a proxy.

It refuses to start without a secret key or the hosts it serves, saying which variable is
missing (deploy/production.env.example lists them all).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

REQUIRED = {
    "SECRET_KEY": (
        "a long random string, e.g. from "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    ),
    "ALLOWED_HOSTS": "the site's host names, comma-separated, e.g. example.org,www.example.org",
}
for _name, _example in REQUIRED.items():
    if not globals()[_name]:
        raise ImproperlyConfigured(f"{_name} must be set in the environment: {_example}")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS["SSL_REDIRECT"]  # noqa: F405
SECURE_HSTS_SECONDS = HTTPS["HSTS_SECONDS"]  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS["HSTS_INCLUDE_SUBDOMAINS"]  # noqa: F405
SECURE_HSTS_PRELOAD = HTTPS["HSTS_PRELOAD"]  # noqa: F405
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# No page may be framed (Wagtail's preview views allow their own same-origin frame).
X_FRAME_OPTIONS = "DENY"
# The silenced deploy check: W021 asks for HSTS preloading, which only the domain's owner
# should choose (SECURE_HSTS_PRELOAD=true).
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# One JSON object per log line on stdout, for the log collector.
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405

if SENTRY["DSN"]:  # noqa: F405
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY["DSN"],  # noqa: F405
        environment=SENTRY["ENVIRONMENT"],  # noqa: F405
        traces_sample_rate=SENTRY["TRACES_SAMPLE_RATE"],  # noqa: F405
        send_default_pii=False,
    )
