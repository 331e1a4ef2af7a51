"""On PostgreSQL, the database search finds the articles of both languages by their words'
other forms: Russian words stemmed by Russian rules, English ones by English."""

from django.db import connection

import pytest

from search.service import search
from tests.factories import ArticlePageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stemming"),
]


@pytest.fixture
def articles(site_tree):
    return {
        "ru": ArticlePageFactory(
            title="Режим санкций",
            slug="rezhim-sanktsiy",
            language="ru",
            body=[("paragraph", "<p>Новые санкции против КНДР вступили в силу.</p>")],
        ),
        "en": ArticlePageFactory(
            title="Pipeline tariffs",
            slug="pipeline-tariffs",
            body=[("paragraph", "<p>The tariff on pipelines was raised.</p>")],
        ),
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("санкциями", "ru"),  # the instrumental of "санкции"
        ("режимы санкции", "ru"),
        ("tariff pipeline", "en"),
        ("raising tariffs", "en"),
    ],
)
def test_other_forms_of_the_words_find_the_article(articles, query, found):
    result = search(query)
    assert result.backend == "database"
    assert [hit.id for hit in result.hits] == [articles[found].pk]
