from django.core.cache import cache

import pytest

from cms.site_tree import ensure_site_tree


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
