"""The read-only Wagtail API v2 at /api/v2/: what it exposes, and only public live content."""

import io
from unittest import mock

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Site

import pytest
import wagtail_factories

from articles.models import ArticleDocument
from cms.core.models import SiteSettings
from tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    DisclaimerFactory,
    ImageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_demo_content_is_served(client, db):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())

    data = get(client, "/api/v2/pages/", type="articles.ArticlePage", fields="*")

    assert data["meta"]["total_count"] == 5
    titles = {item["title"] for item in data["items"]}
    assert "Prospects of Kim Jong-un’s Visit to Russia" in titles
    image = ImageFactory(title="Hanoi summit")
    images = get(client, "/api/v2/images/")
    assert images["meta"]["total_count"] == 1
    assert [(item["id"], item["title"]) for item in images["items"]] == [(image.pk, "Hanoi summit")]
    assert get(client, "/api/v2/documents/")["meta"]["total_count"] == 0


def test_article_fields(client, site_tree):
    settings = SiteSettings.for_site(site_tree.site)
    settings.default_disclaimer = DisclaimerFactory(name="Club", text="<p>Views are own.</p>")
    settings.save()
    toloraya = AuthorPageFactory(title="Georgy Toloraya", slug="gt", affiliation="MGIMO")
    asmolov = AuthorPageFactory(title="Konstantin Asmolov", slug="ka")
    target = ArticlePageFactory(title="Target", slug="target")
    hero = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    article = ArticlePageFactory(
        title="Summit",
        slug="summit",
        standfirst="What it means.",
        authors=[(toloraya, "interviewed expert", "BRICS committee"), asmolov],
        tags=["sanctions"],
        topics=[TopicFactory(name="Russia", slug="russia")],
        hero_image=hero,
        related=[
            (
                "related_articles",
                {
                    "heading": "See also",
                    "items": [
                        ("article", target),
                        ("external", {"title": "Elsewhere", "url": "https://example.org/"}),
                    ],
                },
            )
        ],
    )

    data = get(client, f"/api/v2/pages/{article.pk}/")

    assert data["meta"]["type"] == "articles.ArticlePage"
    assert data["standfirst"] == "What it means."
    assert data["display_date"] == article.display_date.isoformat()
    assert data["article_type"] == {"name": "Analysis", "slug": "analysis"}
    assert data["authors"] == [
        {
            "id": toloraya.pk,
            "name": "Georgy Toloraya",
            "slug": "gt",
            "affiliation": "BRICS committee",
            "role": "interviewed expert",
            "url": "http://localhost/authors/gt/",
        },
        {
            "id": asmolov.pk,
            "name": "Konstantin Asmolov",
            "slug": "ka",
            "affiliation": "Senior Fellow",
            "role": "",
            "url": "http://localhost/authors/ka/",
        },
    ]
    assert data["tags"] == [{"name": "sanctions", "slug": "sanctions"}]
    assert data["topics"] == [{"name": "Russia", "slug": "russia"}]
    assert data["hero_image"]["id"] == hero.pk
    assert data["hero_image_large"]["width"] == 1200
    assert data["hero_image_thumbnail"]["url"].startswith("/media/images/")
    assert data["body"][0]["type"] == "paragraph"
    related = data["related_items"]
    assert related["heading"] == "See also"
    assert [item["title"] for item in related["items"]] == ["Target", "Elsewhere"]
    assert data["disclaimer"] == {"name": "Club", "text": "<p>Views are own.</p>"}


def test_author_fields(client, site_tree):
    author = AuthorPageFactory(
        title="Georgy Toloraya",
        slug="gt",
        affiliation="MGIMO Professor",
        biography="<p>Diplomat.</p>",
        photo=wagtail_factories.ImageFactory(file__width=600, file__height=600),
        links=[("link", {"label": "Site", "url": "https://example.org/"})],
    )

    data = get(client, f"/api/v2/pages/{author.pk}/")

    assert data["affiliation"] == "MGIMO Professor"
    assert data["biography"] == "<p>Diplomat.</p>"
    assert data["photo_thumbnail"]["width"] == 240
    assert data["links"][0]["value"] == {"label": "Site", "url": "https://example.org/"}


def test_no_cors_headers(client, site_tree):
    response = client.get("/api/v2/pages/", headers={"origin": "https://elsewhere.example"})

    assert response.status_code == 200
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_documents_in_a_private_collection_are_not_listed(client, db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="x"
    )
    inner = private.add_child(name="Minutes")
    wagtail_factories.DocumentFactory(title="Public report")
    wagtail_factories.DocumentFactory(title="Board minutes", collection=inner)
    wagtail_factories.DocumentFactory(title="Board agenda", collection=private)

    data = get(client, "/api/v2/documents/")

    assert [item["title"] for item in data["items"]] == ["Public report"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "nope.Nope"},
        {"child_of": "abc"},
        {"child_of": "999999"},
        {"limit": "-1"},
        {"offset": "abc"},
        {"fields": "nonexistent"},
        {"order": "nonexistent"},
    ],
    ids=lambda params: "&".join(f"{name}={value}" for name, value in params.items()),
)
def test_bad_queries_are_400(client, site_tree, params):
    assert client.get("/api/v2/pages/", params).status_code == 400


@pytest.mark.usefixtures("page_cache_off")
def test_the_listing_counts_once_per_generation_and_a_search_counts_its_own(
    client, site_tree, django_capture_on_commit_callbacks
):
    for n in range(3):
        ArticlePageFactory(title=f"Walrus {n}")
    listing = {"type": "articles.ArticlePage"}
    assert get(client, "/api/v2/pages/", **listing)["meta"]["total_count"] == 3
    with CaptureQueriesContext(connection) as captured:
        assert get(client, "/api/v2/pages/", **listing)["meta"]["total_count"] == 3
    assert not [q for q in captured if "COUNT(" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(title="Walrus 3").save_revision().publish()
    assert get(client, "/api/v2/pages/", **listing)["meta"]["total_count"] == 4
    found = get(client, "/api/v2/pages/", search="Walrus 3", search_operator="and", **listing)
    assert [item["title"] for item in found["items"]] == ["Walrus 3"]
    assert found["meta"]["total_count"] == 1
    assert get(client, "/api/v2/pages/", offset=3, **listing)["meta"]["total_count"] == 4


def _warm_queries(client, url) -> tuple[int, int]:
    """The queries of a listing, and its reads of the sites' root paths (from the cache,
    Redis in production)."""
    client.get(url)
    root_paths = mock.patch.object(
        Site, "get_site_root_paths", autospec=True, side_effect=Site.get_site_root_paths
    )
    with CaptureQueriesContext(connection) as captured, root_paths as read:
        assert client.get(url).status_code == 200
    return len(captured), read.call_count


def _listed_article(n: int, author, topic):
    page = ArticlePageFactory(
        title=f"Listed {n}", authors=[author], tags=[f"tag-{n}"], topics=[topic]
    )
    pdf = ContentFile(b"%PDF-1.4\n", name=f"listed-{n}.pdf")
    document = get_document_model().objects.create(title=f"Listed {n}", file=pdf)
    ArticleDocument.objects.create(page=page, document=document, language="en")
    return page


@pytest.mark.parametrize("fields", ["", "authors,tags,topics,article_type,series,footnotes,pdfs"])
def test_an_article_listing_takes_as_many_queries_for_five_articles_as_for_one(
    client, site_tree, page_cache_off, fields
):
    # Each page's html_url read the sites' root paths from the cache, and each field its
    # rows, once per page of the listing.
    author, topic = AuthorPageFactory(title="Listed Author"), TopicFactory(name="Listed")
    url = f"/api/v2/pages/?type=articles.ArticlePage&fields={fields}"
    first = _listed_article(0, author, topic)
    one = _warm_queries(client, url)
    for n in range(1, 5):
        _listed_article(n, author, topic)
    assert _warm_queries(client, url) == one
    (item,) = [i for i in get(client, url)["items"] if i["id"] == first.pk]
    assert item["meta"]["html_url"] == first.full_url
    if fields:
        assert [a["name"] for a in item["authors"]] == ["Listed Author"]
        assert [t["slug"] for t in item["tags"]] == ["tag-0"]
        assert [t["name"] for t in item["topics"]] == ["Listed"]
        assert [p["title"] for p in item["pdfs"]] == ["Listed 0"]


def test_an_author_listing_takes_as_many_queries_for_five_profiles_as_for_one(
    client, site_tree, page_cache_off
):
    topic = TopicFactory(name="Korea")
    url = "/api/v2/pages/?type=authors.AuthorPage&fields=expertise,languages"
    AuthorPageFactory(title="Listed 0", expertise=[topic], languages=["en", "ru"])
    one = _warm_queries(client, url)
    for n in range(1, 5):
        AuthorPageFactory(title=f"Listed {n}", expertise=[topic], languages=["ru"])
    assert _warm_queries(client, url) == one
    (item,) = [i for i in get(client, url)["items"] if i["title"] == "Listed 0"]
    assert item["expertise"] == [{"name": "Korea", "slug": topic.slug}]
    assert [language["code"] for language in item["languages"]] == ["en", "ru"]
