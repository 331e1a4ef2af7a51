"""Page behaviour that keeps serving a page to a fixed, small number of queries.

Wagtail checks view restrictions on every page it serves: one query for the page's
ancestors, then one for their restrictions. Here that is one query, or none at all for a
page whose route already answered it in the query that fetched the page.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from wagtail.models import Page, PageViewRestriction


def ancestor_paths(path: str) -> list[str]:
    """The tree paths of the page at ``path`` and of all its ancestors, root first."""
    return [path[:end] for end in range(Page.steplen, len(path) + 1, Page.steplen)]


def _sources(paths: list[str]) -> QuerySet:
    # An alias has no restrictions of its own: its source page's apply, as in Wagtail.
    return Page.objects.filter(path__in=paths).values(source=Coalesce("alias_of_id", "id"))


def has_view_restrictions(parent: Page) -> Exists:
    """Annotation for a query of ``parent``'s children: is the child restricted?

    True when the child, ``parent`` or any ancestor has a view restriction, resolving
    aliases as Wagtail's own ``get_view_restrictions`` does.
    """
    own = Q(page_id=Coalesce(OuterRef("alias_of_id"), OuterRef("pk")))
    return Exists(
        PageViewRestriction.objects.filter(
            own | Q(page_id__in=_sources(ancestor_paths(parent.path)))
        )
    )


class ViewRestrictionsMixin:
    """``get_view_restrictions`` in one query, or none when routing already answered it.

    A route that fetched the page annotated with ``has_view_restrictions`` leaves it on
    the instance; a public page then needs no query, and a restricted one is checked in
    full by Wagtail's ``before_serve_page`` hook as usual.
    """

    def get_view_restrictions(self) -> QuerySet:
        if getattr(self, "has_view_restrictions", None) is False:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=_sources(ancestor_paths(self.path)))
