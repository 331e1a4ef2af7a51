"""Site-wide settings and the disclaimers pages end with."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField


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
    default_disclaimer = models.ForeignKey(
        Disclaimer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the end of every article that does not choose another or none.",
    )

    select_related = ["default_disclaimer"]
    panels = [FieldPanel("organisation_name"), FieldPanel("default_disclaimer")]

    class Meta:
        verbose_name = "site settings"
