"""Automatic related articles: more_like_this on Elasticsearch, shared tags otherwise."""

from wagtail.models import PageViewRestriction

import pytest

from search.connection import alias_name
from search.service import related_articles
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(site_tree):
    return [ArticlePageFactory(tags=["shared"] if i < 4 else []) for i in range(6)]


def answer(ids):
    hits = [{"_id": str(pk), "_source": {"page_id": pk}} for pk in ids]
    return lambda request: (200, {"hits": {"total": {"value": len(ids)}, "hits": hits}})


def test_more_like_this_gives_live_public_articles_in_its_order_in_one_query(
    fake_es, articles, django_assert_num_queries
):
    page, *others = articles
    private = others[0]
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    ordered = [private.pk, others[4].pk, 999_999, others[2].pk, others[3].pk, others[1].pk]
    fake_es.routes[("POST", "_search")] = answer(ordered)
    with django_assert_num_queries(1):
        # The article page fetches the credits of all its related items together.
        related = list(related_articles(page, limit=3).prefetch_related(None))
    assert [a.pk for a in related] == [others[4].pk, others[2].pk, others[3].pk]
    body = fake_es.of("_search")[0].body
    mlt = body["query"]["bool"]["must"][0]["more_like_this"]
    assert mlt["fields"] == ["title", "standfirst", "body", "tags.name"]
    assert mlt["like"] == [{"_index": alias_name(), "_id": str(page.pk)}]
    assert body["query"]["bool"]["must_not"] == [{"term": {"page_id": page.pk}}]


def test_failing_or_empty_elasticsearch_gives_the_database_choice(fake_es, articles):
    page = articles[0]
    expected = {a.pk for a in articles[1:4]}  # those sharing its tag
    fake_es.fail_with = 503
    assert {a.pk for a in related_articles(page)} == expected
    fake_es.fail_with = None
    assert {a.pk for a in related_articles(page)} == expected  # no similar documents


def test_without_elasticsearch_the_database_chooses(settings, articles):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
    assert {a.pk for a in related_articles(articles[0])} == {a.pk for a in articles[1:4]}


def test_the_article_page_shows_elasticsearch_related_articles(fake_es, articles, client):
    page, *others = articles
    fake_es.routes[("POST", "_search")] = answer([others[4].pk])
    html = client.get(page.url).content.decode()
    assert others[4].title in html
