"""Tags are managed in the admin: listed with their article counts, renamed, deleted, merged."""

from django.urls import reverse

from taggit.models import Tag

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticlePage
from tests.editor_forms import post_data
from tests.factories import ArticlePageFactory, AuthorPageFactory, ImageFactory

pytestmark = pytest.mark.django_db


def listed_counts(client) -> dict[str, str]:
    """The tags listing as {name: its Articles column}."""
    html = client.get(reverse("wagtailsnippets_taggit_tag:list")).content.decode()
    rows = BeautifulSoup(html, "html.parser").select("table.listing tbody tr")
    return {
        row.select_one("td.title [id$=_title]").get_text(strip=True): row.find_all("td")[
            -1
        ].get_text(strip=True)
        for row in rows
    }


def test_tags_are_listed_with_their_article_counts(admin_client):
    ArticlePageFactory(tags=["sanctions", "summit"])
    ArticlePageFactory(tags=["sanctions"])
    assert listed_counts(admin_client) == {"sanctions": "2", "summit": "1"}


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


def merge_url(*tags) -> str:
    ids = "&".join(f"id={tag.pk}" for tag in tags)
    return f"{reverse('wagtail_bulk_action', args=['taggit', 'tag', 'merge'])}?{ids}"


@pytest.fixture
def dprk_articles(site_tree):
    """Three articles in "Summit" reports: under "dprk", under both, under "north korea"."""
    return [
        ArticlePageFactory(title="Summit in Hanoi", tags=["dprk"]),
        ArticlePageFactory(title="Summit in Singapore", tags=["dprk", "north korea"]),
        ArticlePageFactory(title="Summit in Vladivostok", tags=["north korea", "russia"]),
    ]


def test_merging_asks_for_the_target_first_and_changes_nothing_until_confirmed(
    admin_client, dprk_articles
):
    dprk = Tag.objects.get(name="dprk")
    russia = Tag.objects.get(name="russia")
    html = admin_client.get(merge_url(dprk, russia)).content.decode()
    items = BeautifulSoup(html, "html.parser").select("main li")
    listed = [item.get_text(" ", strip=True) for item in items]
    assert "dprk (2 articles)" in listed
    assert "russia (1 article)" in listed
    assert "Yes, merge" in html
    assert listed_counts(admin_client) == {"dprk": "2", "north korea": "2", "russia": "1"}


def test_merged_tags_leave_one_tag_on_every_article(admin_client, client, dprk_articles):
    dprk = Tag.objects.get(name="dprk")
    target = Tag.objects.get(name="north korea")
    listing = reverse("wagtailsnippets_taggit_tag:list")

    response = admin_client.post(merge_url(dprk), {"target": target.pk, "next": listing})

    assert response.status_code == 302
    page = admin_client.get(response.url).content.decode()
    assert "1 tag merged into “north korea”." in page
    assert listed_counts(admin_client) == {"north korea": "3", "russia": "1"}
    both = ArticlePage.objects.get(pk=dprk_articles[1].pk)
    assert [tag.name for tag in both.tags.all()] == ["north korea"]
    assert client.get("/tags/dprk/").status_code == 404
    archive = client.get(f"/tags/{target.slug}/").content.decode()
    assert all(article.title in archive for article in dprk_articles)


def test_the_reader_search_finds_the_merged_articles_by_the_target(
    admin_client, client, settings, dprk_articles
):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}  # the database backend
    target = Tag.objects.get(name="north korea")
    admin_client.post(merge_url(Tag.objects.get(name="dprk")), {"target": target.pk})

    data = client.get("/api/search/", {"q": "summit", "tag": target.slug}).json()
    assert sorted(hit["title"] for hit in data["hits"]) == [a.title for a in dprk_articles]
    assert [(f["slug"], f["count"]) for f in data["facets"]["tags"]][:1] == [(target.slug, 3)]
    assert "dprk" not in {facet["slug"] for facet in data["facets"]["tags"]}


def test_a_tag_is_not_merged_into_itself(admin_client, dprk_articles):
    dprk = Tag.objects.get(name="dprk")
    response = admin_client.post(merge_url(dprk), {"target": dprk.pk})
    assert response.status_code == 200
    assert "“dprk” cannot be merged into itself: choose another tag." in response.text
    assert listed_counts(admin_client)["dprk"] == "2"


def test_the_target_among_the_selected_tags_takes_the_others(admin_client, dprk_articles):
    dprk, russia = Tag.objects.get(name="dprk"), Tag.objects.get(name="russia")
    target = Tag.objects.get(name="north korea")
    response = admin_client.post(merge_url(dprk, russia, target), {"target": target.pk})
    assert response.status_code == 302
    assert listed_counts(admin_client) == {"north korea": "3"}


def test_a_draft_keeps_the_merged_tag_when_it_is_published(admin_client, site_tree):
    author = AuthorPageFactory()
    article = ArticlePageFactory(title="Summit in Hanoi", tags=["dprk"], authors=[author])
    article.title = "Summit in Hanoi, revised"
    article.save_revision()  # a draft, tagged "dprk"
    target = Tag.objects.create(name="north korea", slug="north-korea")
    admin_client.post(merge_url(Tag.objects.get(name="dprk")), {"target": target.pk})

    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    form = BeautifulSoup(admin_client.get(edit).text, "html.parser")
    shown = form.select_one("input[name=tags]")["value"]
    assert shown == '"north korea"'  # taggit quotes a name with a space
    draft = article.get_latest_revision_as_object()
    admin_client.post(edit, post_data(draft, "action-publish", tags=shown))
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.title == "Summit in Hanoi, revised"
    assert [tag.name for tag in article.tags.all()] == ["north korea"]


def test_images_tagged_with_a_merged_tag_carry_the_target(admin_client, dprk_articles):
    image = ImageFactory()
    image.tags.add("dprk", "north korea")
    other = ImageFactory()
    other.tags.add("dprk")
    target = Tag.objects.get(name="north korea")
    admin_client.post(merge_url(Tag.objects.get(name="dprk")), {"target": target.pk})
    assert [tag.name for tag in image.tags.all()] == ["north korea"]
    assert [tag.name for tag in other.tags.all()] == ["north korea"]


def test_a_tag_only_a_draft_carries_is_merged_in_the_draft(admin_client, site_tree):
    article = ArticlePageFactory(tags=["kept"], authors=[AuthorPageFactory()])
    article.tags.add("dprk")  # in the draft only: the live article has "kept" alone
    article.save_revision()
    assert [tag.name for tag in ArticlePage.objects.get(pk=article.pk).tags.all()] == ["kept"]
    target = Tag.objects.create(name="north korea", slug="north-korea")
    admin_client.post(merge_url(Tag.objects.get(name="dprk")), {"target": target.pk})
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert sorted(tag.name for tag in draft.tags.all()) == ["kept", "north korea"]


@pytest.mark.parametrize("ids", ["id=abc", "id=999999", ""])
def test_merging_no_tag_or_an_unknown_one_is_a_404(admin_client, site_tree, ids):
    url = reverse("wagtail_bulk_action", args=["taggit", "tag", "merge"])
    assert admin_client.get(f"{url}?{ids}").status_code == 404
