"""An author's feeds: /authors/<slug>/feed/ (RSS 2.0) and /authors/<slug>/feed/atom/."""

from wagtail.models import PageViewRestriction

import feedparser
import pytest

from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db


def test_author_feed_lists_their_articles_with_every_coauthor(client, site_tree):
    toloraya = AuthorPageFactory(title="Georgy Toloraya", slug="gt")
    asmolov = AuthorPageFactory(title="Константин Асмолов", slug="ka")
    ArticlePageFactory(title="Joint", authors=[asmolov, toloraya])
    ArticlePageFactory(title="Solo", authors=[toloraya])
    ArticlePageFactory(title="Not theirs", authors=[asmolov])

    rss = feedparser.parse(client.get("/authors/gt/feed/").content)
    atom = feedparser.parse(client.get("/authors/gt/feed/atom/").content)

    assert (rss.bozo, rss.version, atom.bozo, atom.version) == (0, "rss20", 0, "atom10")
    assert rss.feed.title.endswith("Georgy Toloraya")
    assert rss.feed.link == "http://testserver/authors/gt/"
    assert {e.title for e in rss.entries} == {"Joint", "Solo"}
    joint = next(e for e in atom.entries if e.title == "Joint")
    assert [a.name for a in joint.authors] == ["Константин Асмолов", "Georgy Toloraya"]


def test_profile_page_links_its_feeds(client, site_tree):
    AuthorPageFactory(slug="gt")

    html = client.get("/authors/gt/").content.decode()

    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/authors/gt/feed/"' in html
    assert 'href="/authors/gt/feed/atom/"' in html


def test_unpublished_or_private_author_feed_is_404(client, site_tree):
    gone = AuthorPageFactory(slug="gone")
    gone.unpublish()
    hidden = AuthorPageFactory(slug="hidden")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    AuthorPageFactory(slug="behind")
    PageViewRestriction.objects.create(
        page=site_tree.authors, restriction_type="password", password="x"
    )

    for slug in ["gone", "hidden", "behind"]:
        assert client.get(f"/authors/{slug}/feed/").status_code == 404, slug
        assert client.get(f"/authors/{slug}/feed/atom/").status_code == 404, slug
