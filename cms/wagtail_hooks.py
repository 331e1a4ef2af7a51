"""The admin's two-factor sign-in URLs, a page search that names what it counts, and a
page served only under its own language's URLs.

Wagtail's page search view names no model, so its results header read "1-4 of 4 None".
The base page viewset (the one every page type without a viewset of its own uses) is
replaced by one whose search view says "pages", as the explorer's listings do.
"""

from django.http import Http404

from wagtail import hooks
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from cms import two_factor
from cms.core.translations import in_url_language


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return two_factor.urlpatterns


class PageSearchView(SearchView):
    verbose_name = Page._meta.verbose_name
    verbose_name_plural = Page._meta.verbose_name_plural


class BasePageViewSet(PageViewSet):
    search_view_class = PageSearchView


@hooks.register("register_admin_viewset")
def register_base_page_viewset():
    return BasePageViewSet()


@hooks.register("before_serve_page")
def serve_in_url_language(page, request, serve_args, serve_kwargs):
    # /ru/... serves the Russian tree's pages and / the English tree's: without it, a
    # language with no tree of its own (or no page at that path) would fall back on Wagtail's
    # default site root and serve the English pages again under /ru/.
    if not in_url_language(page, request):
        raise Http404
