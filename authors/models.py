from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value, prefetch_related_objects
from django.utils.text import slugify

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.coreutils import find_available_slug
from wagtail.images.api.fields import ImageRenditionField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from rest_framework.fields import CharField

from articles.filters import credited_to
from articles.models import ArticlePage, Topic
from articles.queries import NEWEST, credits_prefetch
from articles.serializers import SlugNameField
from cms.core.fields import RichTextField, StreamField
from cms.core.fragments import cached_fragment, shareable
from cms.core.pagination import keyset_page, paginate
from cms.core.routing import ChildRoutingMixin
from cms.core.serializers import RichTextHTMLField
from cms.core.visibility import ViewRestrictionsMixin

from .blocks import ProfileLinkBlock
from .forms import AuthorPageForm
from .identifiers import ORCIDField, is_web_url, orcid_url, validate_web_url
from .languages import LANGUAGE_NAMES, SpokenLanguage, in_list_order
from .queries import AuthorPageManager
from .seo import expert_profile_page
from .serializers import LanguagesField, WebLinksField

__all__ = ["AuthorIndexPage", "AuthorPage", "ExpertFacts", "SpokenLanguage"]

AUTHORS_PER_PAGE = 24
# An author's reports listed on the profile, above their commentary; the rest at /reports/.
REPORTS_LISTED = 5
# The permission to set a profile's user account (cms/roles.py gives it to editors).
LINK_USER = "link_user_authorpage"


class AuthorIndexPage(ChildRoutingMixin, ViewRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "authors/author_index_page.html"
    subpage_types = ["authors.AuthorPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "author index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        authors = (
            AuthorPage.objects.for_readers(request)
            .child_of(self)
            .select_related("photo")
            .order_by("title")
        )
        context["authors"] = paginate(authors, request.GET, per_page=AUTHORS_PER_PAGE)
        return context

    def add_author(
        self, name: str, affiliation: str = "", *, user=None, publish: bool = True
    ) -> "AuthorPage":
        """A new author profile here, its slug made from the name (``-1``, ``-2``... on
        the end when taken); published when ``publish``, else a draft. ``user`` is its
        owner and is recorded in its history."""
        # ASCII when the name has it, else the name's own letters (e.g. Cyrillic).
        base = slugify(name)[:200].strip("-") or slugify(name, allow_unicode=True)[:200].strip("-")
        author = AuthorPage(
            title=name,
            slug=find_available_slug(self, base or "author"),
            affiliation=affiliation,
            live=False,
            owner=user,
        )
        self.add_child(instance=author)
        log(instance=author, action="wagtail.create", user=user)
        revision = author.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            author.refresh_from_db()
        return author


@dataclass(frozen=True)
class ExpertFacts:
    """What a profile says of a person's expertise: topics as (name, slug), language codes."""

    topics: list[tuple[str, str]]
    languages: list[str]

    @property
    def language_names(self) -> list[str]:
        """In the language of the page shown (names are translated as they are read)."""
        return [str(LANGUAGE_NAMES[code]) for code in self.languages]


class AuthorPage(ViewRestrictionsMixin, Page):
    """An author or expert: the one representation of a person, with a profile URL.

    An expert (``is_expert``) is listed at /experts/ (``authors.experts``); one with a
    private contact address can be written to through the site (``authors.contact``),
    and that address is never shown: it is in no template, API field, JSON-LD or search
    field."""

    objects = AuthorPageManager()

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
        [("link", ProfileLinkBlock())], blank=True, help_text="External profiles and sites."
    )
    orcid = ORCIDField(
        "ORCID iD", blank=True, help_text="0000-0002-1825-0097, or the orcid.org link to it."
    )
    expertise = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="experts",
        help_text="The topics journalists may ask about. An author with any is listed in "
        "the expert directory.",
    )
    media_contact = models.BooleanField(
        "available for media enquiries",
        default=False,
        help_text="Marked in the expert directory (and lists the author there even without "
        "expertise topics).",
    )
    contact_url = models.URLField(
        "press or contact page",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="Where journalists reach the author, e.g. a press office's page.",
    )
    contact_email = models.EmailField(
        "private contact address",
        blank=True,
        help_text="Never shown on the site: messages sent through the profile's contact "
        "form go to it (for experts only). Give this or a contact page, not both.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        verbose_name="user account",
        help_text="The author's own admin account: their dashboard lists the articles "
        "crediting this profile.",
    )

    template = "authors/author_page.html"
    og_type = "profile"
    parent_page_types = ["authors.AuthorIndexPage"]
    subpage_types: list[str] = []
    # What a profile page shows, fetched with it when it is routed.
    route_select_related = ("photo",)
    # A copy is another profile: the account stays with the original (one profile a user).
    exclude_fields_in_copy = ["user"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("affiliation"),
        index.SearchField("biography"),
    ]

    base_form_class = AuthorPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("photo"),
        FieldPanel("affiliation"),
        FieldPanel("biography"),
        FieldPanel("links"),
        FieldPanel("orcid"),
        MultiFieldPanel(
            [
                FieldPanel("expertise", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages"),  # AuthorPageForm's: a box for each language
                FieldPanel("media_contact"),
                FieldPanel("contact_url"),
                FieldPanel("contact_email"),
            ],
            heading="Expert directory",
        ),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("user", permission=f"authors.{LINK_USER}"),
    ]

    api_fields = [
        APIField("affiliation"),
        APIField("biography", serializer=RichTextHTMLField()),
        APIField("photo"),
        APIField("photo_thumbnail", serializer=ImageRenditionField("fill-240x240", source="photo")),
        APIField("links", serializer=WebLinksField()),
        APIField("orcid"),
        APIField("expertise", serializer=SlugNameField(many=True)),
        APIField("languages", serializer=LanguagesField()),
        APIField("media_contact"),
        APIField("contact_url", serializer=CharField(source="web_contact_url", read_only=True)),
    ]

    class Meta:
        verbose_name = "author"
        permissions = [(LINK_USER, "Can link an author profile to a user account")]

    def clean(self):
        super().clean()
        if self.contact_url and self.contact_email:
            message = "Give a contact page or a private address for the contact form, not both."
            raise ValidationError({"contact_url": message, "contact_email": message})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.reports_and_commentary(request))
        facts = self.expert_facts(request)
        context["expertise"] = facts
        context["is_expert"] = self.is_expert(facts)
        context["has_contact_form"] = context["is_expert"] and bool(self.contact_email)
        context["structured_data"] = expert_profile_page(self, request, facts)
        return context

    def expert_facts(self, request=None) -> ExpertFacts:
        """Its topics and languages (prefetched by ``AuthorPageQuerySet.directory``), kept
        as a fragment for the readers who share them when there is a request."""

        def read() -> ExpertFacts:
            return ExpertFacts(
                topics=[(topic.name, topic.slug) for topic in self.expertise.all()],
                languages=in_list_order(row.code for row in self.spoken_languages.all()),
            )

        if shareable(request, self):
            return cached_fragment(request, f"expert:{self.pk}", self._stored_facts)
        return read()

    def _stored_facts(self) -> ExpertFacts:
        """The facts of a published profile as stored, in one query (a preview's are in
        the revision, read by ``expert_facts``)."""
        text = models.CharField()
        topics = Topic.objects.filter(experts=self).values_list(
            Value("topic", output_field=text), "name", "slug"
        )
        spoken = SpokenLanguage.objects.filter(author=self).values_list(
            Value("language", output_field=text), "code", "code"
        )
        rows = list(topics.order_by().union(spoken.order_by(), all=True))
        return ExpertFacts(
            topics=sorted((name, slug) for kind, name, slug in rows if kind == "topic"),
            languages=in_list_order(code for kind, code, _ in rows if kind == "language"),
        )

    def reports_and_commentary(self, request) -> dict:
        """The author's reports (the latest ``REPORTS_LISTED``) and, apart from them, a
        page of the rest, newest first: one query each, and the credits of both in one."""
        mine = credited_to(ArticlePage.objects.for_readers(request).listing(), self)
        reports = list(
            mine.filter(article_type__is_report=True).prefetch_related(None)[:REPORTS_LISTED]
        )
        commentary = mine.exclude(article_type__is_report=True).prefetch_related(None)
        page = keyset_page(request, commentary, NEWEST)
        prefetch_related_objects([*reports, *page.object_list], credits_prefetch())
        return {"reports": reports, "articles": page}

    def is_expert(self, facts: ExpertFacts) -> bool:
        """``AuthorPageQuerySet.experts``, for one profile whose facts are read."""
        return self.media_contact or bool(facts.topics)

    def web_links(self) -> list[tuple[str, dict]]:
        """The profile links a reader is shown, each with its block's id: labels and
        http(s) addresses only, whatever wrote them."""
        return [
            (link.id, {"label": link.value["label"], "url": link.value["url"]})
            for link in self.links
            if link.block_type == "link" and is_web_url(link.value["url"])
        ]

    @property
    def orcid_link(self) -> str:
        return orcid_url(self.orcid)

    @property
    def web_contact_url(self) -> str:
        return self.contact_url if is_web_url(self.contact_url) else ""
