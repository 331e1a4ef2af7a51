from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from articles.urls import citation_file
from cms import sitemaps
from cms.api import api_router

# 503 with Retry-After while the database is down or locked, 500 otherwise (cms/core/errors.py).
handler500 = "cms.core.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("api/v2/", api_router.urls),
    path("", include("articles.urls")),
    path("", include("authors.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages, and the search that reads in their language, under the language's prefix: /ru/...
# for Russian, none for English (docs/translations.md).
urlpatterns += i18n_patterns(
    path("", include("search.urls")),
    citation_file,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
