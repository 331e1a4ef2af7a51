"""What a reader may see, defined once, and page privacy checked in a fixed number of queries.

A page is visible to readers when it is live, public (no view restriction on the page or
any ancestor), not past its expiry time, and on the site the reader is visiting.
``ReaderPageQuerySet.for_readers(request)`` is that rule for a queryset of pages;
``readers_q`` is the same rule as a filter, for querysets of Wagtail's own ``Page``.

Wagtail checks view restrictions on every page it serves: one query for the page's
ancestors, then one for their restrictions. ``ViewRestrictionsMixin`` makes that one query,
or none at all for a page whose route already answered it in the query that fetched it.
"""

from functools import reduce
from operator import or_

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Now
from django.db.models.lookups import StartsWith
from django.utils import timezone

from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction, Site


def public_q() -> Q:
    """Pages with no view restriction on themselves or any ancestor, nor on the source of
    one of those that is an alias (another language's tree starts as aliases: a restriction
    on an English section holds for its alias too, as in Wagtail), as one SQL subquery.

    Wagtail's ``PageQuerySet.public()`` runs a separate query to list the restricted
    sections; a subquery keeps every listing's query count flat.
    """
    restricted = PageViewRestriction.objects.filter(
        Q(StartsWith(OuterRef("path"), F("page__path")))
        | Q(StartsWith(OuterRef("path"), F("page__aliases__path")))
    )
    return ~Q(Exists(restricted))


def unexpired_q() -> Q:
    """Pages not past their expiry time, even before ``publish_scheduled`` unpublishes them."""
    return Q(expire_at__isnull=True) | Q(expire_at__gt=Now())


def has_expired(page: Page) -> bool:
    """``unexpired_q`` for one page already loaded."""
    return page.expire_at is not None and page.expire_at <= timezone.now()


def all_root_paths(request=None) -> list:
    """Wagtail's site root paths (``Site.get_site_root_paths``: a read of the cache), read
    once per request: kept where Wagtail's own URL building keeps them for the request."""
    if request is None:
        return Site.get_site_root_paths()
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    return request._wagtail_cached_site_root_paths


def share_root_paths(pages, request) -> None:
    """Let each of ``pages`` build its URL without a request (as the admin's "View live"
    button does) from the root paths read once for ``request``, rather than from a read of
    the cache for each page."""
    roots = all_root_paths(request)
    for page in pages:
        page._wagtail_cached_site_root_paths = roots


def site_root_paths(request) -> tuple[str, ...] | None:
    """The ``url_path`` of each root page of the site ``request`` is for, one per language
    (the home page and its translations); ``None`` without a request (indexing, commands),
    where every site counts.

    Read from Wagtail's cached site root paths: with one site, no query at all.
    """
    if request is None:
        return None
    roots = all_root_paths(request)
    if len({root.site_id for root in roots}) > 1:
        site = Site.find_for_request(request)
        if site is None:
            return None
        roots = [root for root in roots if root.site_id == site.pk]
    return tuple(root.root_path for root in roots) or None


def readers_q(request=None) -> Q:
    """Live, public, unexpired and (given a request) on the request's site."""
    rule = Q(live=True) & public_q() & unexpired_q()
    if (roots := site_root_paths(request)) is not None:
        rule &= reduce(or_, (Q(url_path__startswith=root) for root in roots))
    return rule


class ReaderPageQuerySet(PageQuerySet):
    def for_readers(self, request=None):
        """What a reader may see (see the module's docstring)."""
        return self.filter(readers_q(request))


ReaderPageManager = PageManager.from_queryset(ReaderPageQuerySet)


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

    path: str

    def get_view_restrictions(self) -> QuerySet:
        if getattr(self, "has_view_restrictions", None) is False:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=_sources(ancestor_paths(self.path)))
