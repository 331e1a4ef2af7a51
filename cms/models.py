from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from .pages import ViewRestrictionsMixin, has_view_restrictions

HOME_LATEST = 10


class HomePage(ViewRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "cms/home_page.html"
    max_count = 1
    subpage_types = ["articles.ArticleIndexPage", "authors.AuthorIndexPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        # One query for the section (articles or authors) as its own type: Wagtail's own
        # route spends two, the base page and then its specific row.
        if not path_components:
            return super().route(request, path_components)
        section = self._section(path_components[0])
        section._cached_parent_obj = self
        return section.route(request, path_components[1:])

    def _section(self, slug: str) -> Page:
        # Each section type is a direct Page subclass, so its row joins through the reverse
        # parent link named after the model.
        links = {
            model: model._meta.model_name
            for model in self.allowed_subpage_models()
            if Page in model.__bases__
        }
        child = (
            Page.objects.child_of(self)
            .filter(slug=slug)
            .select_related(*links.values())
            .annotate(has_view_restrictions=has_view_restrictions(self))
            .first()
        )
        if child is None:
            raise Http404
        try:
            section = getattr(child, links[child.specific_class])
        except (KeyError, ObjectDoesNotExist):
            section = child.specific
        section.has_view_restrictions = child.has_view_restrictions
        return section

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
