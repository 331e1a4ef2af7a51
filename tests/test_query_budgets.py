"""SQL query budgets of the reader pages (docs/architecture.md, "Budgets"), measured warm.

Each page is requested once first, so caches that are meant to be warm in production
(site root paths, image renditions, content types) are. Then it is counted twice: rendered
in a new generation of the page cache, so that no fragment of it is reused
(cms/core/fragments.py), and again with its fragments warm.
"""

from wagtail.models import Locale, Page

import pytest

from cms.core.page_cache import retire_cached_pages
from tests.factories import ArticlePageFactory, AuthorPageFactory, ImageFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

BUDGET = 10
# An article whose fragments (its site, route, settings and rendered parts) are warm.
ARTICLE_WARM_BUDGET = 0


def _queries(client, url, django_assert_max_num_queries, warm_budget=BUDGET) -> int:
    assert client.get(url).status_code == 200
    retire_cached_pages()
    with django_assert_max_num_queries(BUDGET) as captured:
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(warm_budget):
        assert client.get(url).content == response.content
    return len(captured)


@pytest.fixture
def image(db):
    return ImageFactory(title="Hanoi")


@pytest.fixture
def authors(site_tree):
    return [AuthorPageFactory() for _ in range(5)]


@pytest.fixture
def topics(db):
    return [TopicFactory() for _ in range(3)]


def test_article_page_is_flat_in_authors_tags_and_related_items(
    client, site_tree, image, authors, topics, django_assert_max_num_queries
):
    small = ArticlePageFactory(slug="small", authors=authors[:1], tags=["lonely"], hero_image=image)

    internal = [
        ArticlePageFactory(slug=f"target-{n}", authors=authors[n : n + 2], tags=[f"t{n}"])
        for n in range(3)
    ]
    external = [
        (
            "external",
            {"title": f"Elsewhere {n}", "url": f"https://example.org/{n}", "author": "A. Writer"},
        )
        for n in range(3)
    ]
    picks = [item for pair in zip(internal, external, strict=True) for item in pair]
    picks = [("article", p) if isinstance(p, Page) else p for p in picks]
    big = ArticlePageFactory(
        slug="big",
        authors=authors,
        tags=[f"tag-{n}" for n in range(20)],
        topics=topics,
        hero_image=image,
        related=[("related_articles", {"heading": "See also", "items": picks})],
    )
    # No picks: the automatic fallback finds three articles sharing tags.
    automatic = ArticlePageFactory(
        slug="automatic",
        authors=authors,
        tags=["t0", "t1", "t2", *[f"other-{n}" for n in range(17)]],
        topics=topics,
        hero_image=image,
    )

    counts = {
        page.slug: _queries(client, page.url, django_assert_max_num_queries, ARTICLE_WARM_BUDGET)
        for page in (small, big, automatic)
    }

    assert counts["big"] == counts["small"], counts
    assert counts["automatic"] == counts["small"], counts
    # The measured pages really carry what the budget is about: one credit and no related
    # items on the small page, five credits and six related items on the big one.
    small_html = client.get(small.url).content.decode()
    assert small_html.count('class="byline__author"') == 1
    assert small_html.count('class="related__item') == 0
    html = client.get(big.url).content.decode()
    assert html.count('class="related__item') == 6
    assert html.count('class="byline__author"') == 5
    automatic_html = client.get(automatic.url).content.decode()
    assert automatic_html.count('class="related__item') == 3


def test_article_page_with_body_images_stays_within_budget(
    client, site_tree, image, authors, django_assert_max_num_queries
):
    body = [
        ("paragraph", "<p>Text.</p>"),
        *[("image", {"image": image, "caption": f"Figure {n}"}) for n in range(4)],
    ]
    article = ArticlePageFactory(
        slug="illustrated", authors=authors, tags=["dprk"], hero_image=image, body=body
    )

    _queries(client, article.url, django_assert_max_num_queries, ARTICLE_WARM_BUDGET)


def test_a_translated_article_stays_within_budget_in_both_languages(
    client, site_tree, image, authors, django_assert_max_num_queries
):
    english = ArticlePageFactory(slug="talks", authors=authors, tags=["dprk"], hero_image=image)
    russian = english.copy_for_translation(Locale.objects.get(language_code="ru"))
    russian.save_revision().publish()
    russian.refresh_from_db()

    for url in (english.url, russian.url):
        _queries(client, url, django_assert_max_num_queries, ARTICLE_WARM_BUDGET)
        # What the extra lookup is for: each version names the other.
        assert 'hreflang="ru"' in client.get(url).content.decode()


def _listing(authors, topics, count, start=0):
    for n in range(start, start + count):
        ArticlePageFactory(
            slug=f"listed-{n}",
            authors=[authors[1], authors[2 + n % 3]],
            tags=["dprk", f"tag-{n}"],
            topics=topics[:2],
        )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/articles/?tag=dprk",
        "/articles/?topic={topic}",
        "/articles/?author={author}",
        "/authors/{author}/",
        "/tags/dprk/",
        "/topics/{topic}/",
    ],
)
def test_listing_pages_are_flat_in_the_number_of_items(
    client, site_tree, authors, topics, django_assert_max_num_queries, url
):
    url = url.format(author=authors[1].slug, topic=topics[0].slug)
    _listing(authors, topics, 2)
    few = _queries(client, url, django_assert_max_num_queries)
    few_html = client.get(url).content.decode()

    _listing(authors, topics, 10, start=2)
    many = _queries(client, url, django_assert_max_num_queries)
    many_html = client.get(url).content.decode()

    assert many == few
    assert few_html.count('<article class="card">') == 2
    assert many_html.count('<article class="card">') >= 10


def test_author_index_is_flat_in_the_number_of_authors(
    client, site_tree, image, django_assert_max_num_queries
):
    AuthorPageFactory(photo=image)
    AuthorPageFactory()
    few = _queries(client, "/authors/", django_assert_max_num_queries)

    for _ in range(10):
        AuthorPageFactory(photo=image)
    many = _queries(client, "/authors/", django_assert_max_num_queries)

    assert many == few


def _experts(topics, count, start=0):
    for n in range(start, start + count):
        AuthorPageFactory(
            slug=f"expert-{n}",
            expertise=topics[: 1 + n % 3],
            languages=["en", "ru", "ko"][: 1 + n % 3],
            media_contact=n % 2 == 0,
        )


@pytest.mark.parametrize(
    "url",
    [
        "/experts/",
        "/experts/?topic={topic}",
        "/experts/?language=en",
        "/experts/?topic={topic}&language=ru&page=1",
    ],
)
def test_expert_directory_is_flat_in_the_number_of_experts(
    client, site_tree, topics, django_assert_max_num_queries, url
):
    url = url.format(topic=topics[0].slug)
    _experts(topics, 2)
    few = _queries(client, url, django_assert_max_num_queries)
    few_html = client.get(url).content.decode()

    _experts(topics, 20, start=2)
    many = _queries(client, url, django_assert_max_num_queries)
    many_html = client.get(url).content.decode()

    assert many == few
    assert 1 <= few_html.count('<li class="person expert">') <= 2
    assert many_html.count('<li class="person expert">') >= 7
    assert "search-facet__count" in many_html
