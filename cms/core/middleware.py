from django.conf import settings
from django.http import Http404
from django.utils import translation


def nul_free_paths(get_response):
    """A path holding a NUL character names no page: 404 before any view or lookup sees it.

    No slug contains one, and PostgreSQL rejects NUL in a text value, so every lookup by a
    slug taken from such a path would fail with a database error rather than find nothing.
    """

    def middleware(request):
        if "\x00" in request.path:
            raise Http404
        return get_response(request)

    return middleware


def url_language(get_response):
    """The language is the one the URL's prefix names (``/ru/...``), else the site's own.

    Nothing else chooses it, no cookie and no ``Accept-Language``: one URL is one page in
    one language, which caches (the page cache's key, a CDN's) rely on. Django's
    ``LocaleMiddleware`` would negotiate the unprefixed URLs' language and vary them on
    ``Accept-Language``.
    """

    def middleware(request):
        language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
