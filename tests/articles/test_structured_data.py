"""What search engines and social sites read from pages: JSON-LD, OpenGraph, Twitter cards,
and the feed links every page advertises."""

import json
import re
from html import unescape

import pytest

from cms.core.models import SiteSettings
from tests.factories import ArticlePageFactory, AuthorPageFactory, ImageFactory, TopicFactory

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script> & <!-- Привет 안녕 😀"


def json_ld(html: str) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def meta(html: str, name: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


@pytest.fixture
def article(site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.organisation_name = "Valdai Club"
    settings.save()
    authors = [
        AuthorPageFactory(
            title=f"Author {n} {HOSTILE}", slug=f"a{n}",
            affiliation="Profile affiliation",
        )
        for n in range(5)
    ]  # fmt: skip
    credits = [(authors[0], "interviewed expert", "MGIMO Professor"), *authors[1:]]
    return ArticlePageFactory(
        title=f"Summit {HOSTILE}",
        slug="summit",
        standfirst=f"What it means. {HOSTILE}",
        authors=credits,
        hero_image=ImageFactory(),
    )


def test_article_news_article_json_ld(client, article):
    html = client.get("/articles/summit/").content.decode()

    [data] = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == f"Summit {HOSTILE}"
    assert data["description"] == f"What it means. {HOSTILE}"
    assert [a["name"] for a in data["author"]] == [f"Author {n} {HOSTILE}" for n in range(5)]
    assert all(a["@type"] == "Person" for a in data["author"])
    assert data["author"][0]["affiliation"] == {"@type": "Organization", "name": "MGIMO Professor"}
    assert data["author"][1]["affiliation"]["name"] == "Profile affiliation"
    assert data["author"][0]["url"] == "http://localhost/authors/a0/"
    assert data["datePublished"] == article.display_date.isoformat()
    assert "dateModified" in data
    assert data["image"][0].startswith("http://testserver/media/images/")
    assert data["publisher"]["name"] == "Valdai Club"
    assert data["publisher"]["logo"]["url"] == "http://testserver/static/cms/logo.png"
    assert data["isAccessibleForFree"] is True
    assert data["mainEntityOfPage"]["@id"] == "http://localhost/articles/summit/"


def test_json_ld_cannot_close_its_script_element(client, article):
    html = client.get("/articles/summit/").content.decode()

    script = html[html.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "<" not in script[1:]
    assert ">" not in script[len('<script type="application/ld+json"') + 1 :]
    assert "\\u003c/script\\u003e" in script
    head = html[: html.index("</head>")]
    assert head.count("<script") == 1


def test_article_opengraph_and_twitter_card(client, article):
    html = client.get("/articles/summit/").content.decode()

    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == f"Summit {HOSTILE}"
    assert meta(html, "og:description") == f"What it means. {HOSTILE}"
    assert meta(html, "og:url") == "http://localhost/articles/summit/"
    assert meta(html, "og:site_name") == "Valdai Club"
    assert meta(html, "og:image").startswith("http://testserver/media/images/")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:image") == meta(html, "og:image")
    assert meta(html, "description") == f"What it means. {HOSTILE}"
    assert '<link rel="canonical" href="http://localhost/articles/summit/">' in html


def test_author_profile_page_json_ld_and_opengraph(client, site_tree):
    AuthorPageFactory(
        title="Georgy Toloraya",
        slug="gt",
        affiliation="MGIMO Professor",
        photo=ImageFactory(),
        links=[("link", {"label": "Site", "url": "https://example.org/gt"})],
    )

    html = client.get("/authors/gt/").content.decode()

    [data] = json_ld(html)
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Georgy Toloraya"
    assert person["jobTitle"] == "MGIMO Professor"
    assert person["url"] == "http://localhost/authors/gt/"
    assert person["image"].startswith("http://testserver/media/images/")
    assert person["sameAs"] == ["https://example.org/gt"]
    assert meta(html, "og:type") == "profile"
    assert meta(html, "og:description") == "MGIMO Professor"


def test_other_pages_carry_website_opengraph(client, site_tree):
    TopicFactory(name="Korea", slug="korea", description="The peninsula.")
    ArticlePageFactory(tags=["dprk"])

    home = client.get("/").content.decode()
    topic = client.get("/topics/korea/").content.decode()

    assert meta(home, "og:type") == "website"
    assert meta(home, "twitter:card") == "summary"
    assert meta(topic, "og:title") == "Topic: Korea"
    assert meta(topic, "og:description") == "The peninsula."
    assert meta(topic, "og:url") == "http://testserver/topics/korea/"


def test_every_page_advertises_the_site_feeds(client, site_tree):
    ArticlePageFactory(slug="summit", tags=["dprk"])
    for url in ["/", "/articles/", "/articles/summit/", "/authors/", "/tags/dprk/"]:
        html = client.get(url).content.decode()
        assert re.search(
            r'<link rel="alternate" type="application/rss\+xml"[^>]*href="/feeds/rss/"', html
        )
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/feeds/atom/"', html
        )
        assert '<a href="/feeds/rss/">RSS</a>' in html, url


def test_tag_and_topic_archives_advertise_their_own_feeds(client, site_tree):
    TopicFactory(name="Korea", slug="korea")
    ArticlePageFactory(tags=["dprk"])

    tag = client.get("/tags/dprk/").content.decode()
    topic = client.get("/topics/korea/").content.decode()

    assert 'type="application/rss+xml" title="Tag: dprk (RSS)" href="/tags/dprk/feed/"' in tag
    assert '<a href="/tags/dprk/feed/atom/">Atom</a>' in tag
    assert 'href="/topics/korea/feed/"' in topic
    assert '<a href="/topics/korea/feed/atom/">Atom</a>' in topic
    assert client.get("/tags/dprk/feed/").status_code == 200
