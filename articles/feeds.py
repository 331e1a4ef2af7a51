"""Article feeds: site-wide, per tag, per topic, per article type (and per author, in
``authors/feeds.py``), each as RSS 2.0 and Atom 1.0; the site feed also as JSON Feed 1.1.

Only articles a reader may see (``ArticlePage.objects.for_readers``), newest first: 50 by
default, ``?limit=`` up to 100. A rendered feed is kept in the cache under the page cache's
generation, which every change a reader could see replaces (``cms/cache_events.py``), and
answers conditional requests (ETag, Last-Modified) with 304. See docs/syndication.md.
"""

import datetime
import hashlib
import html
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Enclosure, SyndicationFeed
from django.utils.http import http_date, parse_http_date_safe

from taggit.models import Tag
from wagtail.models import Site

from cms.core.fragments import request_generation
from cms.core.models import SiteSettings

from .feed_content import HERO_IMAGE_SPEC, BodyRenderer, rendition_image
from .feedgen import AtomFeed, FeedImage, JsonFeed, RssFeed, xml_text
from .models import LANGUAGES, ArticlePage, ArticleType, Topic
from .reports import PDF, pdfs_of, with_pdfs

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_AGE = 300  # seconds shared caches and readers may keep a feed
CACHE_TIMEOUT = 60 * 60  # a safety net: the version key invalidates sooner
GUID_YEAR = 2019


def parse_limit(value: str | None) -> int | None:
    """``?limit=``: missing means the default, above the maximum means the maximum,
    anything that is not a positive whole number is ``None`` (a bad request)."""
    if value is None or value == "":
        return DEFAULT_LIMIT
    if not value.isascii() or not value.isdigit() or int(value[:6]) < 1:
        return None
    return min(int(value[:6]), MAX_LIMIT)


def parse_language(value: str | None) -> str | None:
    """``?lang=``: missing or empty means every language, ``""``; a language articles are
    written in means that one; anything else is ``None`` (a bad request)."""
    if not value:
        return ""
    return value if value in dict(LANGUAGES) else None


@dataclass
class FeedRequest:
    request: HttpRequest
    subject: Any  # the tag, topic, type or author, or None for the site feed
    limit: int
    language: str = ""  # only the articles in this language, when set


@dataclass
class FeedEntry:
    title: str
    link: str
    guid: str
    pubdate: datetime.datetime | None
    updated: datetime.datetime | None
    summary: str
    content_html: str
    authors: list[dict]
    categories: list[str]
    image: FeedImage | None
    language: str
    pdfs: list[PDF] = field(default_factory=list)  # their URLs absolute


class ArticleFeed(Feed):
    """The site-wide feed, and the base of every filtered one.

    A subclass sets ``kind`` and implements ``get_subject(request, slug)`` (raise ``Http404``
    for an unknown one), ``filter_articles(articles, subject)``, ``subject_title`` and
    ``subject_link``.
    """

    feed_type: type[SyndicationFeed] = RssFeed
    kind = "site"

    # -- the view ----------------------------------------------------------------------

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        limit = parse_limit(request.GET.get("limit"))
        if limit is None:
            return HttpResponseBadRequest(
                f"limit must be a whole number from 1 to {MAX_LIMIT}", content_type="text/plain"
            )
        language = parse_language(request.GET.get("lang"))
        if language is None:
            return HttpResponseBadRequest(
                f"lang must be one of {', '.join(dict(LANGUAGES))}", content_type="text/plain"
            )
        url = request.build_absolute_uri(request.path)
        key = "feeds:{}:{}".format(
            request_generation(request),
            hashlib.md5(f"{url}|{limit}|{language}".encode(), usedforsecurity=False).hexdigest(),
        )
        cached = cache.get(key)
        if cached is None:
            response = super().__call__(request, *args, limit=limit, language=language, **kwargs)
            cached = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "last_modified": response["Last-Modified"],
                "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
            }
            cache.set(key, cached, CACHE_TIMEOUT)
        last_modified = parse_http_date_safe(cached["last_modified"])
        response = get_conditional_response(
            request, etag=cached["etag"], last_modified=last_modified
        ) or HttpResponse(cached["content"], content_type=cached["content_type"])
        response["ETag"] = cached["etag"]
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=MAX_AGE, s_maxage=MAX_AGE)
        return response

    def get_object(
        self, request, *args, limit=DEFAULT_LIMIT, language: str = "", slug: str = ""
    ) -> FeedRequest:
        subject = self.get_subject(request, slug)
        return FeedRequest(request=request, subject=subject, limit=limit, language=language)

    def get_feed(self, obj: FeedRequest, request):
        feed = super().get_feed(obj, request)
        # The feed's language: the one it is limited to, else the site's.
        feed.feed["language"] = obj.language or settings.LANGUAGE_CODE
        return feed

    # -- what a subclass changes --------------------------------------------------------

    def get_subject(self, request, slug: str):
        return None

    def filter_articles(self, articles, subject):
        return articles

    def subject_title(self, subject) -> str:
        return ""

    def subject_link(self, subject, request) -> str:
        return "/"

    # -- the channel --------------------------------------------------------------------

    def title(self, obj: FeedRequest) -> str:
        name = SiteSettings.for_request(obj.request).organisation_name
        subject = self.subject_title(obj.subject)
        return xml_text(f"{name}: {subject}" if subject else name)

    def description(self, obj: FeedRequest) -> str:
        subject = self.subject_title(obj.subject)
        name = SiteSettings.for_request(obj.request).organisation_name
        return xml_text(f"Latest articles: {subject}" if subject else f"Latest articles: {name}")

    subtitle = description

    def link(self, obj: FeedRequest) -> str:
        return obj.request.build_absolute_uri(self.subject_link(obj.subject, obj.request))

    def feed_url(self, obj: FeedRequest) -> str:
        return obj.request.build_absolute_uri(obj.request.path)

    def author_name(self, obj: FeedRequest) -> str:
        # Atom wants an author for the feed when an entry could lack one.
        return xml_text(SiteSettings.for_request(obj.request).organisation_name)

    # -- the items ----------------------------------------------------------------------

    def items(self, obj: FeedRequest) -> list[FeedEntry]:
        articles = ArticlePage.objects.for_readers(obj.request).listing()
        articles = self.filter_articles(articles, obj.subject)
        if obj.language:
            articles = articles.filter(language=obj.language)
        articles = list(
            with_pdfs(articles.defer(None))
            .select_related("hero_image", "disclaimer")
            .prefetch_related("tags", "topics")[: obj.limit]
        )
        return feed_entries(articles, obj.request)

    def item_title(self, item: FeedEntry) -> str:
        return item.title

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_description(self, item: FeedEntry) -> str:
        # Both formats carry the summary as HTML; the standfirst is plain text.
        return html.escape(item.summary, quote=False)

    def item_guid(self, item: FeedEntry) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: FeedEntry):
        return item.pubdate

    def item_updateddate(self, item: FeedEntry):
        return item.updated

    def item_categories(self, item: FeedEntry) -> list[str]:
        return item.categories

    def item_enclosures(self, item: FeedEntry) -> list[Enclosure]:
        """The article's PDFs, then its hero image; RSS takes one enclosure an item, the
        first (the image is in its ``media:content`` as well)."""
        files = [Enclosure(pdf.url, str(pdf.size or 0), pdf.content_type) for pdf in item.pdfs]
        if item.image is not None:
            files.append(Enclosure(item.image.url, str(item.image.length), item.image.mime_type))
        return files[:1] if issubclass(self.feed_type, RssFeed) else files

    def item_extra_kwargs(self, item: FeedEntry) -> dict:
        return {
            "authors": item.authors,
            "content_html": item.content_html,
            "image": item.image,
            "summary": item.summary,
            "language": item.language,
        }


def article_guid(article, host: str) -> str:
    """A tag URI (RFC 4151) from the page id: the same across edits, moves and renames.

    The date part only has to be one on which the site held its domain; a constant keeps
    the id stable even for a page whose first publication date is unknown.
    """
    return f"tag:{host},{GUID_YEAR}:article:{article.pk}"


def article_pubdate(article) -> datetime.datetime | None:
    """The display date, at the time of first publication when that was the same day."""
    first = article.first_published_at
    if article.display_date is None:
        return first
    if first is not None and first.astimezone(datetime.UTC).date() == article.display_date:
        return first
    return datetime.datetime.combine(article.display_date, datetime.time(), tzinfo=datetime.UTC)


def feed_entries(articles: list, request) -> list[FeedEntry]:
    """Feed entries for ``articles``, fetched with ``hero_image``, ``disclaimer``, ``tags``,
    ``topics``, ``article_authors`` (as ``listing()`` does) and PDFs (``with_pdfs``)."""
    site = Site.find_for_request(request)
    host = site.hostname if site else request.get_host().split(":")[0]
    site_settings = SiteSettings.for_request(request)
    renderer = BodyRenderer(request)
    keys = [renderer.add(a, a.effective_disclaimer(site_settings)) for a in articles]
    renderer.render()
    entries = []
    for article, key in zip(articles, keys, strict=True):
        pubdate = article_pubdate(article)
        categories = [t.name for t in article.tags.all()] + [t.name for t in article.topics.all()]
        image = None
        if article.hero_image is not None:
            image = rendition_image(article.hero_image, HERO_IMAGE_SPEC, request.build_absolute_uri)
        entries.append(
            FeedEntry(
                title=xml_text(article.title),
                link=request.build_absolute_uri(article.get_url(request)),
                guid=article_guid(article, host),
                pubdate=pubdate,
                updated=max(filter(None, [article.last_published_at, pubdate]), default=None),
                summary=xml_text(article.standfirst),
                content_html=xml_text(renderer.html(key)),
                authors=[
                    {
                        "name": xml_text(credit.author.title),
                        "url": request.build_absolute_uri(credit.author.get_url(request)),
                    }
                    for credit in article.article_authors.all()
                ],
                categories=list(dict.fromkeys(xml_text(c) for c in categories if c)),
                image=image,
                language=article.language,
                pdfs=[
                    replace(pdf, url=request.build_absolute_uri(pdf.url))
                    for pdf in pdfs_of(article)
                ],
            )
        )
    return entries


class ArticleJsonFeed(ArticleFeed):
    feed_type = JsonFeed


class TagFeed(ArticleFeed):
    kind = "tag"

    def get_subject(self, request, slug: str):
        return get_object_or_404(Tag, slug=slug)

    def filter_articles(self, articles, tag):
        return articles.filter(tagged_items__tag=tag).distinct()

    def subject_title(self, tag) -> str:
        return tag.name

    def subject_link(self, tag, request) -> str:
        return reverse("articles:tag", args=[tag.slug])


class TopicFeed(ArticleFeed):
    kind = "topic"

    def get_subject(self, request, slug: str):
        return get_object_or_404(Topic, slug=slug)

    def filter_articles(self, articles, topic):
        return articles.filter(topics=topic).distinct()

    def subject_title(self, topic) -> str:
        return topic.name

    def subject_link(self, topic, request) -> str:
        return topic.get_absolute_url()


class TypeFeed(ArticleFeed):
    kind = "type"

    def get_subject(self, request, slug: str):
        return get_object_or_404(ArticleType, slug=slug)

    def filter_articles(self, articles, article_type):
        return articles.filter(article_type=article_type)

    def subject_title(self, article_type) -> str:
        return article_type.name

    def subject_link(self, article_type, request) -> str:
        return "/"


def atom(feed_class: type[ArticleFeed]) -> type[ArticleFeed]:
    """The Atom sibling of an RSS feed class."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": AtomFeed})
