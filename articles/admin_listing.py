"""The admin's list of articles: authors, article type, display date and status as
columns, and filters by author, tag, topic, type and status."""

from django.forms import CheckboxSelectMultiple, RadioSelect

from taggit.models import Tag
from taggit.utils import parse_tags
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import AdminTagWidget

from django_filters import CharFilter, ChoiceFilter, ModelMultipleChoiceFilter

from cms.core.visibility import share_root_paths

from .credits import author_model
from .filters import tagged_any
from .models import ArticlePage
from .taxonomy import ArticleType, Topic

STATUSES = [("live", "Published"), ("draft", "Draft"), ("changes", "Unpublished changes")]


def _status(queryset, name, value):
    if value == "live":
        return queryset.filter(live=True)
    if value == "draft":
        return queryset.filter(live=False)
    if value == "changes":
        return queryset.filter(live=True, has_unpublished_changes=True)
    return queryset


def _tagged(queryset, name, value):
    names = parse_tags(value)
    return tagged_any(queryset, Tag.objects.filter(name__in=names)) if names else queryset


class ArticleFilterSet(PageFilterSet):
    author = ModelMultipleChoiceFilter(
        field_name="article_authors__author",
        queryset=lambda request: author_model().objects.order_by("title"),
        widget=CheckboxSelectMultiple,
        label="Author",
        distinct=True,
    )
    # Typed, with the admin's tag autocomplete: an archive's thousands of tags as checkboxes
    # took the page two seconds to render.
    tag = CharFilter(
        method=_tagged,
        widget=AdminTagWidget(free_tagging=False),
        label="Tags",
        help_text="Articles with any of these tags.",
    )
    topic = ModelMultipleChoiceFilter(
        field_name="topics",
        queryset=lambda request: Topic.objects.all(),
        widget=CheckboxSelectMultiple,
        label="Topic",
        distinct=True,
    )
    article_type = ModelMultipleChoiceFilter(
        queryset=lambda request: ArticleType.objects.all(),
        widget=CheckboxSelectMultiple,
        label="Article type",
    )
    status = ChoiceFilter(
        choices=STATUSES, method=_status, label="Status", widget=RadioSelect, empty_label="Any"
    )

    class Meta:
        model = ArticlePage
        fields: list[str] = []


class ArticleIndexView(IndexView):
    def annotate_queryset(self, pages):
        # Prefetched after Wagtail's ``specific()``, which fetches the articles again: a
        # select_related() before it is lost, one after it ignored.
        return (
            super()
            .annotate_queryset(pages)
            .prefetch_related("article_type", "article_authors__author")
        )

    def get_table(self, object_list):
        share_root_paths(object_list, self.request)
        return super().get_table(object_list)


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    index_view_class = ArticleIndexView
    icon = "doc-full"
    menu_label = "Articles"
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = ArticleFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        Column("credited", label="Authors", accessor="credited_names"),
        Column("article_type", label="Type", sort_key="article_type__name"),
        DateColumn("display_date", label="Date", sort_key="display_date"),
        PageStatusColumn("status", label="Status", sort_key="live"),
    ]
