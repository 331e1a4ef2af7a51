"""The site's fixed skeleton: home, the articles, reports and authors indexes; and, for each
other language the site publishes in, its tree: the home page and the articles and reports
indexes as aliases (Wagtail's own way of starting a locale's tree), so that the admin's Translate
action can put an article's translation under them at once."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page, Site

from articles.models import ArticleIndexPage, ReportIndexPage
from authors.models import AuthorIndexPage

from .home.models import HomePage


@dataclass
class SiteTree:
    site: Site
    home: HomePage
    articles: ArticleIndexPage
    authors: AuthorIndexPage
    reports: ReportIndexPage
    # Each language's articles index, by language, once looked up.
    indexes: dict[str, ArticleIndexPage] = field(default_factory=dict, repr=False)

    def articles_in(self, language: str) -> ArticleIndexPage:
        """The articles index of ``language``'s tree (its locale's). A language with no tree
        yet gets one as the admin's Translate action makes it: aliases of the home page and
        of the articles index, live, which editors may convert and translate."""
        if language not in self.indexes:
            self.indexes[language] = _in_language(self.articles, language)
        return self.indexes[language]


@transaction.atomic
def ensure_site_tree(site_name: str = "Thinktank") -> SiteTree:
    """Create whatever part of the skeleton is missing; safe to run any number of times.

    A fresh Wagtail database has a placeholder "Welcome" page as the default site's root;
    it is replaced by the home page (only when it has no children of its own).
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=site_name, slug="home-page"))
        for placeholder in root.get_children().exact_type(Page):
            if not placeholder.get_children().exists():
                placeholder.delete()
        home.refresh_from_db()
        home.slug = "home"
        home.save_revision().publish()
        # Publishing saves a copy of the page; re-read the new url_path so the sections
        # added below get "/home/..." and not the placeholder slug's path.
        home.refresh_from_db()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_name
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or site_name
        site.save()
    articles = _child(home, ArticleIndexPage, "Articles", "articles")
    authors = _child(home, AuthorIndexPage, "Authors", "authors")
    reports = _child(home, ReportIndexPage, "Reports", "reports")
    tree = SiteTree(site=site, home=home, articles=articles, authors=authors, reports=reports)
    for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        tree.articles_in(language)
        _in_language(reports, language)
    return tree


def _child(parent: Page, model, title: str, slug: str):
    page = model.objects.child_of(parent).first()
    if page is None:
        page = parent.add_child(instance=model(title=title, slug=slug))
        page.save_revision().publish()
    return page


def _in_language(page: Page, language: str) -> Page:
    """``page``'s version in ``language``'s tree, made an alias of it when there is none."""
    if language == page.locale.language_code:
        return page
    locale = Locale.objects.get(language_code=language)
    version = page.get_translation_or_none(locale)
    if version is None:
        version = page.copy_for_translation(locale, copy_parents=True, alias=True)
    return version
