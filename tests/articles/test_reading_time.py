"""Reading time: the body's words at the article's language's rate, on the page and in the
API."""

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def body(words: int) -> list:
    return [("paragraph", "<p>" + " ".join(["word"] * words) + "</p>")]


@pytest.mark.parametrize(
    ("language", "words", "minutes"),
    [
        ("en", 0, 1),
        ("en", 238 * 5, 5),
        ("en", 238 * 5 + 120, 6),  # rounded to the nearest minute
        ("ru", 184 * 5, 5),
        ("ru", 238 * 5, 6),  # the same words read slower in Russian
    ],
)
def test_reading_minutes(site_tree, language, words, minutes):
    article = ArticlePageFactory(language=language, body=body(words))
    assert article.reading_minutes == minutes


def test_headings_and_quotes_count_and_a_heading_level_does_not(site_tree):
    article = ArticlePageFactory(
        body=[
            ("heading", {"text": "Two words", "level": "h2"}),
            ("paragraph", "<p>" + " ".join(["word"] * 400) + "</p>"),
            ("pull_quote", {"quote": " ".join(["said"] * 100), "attribution": "Someone"}),
        ]
    )
    assert len(article.body_words()) == 2 + 400 + 101
    assert article.reading_minutes == 2


def test_on_the_page_and_in_the_api(client, site_tree):
    article = ArticlePageFactory(slug="long", body=body(238 * 7))
    html = client.get("/articles/long/").content.decode()
    assert '<span class="article__reading-time">7 min read</span>' in html
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["reading_minutes"] == 7
