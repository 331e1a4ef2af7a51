"""The read-only Wagtail API v2 at ``/api/v2/``: pages, images and documents.

Only live, public content, whoever asks and whatever the query: pages with a view
restriction on themselves or an ancestor, pages past their expiry time and documents in a
private collection are left out of every listing, filter, search and detail view. No CORS
headers are sent; other origins' browsers cannot read the answers unless that is set up.

With the site's languages, ``?locale=ru`` lists one language's pages and
``?translation_of=<id>`` a page's translations (Wagtail's own filters), and
``pages/find/?html_path=`` takes a path under a language's prefix (``/ru/articles/...``).
"""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.lookups import StartsWith
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils import translation

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageHtmlUrlField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction, Site

from cms.core.pagination import cached_count
from cms.core.translations import in_url_language
from cms.core.visibility import readers_q


class CountedOnce:
    """A queryset whose number of rows is already known."""

    def __init__(self, queryset: QuerySet, count: int):
        self.queryset, self.known = queryset, count

    def count(self) -> int:
        return self.known

    def __getitem__(self, key):
        return self.queryset[key]


class PublicPagination(WagtailPagination):
    """Wagtail's offset pagination, with ``meta.total_count`` counted once per page-cache
    generation for readers (it reads every page the listing could show); a search's
    results are counted as Wagtail counts them."""

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, QuerySet):
            queryset = CountedOnce(queryset, cached_count(request._request, queryset))
        return super().paginate_queryset(queryset, request, view)


class RequestHtmlUrlField(PageHtmlUrlField):
    """A page's ``html_url`` built with the request, which keeps the sites' root paths for
    every page of the answer: Wagtail's reads them from the cache once per page."""

    def to_representation(self, page):
        try:
            return page.get_full_url(self.context.get("request"))
        except NoReverseMatch:
            return None


class PublicPageSerializer(PageSerializer):
    html_url = RequestHtmlUrlField(read_only=True)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer
    pagination_class = PublicPagination

    def check_query_parameters(self, queryset):
        # PostgreSQL rejects NUL in a text value; no title, slug or search matches one.
        if any("\x00" in value for value in self.request.GET.values()):
            raise BadRequestError("query parameters cannot contain NUL characters")
        if self.request.GET.get("search_operator", "or") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        super().check_query_parameters(queryset)

    def find_object(self, queryset, request):
        # Wagtail's own routes html_path from the home page of the site's language; a path
        # under another language's prefix is routed from that language's home page.
        path = request.GET.get("html_path", "")
        language = translation.get_language_from_path(path)
        site = Site.find_for_request(request)
        if language in (None, settings.LANGUAGE_CODE) or site is None:
            return super().find_object(queryset, request)
        with translation.override(language):
            try:
                components = [part for part in path.split("/") if part][1:]
                page, _args, _kwargs = site.root_page.localized.specific.route(request, components)
            except Http404:
                return None
            if not in_url_language(page, request):
                return None
        return page if queryset.filter(pk=page.pk).exists() else None

    def get_base_queryset(self):
        # Wagtail's own check lets a session that unlocked a page see it; ours never does.
        # As a filter on ids, because the search backend cannot run the subquery itself.
        pages = super().get_base_queryset()
        return pages.filter(pk__in=pages.filter(readers_q(self.request)).values("pk"))

    def get_queryset(self):
        # Each page's meta names its locale: fetched with the page, not once per page.
        pages = super().get_queryset().select_related("locale")
        # With fields asked for, what they read of a listing of one type comes in a few
        # queries, not a few per page (``for_api`` of the type's queryset).
        if "fields" in self.request.GET and hasattr(pages, "for_api"):
            pages = pages.for_api()
        return pages


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        restricted = CollectionViewRestriction.objects.filter(
            StartsWith(OuterRef("collection__path"), F("collection__path"))
        )
        return super().get_queryset().exclude(Exists(restricted))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
