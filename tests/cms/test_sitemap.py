"""/sitemap.xml, /sitemap-news.xml and /robots.txt."""

import datetime
import io
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def sitemap(client, url="/sitemap.xml") -> ET.Element:
    """The answer at ``url``; for the index, every file it names, as one urlset."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    if root.tag != f"{{{NS['s']}}}sitemapindex":
        return root
    merged = ET.Element(f"{{{NS['s']}}}urlset")
    for loc in root.findall("s:sitemap/s:loc", NS):
        merged.extend(sitemap(client, local(loc.text)))
    return merged


def local(url: str) -> str:
    """The path and query of a URL the index names (on the host the request named)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def locs(root) -> set[str]:
    return {el.text for el in root.findall("s:url/s:loc", NS)}


def test_sitemap_lists_the_demo_site_with_lastmod(client, db):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())

    root = sitemap(client)

    urls = locs(root)
    assert "http://localhost/" in urls
    assert "http://localhost/articles/prospects-of-kim-jong-uns-visit-to-russia/" in urls
    assert "http://localhost/authors/konstantin-asmolov/" in urls
    assert len(root.findall("s:url/s:lastmod", NS)) == len(urls)


def test_sitemap_leaves_out_private_and_unpublished_pages(client, site_tree):
    ArticlePageFactory(slug="public")
    ArticlePageFactory(slug="draft", live=False)
    private = ArticlePageFactory(slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    hidden_author = AuthorPageFactory(slug="hidden")
    PageViewRestriction.objects.create(
        page=hidden_author, restriction_type="password", password="x"
    )
    ArticlePageFactory(
        slug="expired",
        expire_at=timezone.now() - datetime.timedelta(hours=1),
    )

    urls = locs(sitemap(client))

    assert "http://localhost/articles/public/" in urls
    for slug in ["draft", "private", "expired"]:
        assert f"http://localhost/articles/{slug}/" not in urls
    assert "http://localhost/authors/hidden/" not in urls


def test_sitemap_leaves_out_pages_under_a_private_section(client, site_tree):
    ArticlePageFactory(slug="inside")
    PageViewRestriction.objects.create(
        page=site_tree.articles, restriction_type="password", password="x"
    )

    urls = locs(sitemap(client))

    assert "http://localhost/" in urls
    assert "http://localhost/authors/" in urls
    assert not any("/articles/" in url for url in urls)


def test_news_sitemap_lists_articles_of_the_last_two_days(client, site_tree):
    fresh = ArticlePageFactory(title="Fresh & <new> Новости 뉴스", slug="fresh", language="ru")
    fresh.save_revision().publish()
    old = ArticlePageFactory(title="Old", slug="old")
    old.save_revision().publish()
    ArticlePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=3)
    )

    root = sitemap(client, "/sitemap-news.xml")

    [url] = root.findall("s:url", NS)
    assert url.find("s:loc", NS).text == "http://testserver/ru/articles/fresh/"
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Thinktank"
    assert news.find("news:publication/news:language", NS).text == "ru"
    assert news.find("news:title", NS).text == "Fresh & <new> Новости 뉴스"
    published = datetime.datetime.fromisoformat(news.find("news:publication_date", NS).text)
    assert timezone.now() - published < datetime.timedelta(minutes=5)


def test_robots_txt_points_at_both_sitemaps(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


def test_the_index_splits_the_pages_into_files_of_a_bounded_size(
    client, site_tree, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("cms.sitemaps.PublicSitemap.limit", 3)
    for n in range(7):
        ArticlePageFactory(slug=f"a-{n}")
    with django_assert_max_num_queries(6):  # no query per page: a count and a date
        index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    files = [local(loc.text) for loc in index.findall("s:sitemap/s:loc", NS)]
    # Home, the three sections, the Russian tree's home and two sections, and seven
    # articles: fourteen URLs, three a file.
    assert files == [
        "/sitemap-pages.xml",
        "/sitemap-pages.xml?p=2",
        "/sitemap-pages.xml?p=3",
        "/sitemap-pages.xml?p=4",
        "/sitemap-pages.xml?p=5",
    ]
    assert all(el.text for el in index.findall("s:sitemap/s:lastmod", NS))
    listed = []
    for url in files:
        listed += [el.text for el in sitemap(client, url).findall("s:url/s:loc", NS)]
    assert len(listed) == len(set(listed)) == 14
    assert client.get("/sitemap-pages.xml?p=6").status_code == 404
    assert client.get("/sitemap-pages.xml?p=x").status_code == 404
    assert client.get("/sitemap-other.xml").status_code == 404


@pytest.mark.usefixtures("page_cache_off")
def test_the_index_counts_and_dates_its_files_once_per_generation(
    client,
    site_tree,
    monkeypatch,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr("cms.sitemaps.PublicSitemap.limit", 3)
    for n in range(5):
        ArticlePageFactory(slug=f"a-{n}")
    first = client.get("/sitemap.xml").content
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sitemap.xml").content == first
    # Both read every page row: counted once per generation, not per request.
    assert not [q for q in captured if "COUNT(" in q["sql"] or "MAX(" in q["sql"]]
    index = ET.fromstring(first)  # noqa: S314
    # Home, two sections, the Russian home and section, and five articles: ten URLs.
    assert len(index.findall("s:sitemap", NS)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(slug="a-5")
        ArticlePageFactory(slug="a-6")
        ArticlePageFactory(slug="a-7").save_revision().publish()
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    assert len(index.findall("s:sitemap", NS)) == 5
