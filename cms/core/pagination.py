from django.core.paginator import Page, Paginator

PER_PAGE = 12


def paginate(queryset, params, per_page: int = PER_PAGE) -> Page:
    """The requested page; a missing, malformed or out-of-range number gives the nearest one."""
    return Paginator(queryset, per_page).get_page(params.get("page", "")[:10])
