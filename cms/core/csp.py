"""The Content-Security-Policy header: what a page may load and run.

Reader pages run only the site's own scripts and styles, load images from the site (and
its media host), and frame only the video hosts that embeds come from. The admin is held
to the same sources, but Wagtail's editor writes some of its scripts and styles inline
(inline panels, date pickers, the rich-text editor), so under ``/admin/`` inline code is
allowed too. Anything else a page tries is refused by the browser.
"""

from django.conf import settings

ADMIN_PREFIX = "/admin/"


def _header(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


def policies() -> tuple[str, str]:
    """(reader, admin) header values, from ``settings.CONTENT_SECURITY_POLICY``."""
    reader = settings.CONTENT_SECURITY_POLICY
    admin = {
        **reader,
        **{
            directive: [*reader.get(directive, []), *sources]
            for directive, sources in settings.CONTENT_SECURITY_POLICY_ADMIN_EXTRA.items()
        },
    }
    return _header(reader), _header(admin)


def content_security_policy(get_response):
    reader, admin = policies()

    def middleware(request):
        response = get_response(request)
        if "Content-Security-Policy" not in response:
            admin_page = request.path.startswith(ADMIN_PREFIX)
            response["Content-Security-Policy"] = admin if admin_page else reader
        return response

    return middleware
