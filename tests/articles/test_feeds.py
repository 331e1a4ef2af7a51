"""Article feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) as aggregators and feed readers see them."""

import datetime
import html
import io
import json
import re

from django.core.management import call_command

from wagtail.models import Page

import feedparser
import pytest

from articles.models import ArticleType, Topic
from authors.models import AuthorPage
from cms.core.models import SiteSettings
from tests.factories import (
    ArticlePageFactory,
    ArticleTypeFactory,
    AuthorPageFactory,
    DisclaimerFactory,
    ImageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = "Tom & Jerry <b>bold</b> Привет 안녕하세요 😀\x01\x0b end"


def parse(response, version: str):
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == version
    return feed


def rss(client, url, **params):
    return parse(client.get(url, params), "rss20")


def atom(client, url, **params):
    return parse(client.get(url, params), "atom10")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())


def _feed_urls() -> list[str]:
    urls = ["/feeds/rss/", "/feeds/atom/"]
    for tag in ArticleType.objects.all()[:2]:
        urls += [f"/types/{tag.slug}/feed/", f"/types/{tag.slug}/feed/atom/"]
    for topic in Topic.objects.all():
        urls += [f"/topics/{topic.slug}/feed/", f"/topics/{topic.slug}/feed/atom/"]
    for author in AuthorPage.objects.live():
        urls += [f"/authors/{author.slug}/feed/", f"/authors/{author.slug}/feed/atom/"]
    from taggit.models import Tag

    for tag in Tag.objects.all()[:5]:
        urls += [f"/tags/{tag.slug}/feed/", f"/tags/{tag.slug}/feed/atom/"]
    return urls


def test_every_feed_of_the_demo_content_is_valid(client, demo):
    urls = _feed_urls()
    assert len(urls) > 10
    for url in urls:
        feed = parse(client.get(url), "atom10" if url.endswith("atom/") else "rss20")
        if "/types/" not in url:
            assert feed.entries, url
    site = rss(client, "/feeds/rss/")
    titles = [entry.title for entry in site.entries]
    assert "Prospects of Kim Jong-un’s Visit to Russia" in titles
    entry = next(e for e in site.entries if e.title.startswith("Prospects"))
    assert entry.author_detail.name == "Konstantin Asmolov"
    assert "Views expressed are of individual Members and Contributors" in entry.content[0].value


@pytest.fixture
def awkward(site_tree):
    authors = [AuthorPageFactory(title=f"{n} Автор 작가 😀 & <i>", slug=f"a{n}") for n in range(5)]
    topic = TopicFactory(name="Korea & <Russia> Корея 한국", slug="korea")
    tags = [f"tag {n} & <x> Тег 태그 😀\x01" for n in range(20)]  # noqa: RUF001
    return ArticlePageFactory(
        title=HOSTILE,
        slug="awkward",
        standfirst=f"Standfirst: {HOSTILE}",
        body=[("paragraph", f"<p>Body: {HOSTILE.replace('<b>', '').replace('</b>', '')}</p>")],
        authors=authors,
        tags=tags,
        topics=[topic],
        display_date=datetime.date(2024, 5, 1),
    )


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/", "/tags/{tag}/feed/",
                                 "/tags/{tag}/feed/atom/", "/topics/korea/feed/",
                                 "/topics/korea/feed/atom/", "/authors/a0/feed/",
                                 "/authors/a0/feed/atom/", "/types/analysis/feed/",
                                 "/types/analysis/feed/atom/"])  # fmt: skip
def test_awkward_article_leaves_every_feed_valid(client, awkward, url):
    tag = awkward.tags.order_by("name").first()
    url = url.format(tag=tag.slug)
    response = client.get(url)
    assert b"\x01" not in response.content
    assert b"\x0b" not in response.content
    feed = parse(response, "atom10" if url.endswith("atom/") else "rss20")

    [entry] = feed.entries
    assert "Привет 안녕하세요 😀" in entry.title
    assert "Tom & Jerry" in entry.title
    assert [a.name for a in entry.authors] == [f"{n} Автор 작가 😀 & <i>" for n in range(5)]
    terms = {t.term for t in entry.tags}
    assert len(terms) == 21
    assert "Korea & <Russia> Корея 한국" in terms
    assert "tag 7 & <x> Тег 태그 😀" in terms  # noqa: RUF001
    assert html.unescape(entry.summary) == "Standfirst: " + HOSTILE.replace("\x01", "").replace(
        "\x0b", ""
    )
    assert "Привет" in entry.content[0].value
    assert not entry.get("enclosures")


def test_rss_item_fields(client, site_tree):
    first = AuthorPageFactory(title="Georgy Toloraya", slug="gt")
    second = AuthorPageFactory(title="Konstantin Asmolov", slug="ka")
    other = ArticlePageFactory(slug="other", authors=[first])
    hero = ImageFactory()
    body_image = ImageFactory()
    article = ArticlePageFactory(
        title="Summit",
        slug="summit",
        standfirst="What the summit means.",
        display_date=datetime.date(2019, 4, 4),
        authors=[first, second],
        tags=["sanctions"],
        topics=[TopicFactory(name="Russia", slug="russia")],
        hero_image=hero,
        body=[
            (
                "paragraph",
                (
                    f'<p>See <a linktype="page" id="{other.pk}">the other</a> and '
                    '<a href="/tags/sanctions/">the tag</a>.</p>'
                ),
            ),
            ("image", {"image": body_image, "caption": "Trade & tariffs", "credit": "<AP>"}),
            ("heading", {"text": "Next steps", "level": "h2"}),
        ],
    )

    feed = rss(client, "/feeds/rss/")
    entry = next(e for e in feed.entries if e.title == "Summit")

    assert entry.link == "http://testserver/articles/summit/"
    assert entry.id == f"tag:localhost,2019:article:{article.pk}"
    assert entry.published_parsed[:3] == (2019, 4, 4)
    assert entry.summary == "What the summit means."
    assert [a.name for a in entry.authors] == ["Georgy Toloraya", "Konstantin Asmolov"]
    assert {t.term for t in entry.tags} == {"sanctions", "Russia"}
    content = entry.content[0].value
    assert 'href="http://testserver/articles/other/"' in content
    assert 'href="http://testserver/tags/sanctions/"' in content
    assert re.search(r'src="http://testserver/media/images/[^"]+"', content)
    assert "<h2>Next steps</h2>" in content
    # The caption is escaped once: the reader's feed shows "Trade & tariffs <AP>".
    assert "<figcaption>Trade &amp; tariffs &lt;AP&gt;</figcaption>" in content
    assert not re.search(r'(href|src)="/', content)
    [enclosure] = entry.enclosures
    assert enclosure.href.startswith("http://testserver/media/images/")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0
    assert entry.media_content[0]["url"] == enclosure.href
    assert entry.media_content[0]["filesize"] == enclosure.length


def test_atom_entry_fields_and_the_disclaimer_at_the_end(client, site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.default_disclaimer = DisclaimerFactory(text="<p>Views are the authors' own.</p>")
    settings.save()
    author = AuthorPageFactory(title="Georgy Toloraya", slug="gt")
    article = ArticlePageFactory(
        title="Summit", slug="summit", authors=[author],
        hero_image=ImageFactory(),
    )  # fmt: skip
    article.save_revision().publish()
    article.refresh_from_db()
    edited = article.last_published_at

    feed = atom(client, "/feeds/atom/")
    [entry] = feed.entries

    assert entry.id == f"tag:localhost,2019:article:{article.pk}"
    assert entry.authors[0].name == "Georgy Toloraya"
    assert entry.authors[0].href == "http://testserver/authors/gt/"
    assert entry.updated_parsed[:6] == edited.utctimetuple()[:6]
    content = entry.content[0]
    assert content.type == "text/html"
    assert content.value.rstrip().endswith("<p>Views are the authors' own.</p></aside>")
    [enclosure] = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0


def test_guid_stays_the_same_across_edits(client, site_tree):
    article = ArticlePageFactory(title="Before", slug="before")
    guid = rss(client, "/feeds/rss/").entries[0].id

    article.title = "After"
    article.slug = "after"
    article.save_revision().publish()

    entry = rss(client, "/feeds/rss/").entries[0]
    assert entry.title == "After"
    assert entry.id == guid


def test_json_feed(client, site_tree):
    author = AuthorPageFactory(title="Georgy Toloraya", slug="gt")
    ArticlePageFactory(
        title=HOSTILE, slug="summit", authors=[author],
        tags=["sanctions"], hero_image=ImageFactory(),
    )  # fmt: skip

    response = client.get("/feeds/json/")

    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"]
    assert feed["home_page_url"] == "http://testserver/"
    assert feed["feed_url"] == "http://testserver/feeds/json/"
    [item] = feed["items"]
    assert set(item) >= {"id", "url", "title", "content_html", "authors", "date_published"}
    assert item["title"] == HOSTILE.replace("\x01", "").replace("\x0b", "")
    assert item["url"] == "http://testserver/articles/summit/"
    assert item["authors"] == [{"name": "Georgy Toloraya", "url": "http://testserver/authors/gt/"}]
    assert item["tags"] == ["sanctions"]
    assert item["image"].startswith("http://testserver/media/")
    assert item["attachments"][0]["mime_type"] == "image/jpeg"


def test_filtered_feeds_hold_only_their_articles(client, site_tree):
    one = AuthorPageFactory(slug="one")
    two = AuthorPageFactory(slug="two")
    korea = TopicFactory(slug="korea")
    news = ArticleTypeFactory(name="News", slug="news")
    ArticlePageFactory(
        title="Mine", authors=[one], tags=["dprk"], topics=[korea],
        article_type=news,
    )  # fmt: skip
    ArticlePageFactory(title="Theirs", authors=[two], tags=["usa"])

    for url in ["/authors/one/feed/", "/tags/dprk/feed/", "/topics/korea/feed/",
                "/types/news/feed/"]:  # fmt: skip
        assert [e.title for e in rss(client, url).entries] == ["Mine"], url
        assert [e.title for e in atom(client, f"{url}atom/").entries] == ["Mine"], url
    assert [e.title for e in rss(client, "/authors/two/feed/").entries] == ["Theirs"]
    assert {e.title for e in rss(client, "/feeds/rss/").entries} == {"Mine", "Theirs"}


@pytest.mark.parametrize(
    "url",
    [
        "/authors/nobody/feed/",
        "/authors/nobody/feed/atom/",
        "/tags/nothing/feed/",
        "/tags/nothing/feed/atom/",
        "/topics/nothing/feed/",
        "/topics/nothing/feed/atom/",
        "/types/nothing/feed/",
        "/types/nothing/feed/atom/",
        "/tags/bad%00slug/feed/",
        "/authors/bad%00slug/feed/",
    ],
)
def test_unknown_subject_is_404(client, site_tree, url):
    assert client.get(url).status_code == 404


@pytest.fixture
def four_articles(site_tree):
    return [ArticlePageFactory(slug=f"a{n}") for n in range(4)]


def test_limit(client, four_articles):
    assert len(rss(client, "/feeds/rss/", limit="2").entries) == 2
    assert len(rss(client, "/feeds/rss/").entries) == 4
    assert len(rss(client, "/feeds/rss/", limit="1000").entries) == 4
    assert len(rss(client, "/feeds/rss/", limit="9" * 40).entries) == 4


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("abc", id="letters"),
        pytest.param("-1", id="negative"),
        pytest.param("0", id="zero"),
        pytest.param("1.5", id="fraction"),
        pytest.param("١٢", id="arabic-indic-digits"),
        pytest.param("\x00", id="nul-byte"),
    ],
)
def test_a_bad_limit_is_400(client, four_articles, bad):
    assert client.get("/feeds/rss/", {"limit": bad}).status_code == 400


@pytest.fixture
def two_languages(site_tree):
    author = AuthorPageFactory(slug="toloraya")
    return {
        "en": ArticlePageFactory(slug="talks", title="Talks", authors=[author], tags=["dprk"]),
        "ru": ArticlePageFactory(
            slug="peregovory", title="Переговоры", language="ru", authors=[author], tags=["dprk"]
        ),
    }


@pytest.mark.parametrize(
    "url", ["/feeds/rss/", "/feeds/atom/", "/tags/dprk/feed/", "/authors/toloraya/feed/atom/"]
)
def test_a_feed_in_one_language(client, two_languages, url):
    read = atom if "atom" in url else rss
    russian = read(client, url, lang="ru")
    assert [entry.title for entry in russian.entries] == ["Переговоры"]
    assert russian.feed.language == "ru"
    english = read(client, url, lang="en")
    assert [entry.title for entry in english.entries] == ["Talks"]
    assert english.feed.language == "en"
    both = read(client, url)
    assert sorted(entry.title for entry in both.entries) == ["Talks", "Переговоры"]
    assert both.feed.language == "en"  # the site's


def test_the_json_feed_in_one_language(client, two_languages):
    data = client.get("/feeds/json/", {"lang": "ru"}).json()
    assert data["language"] == "ru"
    assert [item["title"] for item in data["items"]] == ["Переговоры"]


@pytest.mark.parametrize("bad", ["fr", "RU", "ru-RU", "\x00", "<b>"])
def test_an_unknown_language_is_400(client, two_languages, bad):
    response = client.get("/feeds/rss/", {"lang": bad})
    assert response.status_code == 400
    assert response.content.decode() == "lang must be one of en, ru"


def test_default_limit_is_50_and_the_maximum_100(client, site_tree):
    for n in range(101):
        ArticlePageFactory(slug=f"a{n}", body=[])

    assert len(rss(client, "/feeds/rss/").entries) == 50
    assert len(rss(client, "/feeds/rss/", limit="1000").entries) == 100


def test_conditional_get_answers_304(client, site_tree):
    ArticlePageFactory(slug="a")
    response = client.get("/feeds/atom/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]

    assert client.get("/feeds/atom/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/feeds/atom/", headers={"if-modified-since": modified}).status_code == 304
    assert client.get("/feeds/atom/", headers={"if-none-match": '"other"'}).status_code == 200
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get("/feeds/atom/", headers={"if-modified-since": old}).status_code == 200


def test_publishing_a_new_article_changes_the_feed_and_its_etag(client, site_tree):
    ArticlePageFactory(title="First", slug="first")
    before = client.get("/feeds/rss/")
    etag = before["ETag"]

    ArticlePageFactory(title="Second", slug="second")
    after = client.get("/feeds/rss/", headers={"if-none-match": etag})

    assert after.status_code == 200
    assert after["ETag"] != etag
    assert "Second" in [e.title for e in feedparser.parse(after.content).entries]


def test_unpublishing_moving_and_deleting_retire_the_cached_feed(client, site_tree):
    kept = ArticlePageFactory(title="Kept", slug="kept")
    gone = ArticlePageFactory(title="Gone", slug="gone")
    titles = lambda: {e.title for e in rss(client, "/feeds/rss/").entries}  # noqa: E731
    assert titles() == {"Kept", "Gone"}

    gone.unpublish()
    assert titles() == {"Kept"}

    Page.objects.get(pk=kept.pk).delete()
    assert titles() == set()


def test_post_is_not_allowed(client, site_tree):
    assert client.post("/feeds/rss/").status_code == 405


def test_feed_of_50_items_stays_within_the_query_budget(
    client, site_tree, page_cache_off, django_assert_max_num_queries
):
    from cms.core.page_cache import retire_cached_pages

    authors = [AuthorPageFactory() for _ in range(5)]
    topics = [TopicFactory() for _ in range(3)]
    hero, figure = ImageFactory(), ImageFactory()
    for n in range(50):
        ArticlePageFactory(
            slug=f"a{n}",
            authors=authors,
            tags=[f"tag-{n}", "dprk"],
            topics=topics,
            hero_image=hero,
            body=[("paragraph", "<p>Text.</p>"), ("image", {"image": figure})],
        )
    topic, author = topics[0].slug, authors[0].slug
    for url in ["/feeds/rss/", "/feeds/atom/", "/feeds/json/", "/tags/dprk/feed/",
                f"/topics/{topic}/feed/", f"/authors/{author}/feed/"]:  # fmt: skip
        assert client.get(url).status_code == 200  # warms renditions and site root paths
        retire_cached_pages()
        with django_assert_max_num_queries(9):
            response = client.get(url)
        assert response.content.count(b"<item>") in (0, 50)
        assert response.content.count(b"http://testserver/media/images/") >= 100
        # Served again from the cache.
        with django_assert_max_num_queries(0):
            assert client.get(url).status_code == 200
