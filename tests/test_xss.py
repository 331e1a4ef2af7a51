"""Script payloads in every text an editor or an import writes (title, standfirst, body,
author name and affiliation, credit role, tag, topic and type names) reach no reader as
something a browser runs: pages, listings, feeds, JSON-LD, the API and search."""

import json
import xml.etree.ElementTree as ET

from django.db import transaction

from taggit.models import Tag

import pytest

from authors.models import AuthorPage
from cms.site_tree import ensure_site_tree
from search.rebuild import rebuild, refresh
from tests.factories import (
    ArticlePageFactory,
    ArticleTypeFactory,
    AuthorPageFactory,
    TopicFactory,
)
from tests.hostile import CLOSE_SCRIPT, IMG, JS_LINK, MARK, SCRIPT, SVG, active_content
from tests.search.conftest import live_es, live_node  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

WORD = "zanzibar"  # in every text of the article, so each search finds and highlights it
TITLE = f'{WORD} {SCRIPT} "quoted" {CLOSE_SCRIPT}'
STANDFIRST = f"{WORD} {IMG} {SVG} {JS_LINK}"
BODY = f"<p>{WORD} {SCRIPT} {JS_LINK} {IMG} {SVG}</svg> & more</p>"


def _content():
    ensure_site_tree()
    topic = TopicFactory(name=f"{SVG} topic", slug="hostile-topic")
    # An expert whose links and contact page were written past the editor's form (an
    # import): javascript: addresses, a label of markup.
    author = AuthorPageFactory(
        title=f"{SCRIPT} Author",
        slug="hostile-author",
        affiliation=f"{IMG} Institute",
        expertise=[topic],
        languages=["en"],
        media_contact=True,
        links=[("link", {"label": SCRIPT, "url": f"javascript:alert('{MARK}')"})],
    )
    # Page.save() refuses it (the model's validation): written as a bulk update would.
    AuthorPage.objects.filter(pk=author.pk).update(contact_url=f"javascript:alert('{MARK}')")
    kind = ArticleTypeFactory(name=f"{SCRIPT} type", slug="hostile-type")
    tag = Tag.objects.create(name=f"{IMG} tag", slug="hostile-tag")
    article = ArticlePageFactory(
        title=TITLE,
        slug="hostile",
        standfirst=STANDFIRST,
        authors=[(author, f"{SVG} role", f"{JS_LINK} printed")],
        topics=[topic],
        article_type=kind,
        body=[
            ("paragraph", BODY),
            ("heading", {"text": f"{WORD} {SCRIPT}", "level": "h2"}),
            ("pull_quote", {"quote": f"{WORD} {IMG}", "attribution": SVG}),
        ],
    )
    article.tags.add(tag)
    article.save_revision().publish()
    ArticlePageFactory(title="Neighbour", authors=[author], topics=[topic], tags=["other"])
    return article


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker):
    """The hostile article, made once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _content()
        transaction.set_rollback(True)


HTML_PAGES = [
    "/",
    "/articles/",
    "/articles/?tag=hostile-tag",
    "/articles/?topic=hostile-topic",
    "/articles/?author=hostile-author",
    "/articles/hostile/",
    "/tags/hostile-tag/",
    "/topics/hostile-topic/",
    "/authors/",
    "/authors/hostile-author/",
    "/experts/",
    "/experts/?topic=hostile-topic&language=en",
    f"/search/?q={WORD}",
    f"/search/?q={WORD}&tag=hostile-tag&topic=hostile-topic&author=hostile-author",
    "/search/?tag=hostile-tag&type=hostile-type",
]


@pytest.mark.parametrize("url", HTML_PAGES)
def test_html_pages_run_no_payload(client, hostile, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert active_content(html) == []
    assert "&lt;script&gt;" in html  # the payloads are shown, as text


def test_article_page_shows_the_payloads_as_text_and_json_ld_stays_whole(client, hostile):
    html = client.get("/articles/hostile/").content.decode()
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    data = json.loads(html[start + len('<script type="application/ld+json">') : end])

    assert data["headline"] == TITLE
    assert data["author"][0]["name"] == f"{SCRIPT} Author"
    assert "&lt;svg onload=alert(&#x27;pwned&#x27;)&gt; role" in html
    assert "<a>click</a>   &amp; more</p>" in html  # the body's own text is kept


def _feed_html(url: str, text: str) -> list[str]:
    """The HTML an item carries in each feed format (a feed reader renders it)."""
    if url.endswith("/json/"):
        return [item["content_html"] for item in json.loads(text)["items"]]
    root = ET.fromstring(text)  # noqa: S314  # well-formed XML, or this raises
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag == f"{atom}feed":
        return [
            el.text or ""
            for el in root.iter()
            if el.tag in (f"{atom}content", f"{atom}summary") and el.get("type") == "html"
        ]
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    return [
        el.text or ""
        for item in root.iter("item")
        for el in item
        if el.tag in ("description", content)
    ]


FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/json/",
    "/authors/hostile-author/feed/",
    "/authors/hostile-author/feed/atom/",
    "/tags/hostile-tag/feed/",
    "/tags/hostile-tag/feed/atom/",
    "/topics/hostile-topic/feed/",
    "/topics/hostile-topic/feed/atom/",
    "/types/hostile-type/feed/",
    "/types/hostile-type/feed/atom/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_carry_no_payload_in_their_html(client, hostile, url):
    response = client.get(url)

    assert response.status_code == 200
    text = response.content.decode()
    fragments = _feed_html(url, text)
    assert any(WORD in fragment for fragment in fragments)
    for fragment in fragments:
        assert active_content(fragment) == [], fragment


def test_feed_titles_are_text_escaped_as_xml(client, hostile):
    root = ET.fromstring(client.get("/feeds/atom/").content)  # noqa: S314
    titles = [el.text for el in root.iter("{http://www.w3.org/2005/Atom}title")]

    assert TITLE in titles  # the reader's feed software shows it as the text it is


def test_api_v2_detail_and_listing(client, hostile):
    detail = client.get(f"/api/v2/pages/{hostile.pk}/").json()
    listing = client.get(
        "/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "*", "search": WORD}
    ).json()

    assert detail["title"] == TITLE
    assert [item["id"] for item in listing["items"]] == [hostile.pk]
    paragraph = next(block["value"] for block in detail["body"] if block["type"] == "paragraph")
    assert WORD in paragraph
    assert active_content(paragraph) == []


@pytest.mark.parametrize("url", [f"/api/search/?q={WORD}", f"/api/search/suggest/?q={WORD}"])
def test_search_api_on_the_database(client, hostile, url):
    answer = client.get(url).json()

    if "hits" in answer:
        assert answer["backend"] == "database"
        _assert_hit_is_safe(answer["hits"])
    else:
        assert answer["suggestions"][0]["label"] == TITLE


def _assert_hit_is_safe(hits):
    assert [hit["title"] for hit in hits] == [TITLE]
    assert hits[0]["highlights"]
    for fragment in hits[0]["highlights"]:
        assert f"<mark>{WORD}</mark>" in fragment
        assert active_content(fragment) == []
        for tag in ("<script", "<img", "<svg"):
            assert tag not in fragment


def test_search_on_live_elasticsearch(client, hostile, live_es):  # noqa: F811
    rebuild()
    refresh()

    answer = client.get("/api/search/", {"q": WORD}).json()
    page = client.get("/search/", {"q": WORD}).content.decode()

    assert (answer["backend"], answer["degraded"]) == ("elasticsearch", False)
    _assert_hit_is_safe(answer["hits"])
    assert active_content(page) == []
    assert f"<mark>{WORD}</mark>" in page
    assert MARK in page  # the payload's text shows, escaped
