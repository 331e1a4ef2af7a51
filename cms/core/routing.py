"""Serving a page's children in one query each."""

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

from wagtail.models import Page

from .fragments import enabled, get_fragment, set_fragment
from .translations import has_translations
from .visibility import has_expired, has_view_restrictions

if TYPE_CHECKING:
    # The mixin goes on Page subclasses: type checkers see it as one.
    from wagtail.models import Page as RoutedPage
else:
    RoutedPage = object


class ChildRoutingMixin(RoutedPage):
    """``route()`` that fetches the child named by the next URL segment in one query.

    Wagtail's own route spends two queries per level (the base page, then its specific
    row) and two more on view restrictions. Here the child comes as its own type, with
    whatever its page shows (the child type's ``route_select_related``), whether it is
    restricted and whether it has translations, from a single query; the rest of the path is
    routed by the child. A public child is kept as a fragment (``cms.core.fragments``), so a
    warm route needs no query.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        child = self.cached_child(path_components[0], request)
        if child is None or not child.live or has_expired(child):
            raise Http404
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def cached_child(self, slug: str, request) -> Page | None:
        if not enabled(request):
            return self.routed_child(slug)
        name = f"route:{self.pk}:{slug}"
        child = get_fragment(request, name)
        if child is None:
            child = self.routed_child(slug)
            if child is not None and child.live and child.has_view_restrictions is False:
                set_fragment(request, name, child)
        return child

    def routed_child(self, slug: str) -> Page | None:
        # Each child type is a direct Page subclass, so its row joins through the reverse
        # parent link named after the model.
        links = {
            model: model._meta.model_name
            for model in self.allowed_subpage_models()
            if Page in model.__bases__
        }
        related = [
            f"{link}__{name}" if name else link
            for model, link in links.items()
            for name in ("", *getattr(model, "route_select_related", ()))
        ]
        # What a child type's page needs to know of its rows, asked in the same query.
        annotations = {
            name: expression
            for model in links
            for name, expression in getattr(model, "route_annotations", dict)().items()
        }
        page = (
            Page.objects.child_of(self)
            .filter(slug=slug)
            .select_related(*related)
            .annotate(
                has_view_restrictions=has_view_restrictions(self),
                has_translations=has_translations(),
                **annotations,
            )
            .first()
        )
        if page is None:
            return None
        try:
            child = getattr(page, links[page.specific_class])
        except (KeyError, ObjectDoesNotExist):
            child = page.specific
        for name in ("has_view_restrictions", "has_translations", *annotations):
            setattr(child, name, getattr(page, name))
        return child
