"""The demo content: faithful to the seed pages, loaded idempotently.

``seed_pages/`` holds byte-for-byte copies of the two seed pages the demo is made from.
"""

import io
import json
from html import escape
from pathlib import Path

from django.core.management import CommandError, call_command

from taggit.models import Tag
from wagtail.models import Page, Site

import pytest

from articles.models import ArticlePage, ArticlePageAuthor, ArticleType, Topic
from authors.models import AuthorPage
from cms.core.models import Disclaimer, SiteSettings
from cms.demo import ARTICLES_FILE, DISCLAIMER_TEXT
from tests.cms.test_import import RATE_LINE

SEEDS = Path(__file__).with_name("seed_pages")
PROSPECTS = "prospects-of-kim-jong-uns-visit-to-russia"
COMMENTARY = "russia-dprk-summit-will-give-both-sides-more-freedom-to-manoeuvre"
SHORT = [
    "kim-trump-i-know-that-you-know-i-know",
    "second-trump-kim-summit-started-with-a-bang-ended-in-a-fizzle",
    "north-korea-the-winding-road-to-denuclearization",
]


def seed_lines(name: str) -> list[str]:
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def demo_records() -> dict[str, dict]:
    lines = ARTICLES_FILE.read_text(encoding="utf-8").splitlines()
    return {record["slug"]: record for record in map(json.loads, lines)}


def paragraphs(record: dict) -> list[str]:
    return [record["standfirst"], *record["body"].split("\n\n")]


def load_demo() -> str:
    """The command's summary, without its last line, the rate (which it checks)."""
    stdout = io.StringIO()
    call_command("load_demo", stdout=stdout, stderr=io.StringIO())
    *summary, rate = stdout.getvalue().splitlines()
    assert RATE_LINE.match(rate), rate
    return "\n".join(summary)


def counts() -> dict[str, int]:
    models = [ArticlePage, AuthorPage, ArticlePageAuthor, Tag, Topic, ArticleType, Disclaimer]
    return {model.__name__: model.objects.count() for model in [*models, Site, SiteSettings]}


# The data file against the seed pages -------------------------------------------------------


def test_analysis_seed_is_reproduced_in_full():
    seed = seed_lines("000")
    title, article_paragraphs = seed[0], seed[1:10]
    record = demo_records()[PROSPECTS]

    assert record["title"] == title == "Prospects of Kim Jong-un’s Visit to Russia"
    assert paragraphs(record) == article_paragraphs
    assert record["authors"][0]["name"] == "Konstantin Asmolov"
    assert (record["date"], record["type"], record["disclaimer"]) == (
        "2019-04-04",
        "Analysis",
        "default",
    )
    assert record["related"] == [{"slug": slug} for slug in SHORT]


def test_related_seed_items_are_the_short_articles_in_order():
    seed = seed_lines("000")
    related, disclaimer = seed[10:19], seed[19]
    records = list(demo_records().values())

    assert [r["slug"] for r in records[:3]] == SHORT  # before the article relating to them
    for number, record in enumerate(records[:3]):
        title, author, teaser = related[3 * number : 3 * number + 3]
        assert record["title"] == title
        assert [a["name"] for a in record["authors"]] == [author]
        assert record["standfirst"] == record["body"] == teaser
    assert f"<p>{disclaimer}</p>" == DISCLAIMER_TEXT


def test_commentary_seed_is_reproduced_in_full():
    record = demo_records()[COMMENTARY]

    assert paragraphs(record) == seed_lines("002")
    assert record["type"] == "Interview / expert commentary"
    assert record["date"] == "2019-03-29"
    assert record["authors"] == [
        {
            "name": "Georgy Toloraya",
            "affiliation": "Moscow State Institute of International Relations (MGIMO) Professor, "
            "executive director of Russian National Research Committee on BRICS research",
            "role": "interviewed expert",
        }
    ]


def test_every_seed_paragraph_appears_verbatim_in_the_demo_data():
    texts = [text for record in demo_records().values() for text in strings(record)]

    seed = seed_lines("000")[:19] + seed_lines("002")
    assert len(seed) == 28
    for line in seed:
        assert any(line in text for text in texts), line


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in strings(item)] if isinstance(value, list) else []


# Loading it -------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    return load_demo()


def test_load_demo_publishes_the_seed_article(demo):
    assert demo.splitlines() == ["created: 5, updated: 0, unchanged: 0, failed: 0"]
    page = Page.objects.get(url_path=f"/home/articles/{PROSPECTS}/").specific
    assert isinstance(page, ArticlePage)
    assert page.live
    assert page.url == f"/articles/{PROSPECTS}/"
    assert page.title == "Prospects of Kim Jong-un’s Visit to Russia"
    assert [c.author.title for c in page.article_authors.all()] == ["Konstantin Asmolov"]

    items = page.related.raw_data[0]["value"]["items"]
    targets = [ArticlePage.objects.get(pk=item["value"]) for item in items]
    assert [item["type"] for item in items] == ["article"] * 3
    assert [t.slug for t in targets] == SHORT
    assert all(t.live for t in targets)

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.organisation_name == "The Discussion Club"
    assert site_settings.default_disclaimer.name == "Club disclaimer"
    assert site_settings.default_disclaimer.text == (
        "<p>Views expressed are of individual Members and Contributors, rather than the "
        "Club's, unless explicitly stated otherwise.</p>"
    )
    assert page.show_disclaimer
    assert page.disclaimer is None
    assert page.effective_disclaimer(site_settings) == site_settings.default_disclaimer


def test_loaded_bodies_hold_every_seed_paragraph(demo):
    for slug, seed in [(PROSPECTS, seed_lines("000")[1:10]), (COMMENTARY, seed_lines("002"))]:
        page = ArticlePage.objects.get(slug=slug)
        body = "".join(block["value"] for block in page.body.raw_data)
        assert page.standfirst == seed[0]
        assert body == "".join(f"<p>{escape(p, quote=False)}</p>" for p in seed[1:])


def test_loaded_authors_and_credits(demo):
    toloraya = AuthorPage.objects.get(title="Georgy Toloraya")
    asmolov = AuthorPage.objects.get(title="Konstantin Asmolov")
    assert toloraya.live
    assert asmolov.live
    assert toloraya.affiliation == (
        "MGIMO Professor, executive director of Russian National Research Committee on BRICS "
        "research"
    )
    assert asmolov.affiliation == (
        "Leading Research Fellow, Center for Korean Studies, Institute of Far Eastern Studies, "
        "Russian Academy of Sciences"
    )
    assert "Moscow State Institute of International Relations" in toloraya.biography

    credit = ArticlePage.objects.get(slug=COMMENTARY).article_authors.get()
    assert credit.author == toloraya
    assert credit.role == "interviewed expert"
    assert credit.printed_affiliation.startswith("Moscow State Institute of International")
    assert ArticlePage.objects.get(slug=COMMENTARY).article_type.name == (
        "Interview / expert commentary"
    )
    by_author = {
        page.slug: [c.author.title for c in page.article_authors.all()]
        for page in ArticlePage.objects.all()
    }
    assert by_author[SHORT[2]] == ["Georgy Toloraya"]
    assert by_author[SHORT[0]] == by_author[SHORT[1]] == ["Konstantin Asmolov"]


def test_loaded_tags_and_topics(demo):
    page = ArticlePage.objects.get(slug=COMMENTARY)
    assert "Russia-DPRK relations" in page.tags.names()
    assert {"North Korea", "Russia"} <= {t.name for t in page.topics.all()}
    assert Topic.objects.get(name="Asia and the Pacific").slug == "asia-and-the-pacific"


def test_load_demo_twice_changes_nothing(demo):
    before = counts()
    page_ids = sorted(ArticlePage.objects.values_list("pk", flat=True))

    output = load_demo()

    assert output.splitlines() == ["created: 0, updated: 0, unchanged: 5, failed: 0"]
    assert counts() == before
    assert before["ArticlePage"] == 5
    assert before["AuthorPage"] == 2
    assert before["Disclaimer"] == 1
    assert sorted(ArticlePage.objects.values_list("pk", flat=True)) == page_ids
    assert Page.objects.get(url_path=f"/home/articles/{PROSPECTS}/").live


def test_load_demo_records_where_the_site_is_served(db, client):
    call_command(
        "load_demo", "--site", "127.0.0.1:8000", stdout=io.StringIO(), stderr=io.StringIO()
    )
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    html = client.get("/articles/prospects-of-kim-jong-uns-visit-to-russia/").content.decode()
    assert (
        'href="http://127.0.0.1:8000/articles/prospects-of-kim-jong-uns-visit-to-russia/"' in html
    )
    with pytest.raises(CommandError):
        call_command("load_demo", "--site", "nowhere", stdout=io.StringIO(), stderr=io.StringIO())
