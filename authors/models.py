from django.conf import settings
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.coreutils import find_available_slug
from wagtail.images.api.fields import ImageRenditionField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from articles.filters import credited_to
from articles.models import ArticlePage
from articles.queries import NEWEST
from cms.core.blocks import LinkBlock
from cms.core.fields import RichTextField, StreamField
from cms.core.pagination import keyset_page, paginate
from cms.core.routing import ChildRoutingMixin
from cms.core.seo import profile_page
from cms.core.serializers import RichTextHTMLField
from cms.core.visibility import ReaderPageManager, ViewRestrictionsMixin

AUTHORS_PER_PAGE = 24
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


class AuthorPage(ViewRestrictionsMixin, Page):
    """An author or expert: the one representation of a person, with a profile URL."""

    objects = ReaderPageManager()

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

    content_panels = [
        *Page.content_panels,
        FieldPanel("photo"),
        FieldPanel("affiliation"),
        FieldPanel("biography"),
        FieldPanel("links"),
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
        APIField("links"),
    ]

    class Meta:
        verbose_name = "author"
        permissions = [(LINK_USER, "Can link an author profile to a user account")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.for_readers(request).listing()
        context["articles"] = keyset_page(request, credited_to(articles, self), NEWEST)
        context["structured_data"] = profile_page(self, request)
        return context
