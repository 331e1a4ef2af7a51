import datetime

from django.utils import timezone

from tests.factories import ArticlePageFactory


def test_an_article_past_its_expiry_is_hidden_before_it_is_unpublished(client, site_tree):
    past = timezone.now() - datetime.timedelta(minutes=1)
    expired = ArticlePageFactory(title="Old news", expire_at=past)
    ArticlePageFactory(title="Fresh news")
    expired.refresh_from_db()
    # publish_scheduled has not run yet
    assert expired.live
    assert not expired.expired

    assert client.get(expired.url).status_code == 404
    listing = client.get("/articles/").content.decode()
    assert "Fresh news" in listing
    assert "Old news" not in listing


def test_an_article_with_a_future_expiry_is_shown(client, site_tree):
    future = timezone.now() + datetime.timedelta(days=1)
    article = ArticlePageFactory(title="Still current", expire_at=future)
    assert client.get(article.url).status_code == 200
    assert "Still current" in client.get("/articles/").content.decode()


def test_search_does_not_find_an_article_past_its_expiry(client, site_tree):
    past = timezone.now() - datetime.timedelta(minutes=1)
    ArticlePageFactory(title="Expired sanctions note", expire_at=past)
    ArticlePageFactory(title="Current sanctions note")

    titles = [hit["title"] for hit in client.get("/api/search/?q=sanctions").json()["hits"]]

    assert titles == ["Current sanctions note"]
