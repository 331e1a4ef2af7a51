"""Site-wide settings, the disclaimers pages end with, and what the importers keep between
runs."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .fields import RichTextField
from .fragments import cached_fragment, enabled


class Disclaimer(models.Model):
    name = models.CharField(max_length=100, unique=True)
    text = RichTextField(features=["bold", "italic", "link"])

    panels = [FieldPanel("name"), FieldPanel("text")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(max_length=255, default="Thinktank")
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the site is, in a sentence: the description search engines show for "
        "pages without one of their own (the home page, listings).",
    )
    default_disclaimer = models.ForeignKey(
        Disclaimer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the end of every article that does not choose another or none.",
    )

    select_related = ["default_disclaimer"]
    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("description"),
        FieldPanel("default_disclaimer"),
    ]

    @classmethod
    def for_request(cls, request):
        """The request's site's settings, from their fragment (``cms.core.fragments``)."""
        attr = cls.get_cache_attr_name()
        if enabled(request) and not hasattr(request, attr):
            site = Site.find_for_request(request)
            if site is not None:
                found = cached_fragment(request, f"settings:{site.pk}", lambda: cls.for_site(site))
                # As Wagtail's own for_request keeps them for the request.
                found._request = request
                setattr(request, attr, found)
        return super().for_request(request)

    @property
    def meta_description(self) -> str:
        """The site's description, or one made from its name."""
        return self.description or (
            f"Analysis, opinion and expert commentary from {self.organisation_name}."
        )

    class Meta:
        verbose_name = "site settings"


class WordPressPost(models.Model):
    """The page a WordPress post was imported to: importing the export again updates that
    page, whatever its slug has become (docs/wordpress.md)."""

    # The WordPress site's address without its scheme (``example.org/blog``): post ids are
    # only unique within one site, and a site moved to https is still the same site.
    site = models.CharField(max_length=255)
    post_id = models.PositiveBigIntegerField()
    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "imported WordPress post"
        constraints = [
            models.UniqueConstraint(fields=["site", "post_id"], name="one_page_per_wordpress_post")
        ]

    def __str__(self):
        return f"{self.site} post {self.post_id}"
