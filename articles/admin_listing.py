"""The admin's list of articles: authors, article type, display date and status as
columns, and filters by author, tag, topic, type and status."""

from django.forms import CheckboxSelectMultiple, RadioSelect

from taggit.models import Tag
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from django_filters import ChoiceFilter, ModelMultipleChoiceFilter

from .credits import author_model
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


class ArticleFilterSet(PageFilterSet):
    author = ModelMultipleChoiceFilter(
        field_name="article_authors__author",
        queryset=lambda request: author_model().objects.order_by("title"),
        widget=CheckboxSelectMultiple,
        label="Author",
        distinct=True,
    )
    tag = ModelMultipleChoiceFilter(
        field_name="tagged_items__tag",
        queryset=lambda request: (
            Tag.objects.filter(articles_articlepagetag_items__isnull=False)
            .distinct()
            .order_by("name")
        ),
        widget=CheckboxSelectMultiple,
        label="Tag",
        distinct=True,
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
