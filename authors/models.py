from django.db import models
from django.http import Http404

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms.fields import StreamField
from cms.pages import ViewRestrictionsMixin, has_view_restrictions
from cms.serializers import RichTextHTMLField

AUTHORS_PER_PAGE = 24


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=100)
    url = blocks.URLBlock(label="URL")

    class Meta:
        icon = "link"


class AuthorIndexPage(ViewRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "authors/author_index_page.html"
    subpage_types = ["authors.AuthorPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "author index"

    def route(self, request, path_components):
        # One query for the profile, its photo and whether it is restricted: Wagtail's own
        # route spends two, and two more on the restrictions.
        if len(path_components) == 1:
            author = (
                AuthorPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("photo")
                .annotate(has_view_restrictions=has_view_restrictions(self))
                .first()
            )
            if author is None or not author.live:
                raise Http404
            author._cached_parent_obj = self
            return RouteResult(author)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from articles.models import paginate
        from articles.queries import public_q

        context = super().get_context(request, *args, **kwargs)
        authors = (
            AuthorPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .select_related("photo")
            .order_by("title")
        )
        context["authors"] = paginate(authors, request.GET, per_page=AUTHORS_PER_PAGE)
        return context


class AuthorPage(ViewRestrictionsMixin, Page):
    """An author or expert: the one representation of a person, with a profile URL."""

    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    affiliation = models.CharField(
        max_length=500,
        blank=True,
        help_text='Position and affiliation, e.g. "MGIMO Professor, executive director of ..."',
    )
    biography = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    links = StreamField(
        [("link", LinkBlock())], blank=True, help_text="External profiles and sites."
    )

    template = "authors/author_page.html"
    og_type = "profile"
    parent_page_types = ["authors.AuthorIndexPage"]
    subpage_types: list[str] = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("affiliation"),
        index.SearchField("biography"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("photo"),
        FieldPanel("affiliation"),
        FieldPanel("biography"),
        FieldPanel("links"),
    ]

    api_fields = [
        APIField("affiliation"),
        APIField("biography", serializer=RichTextHTMLField()),
        APIField("photo"),
        APIField("photo_thumbnail", serializer=ImageRenditionField("fill-240x240", source="photo")),
        APIField("links"),
    ]

    class Meta:
        verbose_name = "author"

    @property
    def name(self) -> str:
        return self.title

    def get_context(self, request, *args, **kwargs):
        from articles.models import paginate
        from articles.queries import live_articles
        from cms.seo import profile_page

        context = super().get_context(request, *args, **kwargs)
        articles = live_articles().filter(article_authors__author=self).distinct()
        context["articles"] = paginate(articles, request.GET)
        context["structured_data"] = profile_page(self, request)
        return context
