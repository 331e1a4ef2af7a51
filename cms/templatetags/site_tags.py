"""Small template helpers shared by every reader-facing template."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context, page_number=None) -> str:
    """The absolute URL of what is shown, without the reader's query string.

    A Wagtail page gives its own full URL (from the site's configured hostname); other
    views give the request's path. ``page_number`` past the first is kept, because each page
    of a listing is its own document.
    """
    request = context.get("request")
    page = context.get("page")
    url = ""
    if page is not None and hasattr(page, "get_full_url"):
        url = page.get_full_url(request) or ""
    if not url and request is not None:
        url = request.build_absolute_uri(request.path)
    if page_number and str(page_number) != "1":
        url = f"{url}?page={page_number}"
    return url
