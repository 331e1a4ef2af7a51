"""Tags are managed in the admin: listed with their article counts, renamed, deleted."""

from django.urls import reverse

from taggit.models import Tag

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_tags_are_listed_with_their_article_counts(admin_client):
    ArticlePageFactory(tags=["sanctions", "summit"])
    ArticlePageFactory(tags=["sanctions"])
    html = admin_client.get(reverse("wagtailsnippets_taggit_tag:list")).content.decode()
    rows = {row.split("</td>")[0]: row for row in html.split('<td class="title')[1:]}
    sanctions = next(row for key, row in rows.items() if "sanctions" in key)
    summit = next(row for key, row in rows.items() if "summit" in key)
    assert ">2<" in sanctions.replace(" ", "").replace("\n", "")
    assert ">1<" in summit.replace(" ", "").replace("\n", "")


def test_a_renamed_tag_shows_its_new_name_on_the_articles(admin_client, client):
    article = ArticlePageFactory(tags=["dprk"])
    tag = Tag.objects.get(name="dprk")
    response = admin_client.post(
        reverse("wagtailsnippets_taggit_tag:edit", args=[tag.pk]),
        {"name": "North Korea", "slug": "north-korea"},
    )
    assert response.status_code == 302
    assert "North Korea" in client.get(article.url).content.decode()
    assert client.get("/tags/north-korea/").status_code == 200
    assert client.get("/tags/dprk/").status_code == 404


def test_a_deleted_tag_leaves_its_articles(admin_client, client):
    article = ArticlePageFactory(tags=["obsolete", "kept"])
    tag = Tag.objects.get(name="obsolete")
    admin_client.post(reverse("wagtailsnippets_taggit_tag:delete", args=[tag.pk]))
    assert not Tag.objects.filter(name="obsolete").exists()
    assert [t.name for t in article.tags.all()] == ["kept"]
    assert client.get(article.url).status_code == 200
