import io
import os

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Site

import pytest
from hypothesis import settings as hypothesis_settings

from articles.models import ArticleIndexPage
from cms.home.models import HomePage
from cms.site_tree import ensure_site_tree
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory


@pytest.fixture
def site_tree(db):
    """The site skeleton (home, /articles/, /authors/) as load_demo builds it."""
    return ensure_site_tree()


def _role_user(role: str, username: str):
    """A user given a role by its command (cms/roles.py), with the password "pw"."""
    call_command(
        f"create_{role}", username, "--email", f"{username}@example.org", stdout=io.StringIO()
    )
    user = get_user_model().objects.get(username=username)
    user.set_password("pw")
    user.save()
    return user


@pytest.fixture
def editor(site_tree):
    """Edna, an editor (with an address, for review notifications)."""
    return _role_user("editor", "edna")


@pytest.fixture
def contributor(site_tree):
    """Cora, a contributor."""
    return _role_user("contributor", "cora")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache.

    Wagtail caches site root paths and image renditions keyed by database ids, which a
    rolled-back test may hand out again to different rows.
    """
    cache.clear()


@pytest.fixture
def page_cache_off(settings):
    """Every request rendered: for the tests that count what a render costs."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "SECONDS": 0}


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


# Property-based tests (hypothesis) run the same examples on every run and machine: the
# "repeatable" profile derandomises generation and keeps no example database, so a failure
# is reproduced by running the test again, and hypothesis prints the failing example (and
# its @reproduce_failure blob). HYPOTHESIS_PROFILE=explore draws new random examples.
hypothesis_settings.register_profile(
    "repeatable", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("explore", deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
