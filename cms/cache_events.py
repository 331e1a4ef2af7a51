"""The changes a reader could see, each retiring the page cache; and the CDN purge after.

Any page published, unpublished (by hand or at its expiry), moved, deleted or saved in full
(a script's edit of a live page), and any change
to a privacy setting, a snippet or taxonomy term, an image or document, a redirect, a site or
its settings retires every cached response (``cms.core.page_cache``): a reader sees the new
state at once on the pages that list or relate to the change as well as on its own page.
A draft saved or a revision submitted changes nothing a reader sees, and retires nothing.

With ``WAGTAILFRONTENDCACHE`` set, the same changes purge the CDN: the changed pages, for
an article the archives and feeds of its authors, tags, topics and type, and on every site
the home page, the sections, the site feeds, the sitemaps and the search page. Other pages
there (another article's related section) follow within ``PAGE_CACHE["SHARED_SECONDS"]``. A
purge that fails is logged; it never fails the publishing that caused it.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.urls import reverse

from taggit.models import Tag
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from articles.models import ArticlePage, ArticleType, ReportSeries, Topic
from articles.tag_merge import tags_merged
from cms.core.models import Disclaimer, SiteSettings
from cms.core.page_cache import pages_retired, retire_cached_pages

logger = logging.getLogger(__name__)

MODELS_READERS_SEE = (
    PageViewRestriction,
    Disclaimer,
    SiteSettings,
    Site,
    Redirect,
    Topic,
    ArticleType,
    ReportSeries,
    Tag,
)
SITE_PATHS = (
    "/",
    "/articles/",
    "/reports/",
    "/authors/",
    "/experts/",
    "/search/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-news.xml",
)
SITE_FEEDS = ("articles:feed", "articles:feed_atom", "articles:feed_json")


def page_changed(sender, instance, **kwargs):
    retire_cached_pages([instance])


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A full save of a page: how Wagtail publishes, and how scripts edit a live page. A
    draft revision saves a few named fields, and changes nothing a reader sees."""
    if isinstance(instance, Page) and not raw and update_fields is None:
        retire_cached_pages([instance])


def content_changed(sender, created=False, **kwargs):
    # A site's settings are created with their defaults by the first page that reads them.
    if not (sender is SiteSettings and created):
        retire_cached_pages()


def connect() -> None:
    """Connect the changes above (called once, from the app's ``ready()``)."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"page_cache_{id(signal)}")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="page_cache_page_deleted")
    post_save.connect(page_saved, dispatch_uid="page_cache_page_saved")
    models = (*MODELS_READERS_SEE, get_image_model(), get_document_model())
    for model in models:
        for signal in (post_save, post_delete):
            uid = f"page_cache_{model._meta.label}_{id(signal)}"
            signal.connect(content_changed, sender=model, dispatch_uid=uid)
    tags_merged.connect(content_changed, dispatch_uid="page_cache_tags_merged")
    pages_retired.connect(purge_frontend_cache, dispatch_uid="page_cache_purge")
    post_migrate.connect(
        release_retires_cached_pages,
        sender=apps.get_app_config("core"),  # sent once a migrate, for an app with models
        dispatch_uid="page_cache_release",
    )


def release_retires_cached_pages(sender, **kwargs) -> None:
    """``migrate``, which every release runs before the new code serves, retires the page
    cache: nothing rendered by the code before a release is served by the code after it."""
    try:
        retire_cached_pages()
    except Exception:
        logger.exception("The page cache was not retired after migrate: old pages may show")


def purge_frontend_cache(sender, pages, **kwargs) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        batch = PurgeBatch()
        for page in pages:
            batch.add_page(page)
            batch.add_urls(_related_urls(page))
        for site in Site.objects.all():
            paths = [*SITE_PATHS, *(reverse(name) for name in SITE_FEEDS)]
            batch.add_urls(site.root_url + path for path in paths)
        batch.purge()
    except Exception:
        logger.exception("The CDN purge failed; the CDN serves its copies until they expire")


def _related_urls(page: Page) -> list[str]:
    """The archives and feeds an article is listed on, as absolute URLs."""
    article = page.specific_deferred
    site = page.get_site()
    if not isinstance(article, ArticlePage) or site is None:
        return []
    paths = []
    for credit in article.article_authors.select_related("author"):
        paths += [credit.author.get_url(), reverse("authors:feed", args=[credit.author.slug])]
    for name, terms in (("tag", article.tags.all()), ("topic", article.topics.all())):
        for term in terms:
            paths += [
                reverse(f"articles:{name}", args=[term.slug]),
                reverse(f"articles:{name}_feed", args=[term.slug]),
            ]
    if article.article_type:
        paths.append(reverse("articles:type_feed", args=[article.article_type.slug]))
    return [site.root_url + path for path in paths if path and path.startswith("/")]
