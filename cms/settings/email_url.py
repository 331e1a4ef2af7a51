"""``EMAIL_URL``: the outgoing mail server in one variable, as hosting platforms give it.

    smtp://user:password@host:25        plain SMTP
    smtp+tls://user:password@host:587   STARTTLS
    smtp+ssl://user:password@host:465   SMTP over TLS
    console://                          printed (development)

The user and password may be percent-encoded (an ``@`` in a user name is ``%40``).
"""

from urllib.parse import unquote, urlsplit

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
DEFAULT_PORTS = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}


def email_settings(url: str) -> dict:
    """The Django settings ``url`` stands for; a ValueError names what is wrong with it."""
    parts = urlsplit(url)
    if parts.scheme not in BACKENDS:
        raise ValueError(
            f"EMAIL_URL: unknown scheme {parts.scheme!r} (one of {', '.join(BACKENDS)})"
        )
    settings = {"EMAIL_BACKEND": BACKENDS[parts.scheme]}
    if parts.scheme == "console":
        return settings
    if not parts.hostname:
        raise ValueError("EMAIL_URL: no host, e.g. smtp+tls://user:password@smtp.example.org:587")
    return {
        **settings,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or DEFAULT_PORTS[parts.scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
    }
