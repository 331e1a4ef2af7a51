"""``/sitemap.xml``, the Google News sitemap ``/sitemap-news.xml`` and ``/robots.txt``.

``/sitemap.xml`` is a sitemap index: it names the files of at most ``URLS_PER_FILE`` URLs
each, ``/sitemap-pages.xml?p=1``, ``?p=2``... (every page of the site in tree order), so
that each answer stays small however large the archive grows. Both sitemaps list live,
public pages only: no page with a view restriction on itself or any ancestor, nothing
past its expiry time.
"""

import datetime
import io
from xml.sax.xmlreader import AttributesImpl

from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_safe

from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page

from articles.feedgen import xml_text
from articles.models import ArticlePage
from cms.core.fragments import cached_value
from cms.core.models import SiteSettings
from cms.core.pagination import cached_count
from cms.core.translations import translations_of
from cms.core.visibility import readers_q, site_root_paths

NEWS_DAYS = 2
NEWS_MAX_URLS = 1000  # Google reads no more per news sitemap
MAX_AGE = 300
NO_ATTRIBUTES = AttributesImpl({})


URLS_PER_FILE = 1000  # the protocol allows 50,000; smaller files answer faster


class PublicSitemap(Sitemap):
    """Wagtail's sitemap of the request's site, every language's tree of it, with only the
    pages a reader may see; a page in more than one language names each version
    (``xhtml:link`` alternates, with ``x-default`` for the site's own language's)."""

    limit = URLS_PER_FILE

    def items(self):
        # readers_q holds the pages to the site's roots, one per language.
        return (
            Page.objects.filter(readers_q(self.request))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        versions = translations_of(items, self.request)
        urls = []
        for item in items:
            named = versions.get(item.translation_key, [])
            alternates = [{"lang_code": v.language, "location": v.url} for v in named]
            alternates += [
                {"lang_code": "x-default", "location": v.url} for v in named if v.is_default
            ]
            urls += [
                {**info, "alternates": alternates} for info in item.get_sitemap_urls(self.request)
            ]
        # The latest, as Wagtail's own sets it, when every URL has one.
        last_mods = [info["lastmod"] for info in urls if info.get("lastmod")]
        if last_mods and len(last_mods) == len(urls):
            self.latest_lastmod = max(last_mods)
        return urls

    @property
    def paginator(self) -> Paginator:
        # The number of files from a count kept for the page cache's generation: the count
        # reads every page row.
        items = self._items()
        paginator = Paginator(items, self.limit)
        paginator.count = cached_count(self.request, items)
        return paginator

    def get_latest_lastmod(self):
        # The index's lastmod of the section in one query (Django's own reads every page),
        # kept for the generation too, per site.
        return cached_value(
            self.request,
            f"sitemap-lastmod:{','.join(site_root_paths(self.request) or ())}",
            self._latest,
        )

    def _latest(self):
        dates = (
            self.items()
            .order_by()
            .aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))
        )
        return dates["latest"]


SITEMAPS = {"pages": PublicSitemap}


@require_safe
def sitemap_index(request):
    response = wagtail_sitemap_views.index(
        request, sitemaps=SITEMAPS, sitemap_url_name="sitemap_section"
    )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def sitemap(request, section: str):
    response = wagtail_sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def news_sitemap(request):
    """Articles first published in the last two days, in Google News' sitemap format."""
    since = timezone.now() - datetime.timedelta(days=NEWS_DAYS)
    articles = (
        ArticlePage.objects.for_readers(request)
        .listing()
        .filter(first_published_at__gte=since)
        .prefetch_related(None)
        .order_by("-first_published_at")[:NEWS_MAX_URLS]
    )
    name = xml_text(SiteSettings.for_request(request).organisation_name)
    out = io.StringIO()
    xml = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement(
        "urlset",
        AttributesImpl(
            {
                "xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9",
                "xmlns:news": "http://www.google.com/schemas/sitemap-news/0.9",
            }
        ),
    )
    for article in articles:
        xml.startElement("url", NO_ATTRIBUTES)
        xml.addQuickElement("loc", request.build_absolute_uri(article.get_url(request)))
        xml.startElement("news:news", NO_ATTRIBUTES)
        xml.startElement("news:publication", NO_ATTRIBUTES)
        xml.addQuickElement("news:name", name)
        xml.addQuickElement("news:language", article.language)
        xml.endElement("news:publication")
        xml.addQuickElement("news:publication_date", article.first_published_at.isoformat())
        xml.addQuickElement("news:title", xml_text(article.title))
        xml.endElement("news:news")
        xml.endElement("url")
    xml.endElement("urlset")
    response = HttpResponse(out.getvalue(), content_type="application/xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('wagtailadmin_home')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news_sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
