from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms.blocks import BodyBlock
from cms.fields import StreamField
from cms.pages import ViewRestrictionsMixin, has_view_restrictions

from .blocks import RelatedArticlesBlock
from .queries import ArticlePageManager, live_articles
from .serializers import CreditsField, DisclaimerField, RelatedItemsField, SlugNameField

PER_PAGE = 12


class SlugNamedModel(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:100]
        super().save(*args, **kwargs)


class ArticleType(SlugNamedModel):
    """Analysis, opinion, interview / expert commentary, news; editors add more."""


class Topic(SlugNamedModel):
    """A managed taxonomy term (a region or theme) with its own archive page."""

    description = models.TextField(blank=True)

    panels = [*SlugNamedModel.panels, FieldPanel("description")]

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])


class Disclaimer(models.Model):
    name = models.CharField(max_length=100, unique=True)
    text = RichTextField(features=["bold", "italic", "link"])

    panels = [FieldPanel("name"), FieldPanel("text")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePageAuthor(Orderable):
    """An author's credit on one article, in order, with the role and affiliation printed."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        "authors.AuthorPage", on_delete=models.CASCADE, related_name="article_credits"
    )
    role = models.CharField(max_length=100, blank=True, help_text='e.g. "interviewed expert"')
    affiliation = models.CharField(
        max_length=500,
        blank=True,
        help_text="As printed on this article. Defaults to the profile's.",
    )

    panels = [FieldPanel("author"), FieldRowPanel([FieldPanel("role"), FieldPanel("affiliation")])]

    @property
    def printed_affiliation(self) -> str:
        return self.affiliation or self.author.affiliation


LANGUAGES = [("en", "English"), ("ru", "Russian")]


class ArticlePage(ViewRestrictionsMixin, Page):
    objects = ArticlePageManager()

    standfirst = models.TextField(
        help_text="The teaser: used in listings, related articles, feeds and the meta description."
    )
    display_date = models.DateField(
        null=True, blank=True, help_text="Defaults to the date of first publication."
    )
    article_type = models.ForeignKey(
        ArticleType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.CharField(max_length=500, blank=True)
    hero_credit = models.CharField(max_length=255, blank=True)
    body = StreamField(BodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    topics = ParentalManyToManyField(Topic, blank=True, related_name="articles")
    related = StreamField(
        [("related_articles", RelatedArticlesBlock())],
        blank=True,
        max_num=1,
        help_text="Leave empty to show up to three related articles automatically.",
    )
    language = models.CharField(
        max_length=8,
        choices=LANGUAGES,
        default="en",
        help_text="The language of the text: search stems words by its rules.",
    )
    show_disclaimer = models.BooleanField(default=True)
    disclaimer = models.ForeignKey(
        Disclaimer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty for the site's default disclaimer.",
    )

    template = "articles/article_page.html"
    og_type = "article"
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    search_fields = [
        *Page.search_fields,
        # The admin's page search runs on autocomplete fields.
        index.SearchField("standfirst"),
        index.AutocompleteField("standfirst"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.RelatedFields(
            "article_authors",
            [
                index.RelatedFields(
                    "author", [index.SearchField("title"), index.AutocompleteField("title")]
                )
            ],
        ),
        index.FilterField("display_date"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldRowPanel(
            [FieldPanel("display_date"), FieldPanel("article_type"), FieldPanel("language")]
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading="Hero image",
        ),
        FieldPanel("body"),
    ]
    authors_panels = [
        InlinePanel("article_authors", label="Author", min_num=1),
        FieldPanel("related"),
    ]
    settings_panels = [
        FieldPanel("tags"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("show_disclaimer"), FieldPanel("disclaimer")], heading="Disclaimer"
        ),
        *Page.promote_panels,
        *Page.settings_panels,
    ]
    api_fields = [
        APIField("standfirst"),
        APIField("display_date"),
        APIField("date"),
        APIField("language"),
        APIField("article_type", serializer=SlugNameField()),
        APIField("authors", serializer=CreditsField()),
        APIField("tags", serializer=SlugNameField(many=True)),
        APIField("topics", serializer=SlugNameField(many=True)),
        APIField("hero_image"),
        APIField(
            "hero_image_large", serializer=ImageRenditionField("width-1200", source="hero_image")
        ),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField("fill-480x270", source="hero_image"),
        ),
        APIField("hero_caption"),
        APIField("hero_credit"),
        APIField("body"),
        APIField("related_items", serializer=RelatedItemsField()),
        APIField("disclaimer", serializer=DisclaimerField()),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(authors_panels, heading="Authors & related"),
            ObjectList(settings_panels, heading="Promotion & settings", classname="settings"),
        ]
    )

    class Meta:
        verbose_name = "article"

    def has_expired(self) -> bool:
        """Past its expiry time: hidden at once, before ``publish_scheduled`` unpublishes it."""
        return self.expire_at is not None and self.expire_at <= timezone.now()

    @property
    def date(self):
        return self.display_date or (self.first_published_at and self.first_published_at.date())

    def effective_disclaimer(self, site_settings) -> Disclaimer | None:
        if not self.show_disclaimer:
            return None
        return self.disclaimer or site_settings.default_disclaimer

    def get_context(self, request, *args, **kwargs):
        from cms.models import SiteSettings
        from cms.seo import news_article

        from .related import related_section

        context = super().get_context(request, *args, **kwargs)
        credits, related = related_section(self, request)
        site_settings = SiteSettings.for_request(request)
        context.update(
            credits=credits,
            related=related,
            tags=list(self.tags.all()),
            topics=list(self.topics.all()),
            disclaimer=self.effective_disclaimer(site_settings),
            structured_data=news_article(self, request, credits, site_settings),
        )
        return context


class ArticleIndexPage(ViewRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "articles/article_index_page.html"
    subpage_types = ["articles.ArticlePage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "article index"

    def route(self, request, path_components):
        # One query for the article, its type, hero image, disclaimer and whether it is
        # restricted: Wagtail's own route spends two, and two more on the restrictions.
        if len(path_components) == 1:
            article = (
                ArticlePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("article_type", "hero_image", "disclaimer")
                .annotate(has_view_restrictions=has_view_restrictions(self))
                .first()
            )
            if article is None or not article.live or article.has_expired():
                raise Http404
            article._cached_parent_obj = self
            return RouteResult(article)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(filter_articles(live_articles().descendant_of(self), request.GET))
        return context


def filter_articles(articles, params) -> dict:
    """Apply ``?tag=``, ``?topic=``, ``?author=`` (slugs) and paginate by ``?page=``.

    Unknown slugs give an empty list, not an error; the active filters are returned by
    name so the page can say what it is showing.
    """
    active = {}
    if slug := _slug_param(params, "tag", 100):
        tag = Tag.objects.filter(slug=slug).first()
        active["tag"] = tag.name if tag else slug
        articles = articles.filter(tagged_items__tag=tag) if tag else articles.none()
    if slug := _slug_param(params, "topic", 100):
        topic = Topic.objects.filter(slug=slug).first()
        active["topic"] = topic.name if topic else slug
        articles = articles.filter(topics=topic) if topic else articles.none()
    if slug := _slug_param(params, "author", 255):
        from authors.models import AuthorPage

        author = AuthorPage.objects.live().filter(slug=slug).first()
        active["author"] = author.title if author else slug
        articles = articles.filter(article_authors__author=author) if author else articles.none()
    return {"articles": paginate(articles.distinct(), params), "active_filters": active}


def _slug_param(params, name: str, max_length: int) -> str:
    # PostgreSQL rejects NUL in a text value; no slug contains one anyway.
    return params.get(name, "")[:max_length].replace("\x00", "")


def paginate(queryset, params, per_page: int = PER_PAGE):
    """The requested page; a missing, malformed or out-of-range number gives the nearest one."""
    return Paginator(queryset, per_page).get_page(params.get("page", "")[:10])
