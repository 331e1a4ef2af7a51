import pytest

from cms.site_tree import ensure_site_tree


@pytest.fixture
def site_tree(db):
    """The site skeleton (home, /articles/, /authors/) as load_demo builds it."""
    return ensure_site_tree()
