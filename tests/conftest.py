from django.core.cache import cache
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from articles.models import ArticleIndexPage
from cms.home.models import HomePage
from cms.site_tree import ensure_site_tree
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory


@pytest.fixture
def site_tree(db):
    """The site skeleton (home, /articles/, /authors/) as load_demo builds it."""
    return ensure_site_tree()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache.

    Wagtail caches site root paths and image renditions keyed by database ids, which a
    rolled-back test may hand out again to different rows.
    """
    cache.clear()


@pytest.fixture
def two_sites(site_tree):
    """ "Local walrus" on the default site (localhost) and "Remote walrus" on a second one
    (other.test), sharing an author, a tag ("shared") and a topic."""
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Other site", slug="other-home"))
    other_articles = other_home.add_child(
        instance=ArticleIndexPage(title="Articles", slug="articles")
    )
    Site.objects.create(hostname="other.test", port=80, root_page=other_home)
    author = AuthorPageFactory(slug="shared-author")
    topic = TopicFactory(slug="shared-topic")
    shared = {
        "authors": [author],
        "tags": ["shared"],
        "topics": [topic],
        "first_published_at": timezone.now(),  # in the news sitemap too
    }
    here = ArticlePageFactory(title="Local walrus", slug="local", **shared)
    there = ArticlePageFactory(
        parent=other_articles, title="Remote walrus", slug="remote", **shared
    )
    return here, there
