"""The document source and the mapping it fills are one shape: no field without the other."""

import pytest

from articles.models import ArticlePage
from search.documents import LANGUAGES, article_source, index_body
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _shape(properties: dict) -> dict:
    """Field name → the shape of its sub-fields (objects), from a mapping's properties."""
    return {name: _shape(spec.get("properties", {})) for name, spec in properties.items()}


def _source_shape(value) -> dict:
    if isinstance(value, list):
        shapes = [_source_shape(item) for item in value]
        return {k: v for shape in shapes for k, v in shape.items()}
    if isinstance(value, dict):
        return {name: _source_shape(item) for name, item in value.items()}
    return {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_mapped_field_is_in_the_source_and_every_source_field_is_mapped(site_tree, language):
    page = ArticlePageFactory(
        language=language,
        authors=[AuthorPageFactory()],
        tags=["one"],
        topics=[TopicFactory()],
    )
    source = article_source(ArticlePage.objects.get(pk=page.pk))
    mapped = _shape(index_body()["mappings"]["properties"])
    other_languages = {other for other in LANGUAGES if other != language}
    # Each document carries the text of its own language only.
    assert _source_shape(source) == {k: v for k, v in mapped.items() if k not in other_languages}
