from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms.core.blocks import BodyBlock
from cms.core.fields import DOIField, ISBNField, RichTextField, StreamField
from cms.core.fragments import cached_fragment, shareable
from cms.core.models import Disclaimer, SiteSettings
from cms.core.routing import ChildRoutingMixin
from cms.core.seo import json_ld, news_article
from cms.core.translations import translations
from cms.core.visibility import ViewRestrictionsMixin

from .blocks import RelatedArticlesBlock
from .citation import citation_for, scholar_meta
from .citation_files import CITATION_FILES, citation_file_response, citation_links
from .citation_styles import formatted
from .credits import ArticlePageAuthor, ArticlePageTag, in_editor_order
from .filters import filter_articles, filter_reports
from .footnotes import ArticleFootnote, endnotes_html, numbered, referenced_keys
from .forms import (
    ArticlePageForm,
    CharCountInput,
    CharCountSlugInput,
    CharCountTextarea,
    TitlePanel,
)
from .pdf_panel import PDFTextPanel
from .queries import ArticlePageManager
from .related import related_section
from .reports import (
    ArticleDocument,
    DocumentText,
    ReportSeries,
    as_report,
    has_pdfs,
    pdfs_of,
)
from .review_links import ReviewLink
from .serializers import (
    CreditsField,
    DisclaimerField,
    DocumentsField,
    FootnotesField,
    RelatedItemsField,
    SlugNameField,
)
from .taxonomy import ArticleType, Topic

__all__ = [
    "ArticleDocument",
    "ArticleFootnote",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageTag",
    "ArticleType",
    "DocumentText",
    "ReportIndexPage",
    "ReportSeries",
    "ReviewLink",
    "Topic",
]

# The languages articles are written in: the site's (a page's language is its locale's).
LANGUAGES = list(settings.WAGTAIL_CONTENT_LANGUAGES)
# Silent reading of non-fiction, in words a minute: English 238 (Brysbaert, 2019, a
# meta-analysis of 190 studies), Russian 184 (Trauzettel-Klosinski and Dietz, 2012, IReST).
READING_RATES = {"en": 238, "ru": 184}
# The words of a body the admin's page search reads (docs/search-indexing.md).
BODY_OPENING_WORDS = 100
CONTENT_TEMPLATE = "articles/includes/article_content.html"
ALTERNATES_TEMPLATE = "cms/includes/language_alternates.html"


class ArticlePage(ViewRestrictionsMixin, Page):
    objects = ArticlePageManager()

    # What an article page shows, fetched with it when it is routed.
    route_select_related = ("article_type", "hero_image", "disclaimer", "series", "cover_image")

    standfirst = models.TextField(
        max_length=600,
        help_text="The teaser: used in listings, related articles, feeds and the meta description.",
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
        editable=False,
        help_text="The language of the text: its locale's, set when the page is saved.",
    )
    doi = DOIField(
        "DOI",
        blank=True,
        help_text="The article's Digital Object Identifier, if it has one (10.1234/abcd).",
    )
    # A report's own details (articles.reports); the type says whether it is one.
    series = models.ForeignKey(
        ReportSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    series_number = models.CharField("number in the series", max_length=20, blank=True)
    isbn = ISBNField("ISBN", blank=True)
    summary = RichTextField(
        blank=True, features=["bold", "italic", "link", "ul", "ol"], help_text="A report's summary."
    )
    key_findings = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="A report's key findings, as a list.",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
        # The admin's page search runs on autocomplete fields: of the body, its opening.
        index.SearchField("standfirst"),
        index.AutocompleteField("standfirst"),
        index.SearchField("body"),
        index.AutocompleteField("body_opening"),
        index.RelatedFields(
            "article_authors",
            [
                index.RelatedFields(
                    "author", [index.SearchField("title"), index.AutocompleteField("title")]
                )
            ],
        ),
        index.FilterField("display_date"),
        # A report is found by the words of its PDFs (articles.pdf_text).
        index.RelatedFields("documents", [index.SearchField("searchable_text")]),
    ]

    base_form_class = ArticlePageForm
    content_panels = [
        TitlePanel("title", widget=CharCountInput),
        FieldPanel("standfirst", widget=CharCountTextarea, required_on_save=True),
        FieldRowPanel([FieldPanel("display_date"), FieldPanel("article_type")]),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_caption", widget=CharCountInput),
                FieldPanel("hero_credit", widget=CharCountInput),
            ],
            heading="Hero image",
        ),
        FieldPanel("body"),
        InlinePanel(
            "footnotes",
            heading="Notes",
            label="Note",
            help_text="Referenced from the body's paragraphs with the toolbar's footnote "
            "button; numbered on the page by the order of their first reference.",
        ),
    ]
    report_panels = [
        FieldRowPanel([FieldPanel("series"), FieldPanel("series_number")]),
        FieldRowPanel([FieldPanel("isbn"), FieldPanel("cover_image")]),
        FieldPanel("summary"),
        FieldPanel("key_findings"),
        InlinePanel(
            "documents",
            heading="PDFs",
            label="PDF",
            help_text="The report's PDFs, each in its language. The worker reads their text "
            "for search after they are uploaded.",
        ),
        PDFTextPanel(heading="Text of the PDFs"),
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
        FieldPanel("doi"),
        # Wagtail's promote panels, the fields with a limit counted.
        MultiFieldPanel(
            [
                FieldPanel("slug", widget=CharCountSlugInput),
                FieldPanel("seo_title", widget=CharCountInput),
                FieldPanel("search_description"),
            ],
            heading="For search engines",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
        *Page.settings_panels,
    ]
    api_fields = [
        APIField("standfirst"),
        APIField("display_date"),
        APIField("date"),
        APIField("language"),
        APIField("doi"),
        APIField("reading_minutes"),
        APIField("footnotes", serializer=FootnotesField()),
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
        APIField("series", serializer=SlugNameField()),
        APIField("series_number"),
        APIField("isbn"),
        APIField("summary"),
        APIField("key_findings"),
        APIField("cover_image"),
        APIField("pdfs", serializer=DocumentsField()),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(authors_panels, heading="Authors & related"),
            ObjectList(report_panels, heading="Report"),
            ObjectList(settings_panels, heading="Promotion & settings", classname="settings"),
        ]
    )

    class Meta:
        verbose_name = "article"
        # Listings run newest first (articles.queries.NEWEST_FIRST): the newest page of any
        # archive is read off this index, whatever the archive's size.
        indexes = [models.Index(fields=["-display_date", "-page_ptr"], name="article_newest")]

    @property
    def credited_names(self) -> str:
        """The authors' names in credit order, as one line (the admin's listing)."""
        return ", ".join(credit.author.title for credit in self.ordered_credits())

    def ordered_credits(self) -> list:
        """The author credits in order, with their authors: those ``with_credits()``
        fetched, or in one query."""
        return in_editor_order(self, "article_authors", "author")

    def body_words(self) -> list[str]:
        """The words of the body's text, headings, quotes and captions included."""
        return " ".join(self._meta.get_field("body").get_searchable_content(self.body)).split()

    def body_opening(self) -> str:
        """The first ``BODY_OPENING_WORDS`` words of the body's text: what the admin's page
        search finds an article by, with its title, standfirst and authors. The whole body
        there made each entry's prefix index as large as the body (14 KB), read in full
        for every article a common word is in."""
        return " ".join(self.body_words()[:BODY_OPENING_WORDS])

    @cached_property
    def reading_minutes(self) -> int:
        """The body's reading time at its language's rate (``READING_RATES``), at least 1."""
        rate = READING_RATES.get(self.language, READING_RATES["en"])
        return max(1, round(len(self.body_words()) / rate))

    @property
    def is_report(self) -> bool:
        return bool(self.article_type and self.article_type.is_report)

    @property
    def date(self):
        return self.display_date or (self.first_published_at and self.first_published_at.date())

    def save(self, *args, **kwargs):
        # An article is written in its locale's language, which chooses its analyzers and
        # reading rate, the feeds it is in, and its lang (docs/translations.md).
        if self.locale_id is None:
            self.locale = self.get_default_locale()
        self.language = self.locale.language_code
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [*kwargs["update_fields"], "language"]
        # The date of first publication, once there is one, is the display date an editor
        # left empty: listings then sort on this table's own column, by its index.
        if self.display_date is None and self.first_published_at:
            self.display_date = self.first_published_at.date()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "display_date"]
        super().save(*args, **kwargs)

    @staticmethod
    def route_annotations() -> dict:
        """Asked with the article when it is routed (``cms.core.routing``)."""
        return {"has_pdfs": has_pdfs()}

    def route(self, request, path_components):
        # The citation files: <article URL>cite.bib, cite.ris, cite.json.
        if len(path_components) == 1 and path_components[0] in CITATION_FILES:
            if not self.live:
                raise Http404
            return RouteResult(self, kwargs={"citation_file": path_components[0]})
        return super().route(request, path_components)

    def serve(self, request, *args, citation_file: str = "", **kwargs):
        if not citation_file:
            return super().serve(request, *args, **kwargs)
        site_settings = SiteSettings.for_request(request)
        citation = self.citation(request, self.ordered_credits(), self.tags.all(), site_settings)
        return citation_file_response(citation, citation_file, self.slug)

    def citation(self, request, credits, tags, site_settings):
        """What every citation of the article says (``articles.citation``)."""
        return citation_for(
            self, request, credits=credits, tags=tags, site_name=site_settings.organisation_name
        )

    def footnoted_body(self, context) -> str:
        """The body rendered, its footnote references numbered and its notes after it."""
        body = self.body.render_as_block(context)
        if not referenced_keys(self.body.raw_data):
            return body
        notes = {note.key: note.text for note in self.footnotes.all()}
        html, endnotes = numbered(body, notes)
        # Rendered blocks, their references numbered here, and the notes' own template.
        return mark_safe(html + endnotes_html(endnotes))  # noqa: S308

    def effective_disclaimer(self, site_settings) -> Disclaimer | None:
        if not self.show_disclaimer:
            return None
        return self.disclaimer or site_settings.default_disclaimer

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def rendered():
            return self.rendered_parts(request, context)

        if shareable(request, self):
            # Under the scheme, host and language: the URLs and dates it shows depend on them.
            key = f"article:{self.pk}:{request.scheme}:{request.get_host()}:{get_language()}"
            context["article"] = cached_fragment(request, key, rendered)
        else:
            context["article"] = rendered()
        return context

    def rendered_parts(self, request, context) -> dict[str, str]:
        """What the article page shows of the article, rendered: its ``content`` (the
        article, its credits, terms, disclaimer and related articles) and its
        ``head`` (Google Scholar's and Dublin Core's tags, and the JSON-LD)."""
        credits, related = related_section(self, request)
        site_settings = SiteSettings.for_request(request)
        tags = list(self.tags.all())
        citation = self.citation(request, credits, tags, site_settings)
        context = {
            **context,
            "credits": credits,
            "related": related,
            "tags": tags,
            "topics": list(self.topics.all()),
            "disclaimer": self.effective_disclaimer(site_settings),
            "citation": formatted(citation),
            "permalink": citation.url,
            "citation_files": citation_links(self.get_url(request)),
            "translations": translations(self, request),
            "pdfs": pdfs_of(self) if getattr(self, "has_pdfs", True) else [],
        }
        context["body"] = self.footnoted_body(context)
        data = news_article(self, request, credits, site_settings)
        if self.is_report:
            data = as_report(data, self, context["pdfs"], request)
        structured_data = json_ld(data)
        alternates = render_to_string(ALTERNATES_TEMPLATE, {"versions": context["translations"]})
        return {
            "content": render_to_string(CONTENT_TEMPLATE, context, request),
            "head": scholar_meta(citation) + structured_data + alternates,
        }


class ArticleIndexPage(ChildRoutingMixin, ViewRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "articles/article_index_page.html"
    subpage_types = ["articles.ArticlePage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "article index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.for_readers(request).descendant_of(self).listing()
        context.update(filter_articles(articles, request))
        return context


class ReportIndexPage(ViewRestrictionsMixin, Page):
    """``/reports/``: the reports of its language's tree, wherever they are filed, newest
    first, by series, topic, author and year (``articles.filters.filter_reports``)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "articles/report_index_page.html"
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "report index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reports = (
            ArticlePage.objects.for_readers(request)
            .descendant_of(self.get_parent())
            .filter(article_type__is_report=True)
        )
        context.update(filter_reports(reports, request))
        return context
