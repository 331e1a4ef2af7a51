from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from articles.models import ArticlePage
from cms.core.fields import RichTextField
from cms.core.routing import ChildRoutingMixin
from cms.core.translations import LOCALIZED_ROOT
from cms.core.visibility import ViewRestrictionsMixin

HOME_LATEST = 10


class HomePage(ChildRoutingMixin, ViewRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    template = "cms/home_page.html"
    max_count = 1
    subpage_types = [
        "articles.ArticleIndexPage",
        "articles.ReportIndexPage",
        "authors.AuthorIndexPage",
    ]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "home page"

    @property
    def localized(self):
        """The home page in the URL's language: the one ``CachedSite`` found for the request
        when it did (routing then asks the database nothing), else Wagtail's lookup."""
        return getattr(self, LOCALIZED_ROOT, None) or super().localized

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.for_readers(request).descendant_of(self).listing()
        context["latest"] = articles[:HOME_LATEST]
        return context
