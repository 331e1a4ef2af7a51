from django.db.models import Count
from django.http import Http404

from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.core.models import Disclaimer

from . import admin_review_links, footnote_editor
from .admin_listing import ArticleListingViewSet
from .admin_panels import EditorialPanel
from .admin_tags import MergeTagsBulkAction
from .document_access import hidden_from_readers
from .reports import ReportSeries
from .taxonomy import ArticleType, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ArticleTypeViewSet(SnippetViewSet):
    model = ArticleType
    icon = "tag"
    list_display = ["name", "slug"]


class ReportSeriesViewSet(SnippetViewSet):
    model = ReportSeries
    icon = "list-ol"
    list_display = ["name", "slug"]


class DisclaimerViewSet(SnippetViewSet):
    model = Disclaimer
    icon = "warning"
    list_display = ["name"]


class TagViewSet(SnippetViewSet):
    """Tags with the number of articles filed under each; renamed, deleted and merged here."""

    model = Tag
    icon = "tag"
    panels = [FieldPanel("name"), FieldPanel("slug")]
    list_display = [
        "name",
        "slug",
        Column("article_count", label="Articles", sort_key="article_count"),
    ]
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request):
        return Tag.objects.annotate(article_count=Count("articles_articlepagetag_items"))


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (TopicViewSet, ArticleTypeViewSet, ReportSeriesViewSet, TagViewSet, DisclaimerViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("before_serve_document")
def keep_unpublished_pdfs(document, request):
    """A PDF of an article readers cannot see is not found (``articles.document_access``)."""
    if hidden_from_readers(document, request):
        raise Http404


@hooks.register("construct_homepage_panels")
def add_editorial_panel(request, panels):
    panels.append(EditorialPanel())


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("article_listing")


@hooks.register("register_admin_urls")
def register_review_link_urls():
    return admin_review_links.urlpatterns


@hooks.register("register_page_header_buttons")
def share_preview_button(page, user, view_name, next_url=None):
    yield admin_review_links.ShareButton(page=page, priority=25)


@hooks.register("register_page_listing_more_buttons")
def share_preview_listing_button(page, user, next_url=None):
    yield admin_review_links.ShareButton(page=page, priority=25)


hooks.register("register_bulk_action", MergeTagsBulkAction)


@hooks.register("register_rich_text_features")
def register_footnote_feature(features):
    footnote_editor.register(features)
