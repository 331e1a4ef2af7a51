from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

HOME_LATEST = 10


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "cms/home_page.html"
    max_count = 1
    subpage_types = ["articles.ArticleIndexPage", "authors.AuthorIndexPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from articles.queries import live_articles

        context = super().get_context(request, *args, **kwargs)
        context["latest"] = live_articles()[:HOME_LATEST]
        return context


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(max_length=255, default="Thinktank")
    default_disclaimer = models.ForeignKey(
        "articles.Disclaimer",
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
