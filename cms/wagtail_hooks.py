"""The admin's two-factor sign-in URLs, and a page search that names what it counts.

Wagtail's page search view names no model, so its results header read "1-4 of 4 None".
The base page viewset (the one every page type without a viewset of its own uses) is
replaced by one whose search view says "pages", as the explorer's listings do.
"""

from wagtail import hooks
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from cms import two_factor


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
