"""WordPress exports (WXR 1.2) for the import tests, written as WordPress writes them, and
the import run as those tests run it."""

import io
import itertools
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.core.management import CommandError, call_command

from PIL import Image

from articles.models import ArticlePage

SITE = "https://blog.example.org"
_ids = itertools.count(1000)
RATE_LINE = re.compile(r"^\d+ items in \d+\.\d s \(\d+\.\d items/s\)$")


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login: str, display_name: str, first: str = "", last: str = "") -> str:
    return (
        "<wp:author>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(login + '@example.org')}</wp:author_email>"
        f"<wp:author_display_name>{cdata(display_name)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata(last)}</wp:author_last_name>"
        "</wp:author>"
    )


AUTHORS = [
    author("ann", "Ann Writer", "Ann", "Writer"),
    author("bob", "", "Bob", "Expert"),
    author("cy", "Cy Guest"),
]


def item(
    title: str,
    *,
    post_id: int | None = None,
    post_type: str = "post",
    status: str = "publish",
    slug: str | None = None,
    link: str | None = None,
    creator: str = "ann",
    content: str = "<!-- wp:paragraph -->\n<p>Body text.</p>\n<!-- /wp:paragraph -->",
    excerpt: str = "",
    date: str = "2019-04-04 10:00:00",
    modified: str | None = None,
    categories: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    coauthors: tuple[str, ...] = (),
    meta: dict[str, str] | None = None,
    extra: str = "",
) -> str:
    """One ``<item>``; the slug defaults to one made of the title, the link to WordPress's
    dated permalink (``/2019/04/04/<slug>/``)."""
    post_id = next(_ids) if post_id is None else post_id
    slug = title.lower().replace(" ", "-") if slug is None else slug
    day = date[:10].replace("-", "/")
    link = f"{SITE}/{day}/{slug}/" if link is None else link
    terms = [("category", name) for name in categories] + [("post_tag", n) for n in tags]
    terms += [("author", login) for login in coauthors]
    categories_xml = "".join(
        f'<category domain="{domain}" nicename={quoteattr(_nicename(domain, name))}>'
        f"{cdata(name)}</category>"
        for domain, name in terms
    )
    meta_xml = "".join(
        f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    gmt = "0000-00-00 00:00:00" if status == "draft" else date
    return f"""
    <item>
      <title>{escape(title)}</title>
      <link>{escape(link)}</link>
      <pubDate>Thu, 04 Apr 2019 10:00:00 +0000</pubDate>
      <dc:creator>{cdata(creator)}</dc:creator>
      <guid isPermaLink="false">{SITE}/?p={post_id}</guid>
      <description></description>
      <content:encoded>{cdata(content)}</content:encoded>
      <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date>{cdata(date)}</wp:post_date>
      <wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>
      <wp:post_modified>{cdata(modified or date)}</wp:post_modified>
      <wp:post_modified_gmt>{cdata(modified or date)}</wp:post_modified_gmt>
      <wp:comment_status>{cdata("open")}</wp:comment_status>
      <wp:post_name>{cdata(slug)}</wp:post_name>
      <wp:status>{cdata(status)}</wp:status>
      <wp:post_parent>0</wp:post_parent>
      <wp:menu_order>0</wp:menu_order>
      <wp:post_type>{cdata(post_type)}</wp:post_type>
      <wp:post_password>{cdata("")}</wp:post_password>
      <wp:is_sticky>0</wp:is_sticky>
      {categories_xml}{meta_xml}{extra}
    </item>"""


def _nicename(domain: str, name: str) -> str:
    base = name.lower().replace(" ", "-")
    return f"cap-{base}" if domain == "author" else base


def attachment(post_id: int, path: str, title: str = "", alt: str = "") -> str:
    """An attachment item for ``wp-content/uploads/<path>``."""
    url = f"{SITE}/wp-content/uploads/{path}"
    meta = {"_wp_attached_file": path}
    if alt:
        meta["_wp_attachment_image_alt"] = alt
    return item(
        title or path.rsplit("/", 1)[-1],
        post_id=post_id,
        post_type="attachment",
        status="inherit",
        link=url,
        content="",
        meta=meta,
        extra=f"<wp:attachment_url>{cdata(url)}</wp:attachment_url>",
    )


def upload_url(path: str) -> str:
    return f"{SITE}/wp-content/uploads/{path}"


def export(*items: str, authors: list[str] = AUTHORS, language: str = "en-US") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>A think tank's blog</title>
  <link>{SITE}</link>
  <description>Analysis</description>
  <language>{language}</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
  {"".join(authors)}
  {"".join(items)}
</channel>
</rss>
"""


def write_export(tmp_path: Path, *items: str, name: str = "export.xml", **options) -> Path:
    path = tmp_path / name
    path.write_text(export(*items, **options), encoding="utf-8")
    return path


def write_image(uploads: Path, path: str, color: str = "navy", size=(40, 30)) -> Path:
    """A small JPEG at ``uploads/<path>``."""
    file = uploads / path
    file.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(file, "JPEG")
    return file


def run_import(path, uploads=None, stderr=None) -> tuple[list[str], CommandError | None]:
    """The command's summary lines (the rate line checked and left off) and its error."""
    stdout, error = io.StringIO(), None
    args = [str(path)] + (["--uploads", str(uploads)] if uploads else [])
    try:
        call_command("import_wordpress", *args, stdout=stdout, stderr=stderr or io.StringIO())
    except CommandError as exc:
        error = exc
    *summary, rate = stdout.getvalue().splitlines()
    assert RATE_LINE.match(rate), rate
    return summary, error


def article(slug: str) -> ArticlePage:
    return ArticlePage.objects.get(slug=slug)


def blocks(page: ArticlePage) -> list[tuple[str, object]]:
    return [(block["type"], block["value"]) for block in page.body.raw_data]
