"""The related-articles section: editor's picks and the automatic fallback."""

import datetime

from wagtail.models import PageViewRestriction

import pytest
from pytest_django.asserts import assertInHTML

from articles.models import ArticlePage
from articles.related import related_section
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _picks(*items, heading="Related articles"):
    return [("related_articles", {"heading": heading, "items": list(items)})]


def _external(title, url="https://valdaiclub.com/a/highlights/kim-trump/", author="", teaser=""):
    return ("external", {"title": title, "url": url, "author": author, "teaser": teaser})


def _related_html(client, slug="source") -> str:
    html = client.get(f"/articles/{slug}/").content.decode()
    if '<aside class="related"' not in html:
        return ""
    start = html.index('<aside class="related"')
    return html[start : html.index("</aside>", start)]


def test_picked_internal_and_external_items_render_in_order(client, site_tree):
    asmolov = AuthorPageFactory(title="Konstantin Asmolov", slug="konstantin-asmolov")
    internal = ArticlePageFactory(
        title="Second Trump-Kim Summit: Started with a Bang, Ended in a Fizzle",
        slug="second-summit",
        standfirst="In a recent piece I gamed out predictions for the second summit.",
        authors=[asmolov],
    )
    ArticlePageFactory(
        slug="source",
        related=_picks(
            _external(
                "Kim – Trump: I Know that You Know I Know",
                author="Konstantin Asmolov (guest)",
                teaser="At a news conference in Pyongyang on March 15, 2019.",
            ),
            ("article", internal),
            heading="Further reading",
        ),
    )

    related = _related_html(client)

    assertInHTML('<h2 id="related-heading">Further reading</h2>', related)
    assert related.index("I Know that You Know") < related.index("Second Trump-Kim Summit")
    assertInHTML(
        '<a href="/articles/second-summit/">'
        "Second Trump-Kim Summit: Started with a Bang, Ended in a Fizzle</a>",
        related,
    )
    assertInHTML('<a href="/authors/konstantin-asmolov/">Konstantin Asmolov</a>', related)
    assert "In a recent piece I gamed out predictions for the second summit." in related
    # The external item: its own author name, its teaser, marked as external, rel=noopener.
    assert "Konstantin Asmolov (guest)" in related
    assert "At a news conference in Pyongyang on March 15, 2019." in related
    assert (
        '<a href="https://valdaiclub.com/a/highlights/kim-trump/" rel="noopener">'
        "Kim – Trump: I Know that You Know I Know"
    ) in related
    assert "(external site)" in related
    assert 'target="_blank"' not in related


def test_external_item_with_a_non_web_url_is_not_rendered(client, site_tree):
    ArticlePageFactory(
        slug="source",
        related=_picks(
            _external("Harmless", url="https://example.org/ok"),
            _external("Sneaky", url="https://example.org/replaced"),
        ),
    )
    # Stored data the block's own validation never saw (as an import might write it).
    article = ArticlePage.objects.get(slug="source")
    raw = article.related.raw_data
    raw[0]["value"]["items"][1]["value"]["url"] = "javascript:alert(1)"
    article.related = raw
    article.save()

    related = _related_html(client)

    assert "Harmless" in related
    assert "Sneaky" not in related
    assert "javascript:" not in related


@pytest.mark.parametrize("how", ["unpublished", "private", "deleted", "draft"])
def test_unavailable_internal_picks_are_skipped(client, site_tree, how):
    kept = ArticlePageFactory(title="Still here")
    target = ArticlePageFactory(title="Not for readers")
    ArticlePageFactory(
        slug="source",
        related=_picks(("article", target), ("article", kept)),
    )
    if how == "unpublished":
        target.unpublish()
    elif how == "private":
        PageViewRestriction.objects.create(
            page=target, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    elif how == "deleted":
        target.delete()
    else:
        target.live = False
        target.save()

    related = _related_html(client)

    assert "Still here" in related
    assert "Not for readers" not in related


def test_picks_in_a_private_section_are_skipped(client, site_tree):
    target = ArticlePageFactory(title="Behind the password")
    source = ArticlePageFactory(
        slug="source",
        related=_picks(("article", target), _external("Outside link")),
    )
    restriction = PageViewRestriction.objects.create(
        page=site_tree.articles, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    _credits, section = related_section(source)
    assert [item.title for item in section.items] == ["Outside link"]

    # A reader who unlocked the section reads the article, still without the private pick.
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{source.pk}/",
        {"password": "x", "return_url": "/articles/source/"},
    )
    related = _related_html(client)
    assert "Outside link" in related
    assert "Behind the password" not in related


def test_all_picks_unavailable_means_no_section(client, site_tree):
    target = ArticlePageFactory(title="Not for readers")
    ArticlePageFactory(slug="source", related=_picks(("article", target)))
    target.unpublish()

    assert _related_html(client) == ""


def test_fallback_shows_up_to_three_sharing_most_tags_and_topics_newest_first(client, site_tree):
    korea = TopicFactory(name="Korea")
    author = AuthorPageFactory(title="Georgy Toloraya")

    def article(title, day, **kwargs):
        return ArticlePageFactory(
            title=title,
            display_date=datetime.date(2019, 3, day),
            authors=[author],
            **kwargs,
        )

    article("Shares one tag, older", 1, tags=["dprk"])
    article("Shares one tag, newer", 2, tags=["dprk"])
    article("Shares a topic only, newest", 20, topics=[korea])
    article("Shares two tags and a topic", 3, tags=["dprk", "summit"], topics=[korea])
    article("Shares nothing", 25, tags=["brics"])
    article("Source", 10, slug="source", tags=["dprk", "summit"], topics=[korea])

    related = _related_html(client)

    assertInHTML('<h2 id="related-heading">Related</h2>', related)
    titles = [
        "Shares two tags and a topic",
        "Shares a topic only, newest",
        "Shares one tag, newer",
    ]
    positions = [related.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Shares one tag, older" not in related
    assert "Shares nothing" not in related
    assert "Source</a>" not in related
    assertInHTML(f'<a href="/authors/{author.slug}/">Georgy Toloraya</a>', related)


def test_fallback_skips_private_and_unpublished_articles(client, site_tree):
    private = ArticlePageFactory(title="Private match", tags=["dprk"])
    gone = ArticlePageFactory(title="Withdrawn match", tags=["dprk"])
    ArticlePageFactory(title="Draft match", tags=["dprk"], live=False)
    ArticlePageFactory(title="Public match", tags=["dprk"])
    ArticlePageFactory(slug="source", tags=["dprk"])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    gone.unpublish()

    related = _related_html(client)

    assert "Public match" in related
    for title in ("Private match", "Withdrawn match", "Draft match"):
        assert title not in related


def test_no_picks_and_nothing_shared_means_no_section(client, site_tree):
    ArticlePageFactory(title="Elsewhere", tags=["brics"])
    ArticlePageFactory(slug="source", tags=["dprk"])

    assert _related_html(client) == ""
