from django.http import Http404


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
