"""Feed formats: RSS 2.0 and Atom 1.0 with every author, the full body and the hero image,
and JSON Feed 1.1.

Each item carries three extra values next to Django's own (``add_item(**kwargs)``):
``authors`` (a list of ``{"name", "url"}``), ``content_html`` (the full body, absolute URLs)
and ``image`` (a :class:`FeedImage` or ``None``).
"""

import json
import re
from dataclasses import dataclass

from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)

# Characters XML 1.0 does not allow, even escaped; lone surrogates cannot be encoded at all.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """``value`` as text that any XML 1.0 document can hold (control characters dropped)."""
    if value is None:
        return ""
    return _XML_ILLEGAL.sub("", str(value))


@dataclass(frozen=True)
class FeedImage:
    url: str
    mime_type: str
    length: int
    width: int
    height: int


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``dc:creator`` per author, ``content:encoded`` and ``media:content``."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item.get("authors") or []:
            handler.addQuickElement("dc:creator", author["name"])
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if image := item.get("image"):
            handler.addQuickElement(
                "media:content",
                "",
                {
                    "url": image.url,
                    "type": image.mime_type,
                    "fileSize": str(image.length),
                    "medium": "image",
                    "width": str(image.width),
                    "height": str(image.height),
                },
            )


class AtomFeed(Atom1Feed):
    """Atom 1.0 with one ``<author>`` per author and the full body as ``<content>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item.get("authors") or []:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author.get("url"):
                handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": self.feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        if self.feed["author_name"]:
            feed["authors"] = [{"name": self.feed["author_name"]}]
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1).encode(encoding))

    @staticmethod
    def _item(item) -> dict:
        data = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item.get("content_html") or "",
            "summary": item.get("summary") or "",
            "authors": [
                {key: value for key, value in author.items() if value}
                for author in item.get("authors") or []
            ],
            "tags": list(item["categories"]),
        }
        if item["pubdate"]:
            data["date_published"] = rfc3339_date(item["pubdate"])
        if item["updateddate"]:
            data["date_modified"] = rfc3339_date(item["updateddate"])
        if item.get("language"):
            data["language"] = item["language"]
        if image := item.get("image"):
            data["image"] = image.url
        if item["enclosures"]:
            data["attachments"] = [
                {"url": file.url, "mime_type": file.mime_type, "size_in_bytes": int(file.length)}
                for file in item["enclosures"]
            ]
        return data
