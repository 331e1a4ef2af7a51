"""Nothing that is not live and public ever leaves the site through a side door.

Draft, scheduled, expired, unpublished, private, private-section and deleted articles share
a tag, a topic, an author and a type with a public article, and are picked as its related
articles; none may show in any feed, the sitemaps, the public article's JSON-LD or related
list, or the API (listing, detail, search, filters).
"""

import datetime

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from articles.models import ArticleIndexPage
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

SECRET = "Secretmarker"


@pytest.fixture
def leaks(site_tree):
    author = AuthorPageFactory(slug="writer")
    topic = TopicFactory(slug="korea")
    shared = {"authors": [author], "tags": ["leaky"], "topics": [topic]}

    def make(kind, **kwargs):
        return ArticlePageFactory(
            title=f"{SECRET} {kind}",
            slug=f"secret-{kind}",
            standfirst=f"{SECRET} standfirst",
            **shared,
            **kwargs,
        )

    now = timezone.now()
    hidden = {
        "draft": make("draft", live=False),
        "scheduled": make("scheduled", live=False, go_live_at=now + datetime.timedelta(days=1)),
        "expired": make(
            "expired", live=False, expired=True, expire_at=now - datetime.timedelta(days=1)
        ),
        "past-expiry": make("past-expiry", expire_at=now - datetime.timedelta(minutes=1)),
        "unpublished": make("unpublished"),
        "private": make("private"),
    }
    hidden["unpublished"].unpublish()
    PageViewRestriction.objects.create(
        page=hidden["private"], restriction_type="password", password="x"
    )
    members = site_tree.home.add_child(instance=ArticleIndexPage(title="Members", slug="members"))
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    hidden["private-section"] = make("private-section", parent=members)
    deleted = make("deleted")
    deleted_id = deleted.pk
    Page.objects.get(pk=deleted_id).delete()

    picked = ["private", "private-section", "unpublished", "draft", "past-expiry"]
    picks = [("article", hidden[kind]) for kind in picked] + [("article", deleted)]
    public = ArticlePageFactory(
        title="Public article",
        slug="public",
        related=[("related_articles", {"heading": "See also", "items": picks})],
        **shared,
    )
    return {"public": public, "hidden": hidden, "deleted_id": deleted_id, "members": members}


FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/json/",
    "/tags/leaky/feed/",
    "/tags/leaky/feed/atom/",
    "/topics/korea/feed/",
    "/topics/korea/feed/atom/",
    "/types/analysis/feed/",
    "/types/analysis/feed/atom/",
    "/authors/writer/feed/",
    "/authors/writer/feed/atom/",
]


def _clean(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert SECRET not in text, url
    assert "secret-" not in text, url
    return text


@pytest.mark.parametrize("url", FEEDS)
def test_feeds(client, leaks, url):
    assert "Public article" in _clean(client, url)


def test_sitemaps(client, leaks):
    leaks["public"].save_revision().publish()  # first published now: in the news sitemap
    assert "/articles/public/" in _clean(client, "/sitemap-pages.xml")
    assert "/articles/public/" in _clean(client, "/sitemap-news.xml")
    assert "/members/" not in _clean(client, "/sitemap-pages.xml")


def test_public_article_page_json_ld_and_related(client, leaks):
    html = _clean(client, "/articles/public/")
    assert '<script type="application/ld+json">' in html
    assert 'class="related__item' not in html  # every pick was hidden


def test_api_listings_filters_and_search(client, leaks):
    members, home = leaks["members"], leaks["members"].get_parent()
    queries = [
        {},
        {"fields": "*"},
        {"type": "articles.ArticlePage", "fields": "*"},
        {"type": "articles.ArticlePage,authors.AuthorPage"},
        {"search": SECRET},
        {"search": SECRET, "type": "articles.ArticlePage"},
        {"descendant_of": home.pk, "fields": "*"},
        {"child_of": leaks["public"].get_parent().pk, "limit": 20},
        {"show_in_menus": "false"},
        {"slug": "secret-private"},
        {"type": "articles.ArticlePage", "tags": "leaky"},
        {"type": "articles.ArticlePage", "title": f"{SECRET} private"},
    ]
    for params in queries:
        _clean(client, "/api/v2/pages/", **params)
    public = client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "*"}).json()
    assert [item["title"] for item in public["items"]] == ["Public article"]
    assert public["items"][0]["related_items"]["items"] == []
    assert client.get("/api/v2/pages/", {"child_of": members.pk}).status_code == 400
    # The search really searches: the public article is found by its title.
    found = client.get("/api/v2/pages/", {"search": "Public"}).json()
    assert [item["title"] for item in found["items"]] == ["Public article"]


def test_api_detail_and_find(client, leaks):
    for page in leaks["hidden"].values():
        if page.slug == "secret-past-expiry":
            continue  # still live until publish_scheduled runs; covered by the listing
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404, page.slug
    assert client.get(f"/api/v2/pages/{leaks['deleted_id']}/").status_code == 404
    assert client.get(f"/api/v2/pages/{leaks['members'].pk}/").status_code == 404
    for path in ["/articles/secret-private/", "/members/secret-private-section/"]:
        response = client.get("/api/v2/pages/find/", {"html_path": path})
        assert response.status_code == 404, path
    assert client.get(f"/api/v2/pages/{leaks['public'].pk}/").status_code == 200


def test_past_expiry_article_is_hidden_from_api_detail(client, leaks):
    page = leaks["hidden"]["past-expiry"]
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404


def test_a_private_article_section_hides_every_article(client, site_tree):
    author = AuthorPageFactory(slug="writer")
    ArticlePageFactory(title=f"{SECRET} inside", authors=[author], tags=["leaky"])
    PageViewRestriction.objects.create(
        page=site_tree.articles, restriction_type="password", password="x"
    )

    for url in ["/feeds/rss/", "/feeds/atom/", "/feeds/json/", "/tags/leaky/feed/",
                "/authors/writer/feed/", "/sitemap.xml", "/sitemap-pages.xml",
                "/sitemap-news.xml"]:  # fmt: skip
        _clean(client, url)
    for params in [{"fields": "*"}, {"search": SECRET}, {"type": "articles.ArticlePage"}]:
        _clean(client, "/api/v2/pages/", **params)
