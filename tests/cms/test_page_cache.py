"""The page cache for anonymous readers (cms/core/page_cache.py, cms/cache_events.py).

Pages are warmed first and proved to come from the cache (served again without a single
SQL query); then a change made the way an editor makes it must show on the very next
request to every page that shows it. The page cache is on throughout the suite, so the
worker's tests (tests/cms/test_worker.py) prove scheduled go-live and expiry the same way.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Page, PageViewRestriction

import pytest

from articles.models import ArticlePage
from cms.core.models import SiteSettings
from cms.core.page_cache import generation, pages_retired, retire_cached_pages, retiring_once
from tests.factories import ArticlePageFactory, AuthorPageFactory, DisclaimerFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(site_tree):
    """An author with one article tagged "sanctions" in the topic "Korean Peninsula"."""
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya", affiliation="Fellow")
    topic = TopicFactory(name="Korean Peninsula", slug="korean-peninsula")
    first = ArticlePageFactory(
        title="Summit diplomacy",
        slug="summit",
        authors=[author],
        tags=["sanctions"],
        topics=[topic],
    )
    return {"author": author, "topic": topic, "first": first}


def reader_urls(shelf) -> list[str]:
    """Every surface that lists the author's articles."""
    return [
        "/",
        "/articles/",
        "/authors/toloraya/",
        "/tags/sanctions/",
        "/topics/korean-peninsula/",
        "/feeds/rss/",
        "/feeds/json/",
        "/tags/sanctions/feed/",
        "/authors/toloraya/feed/",
        "/search/?q=diplomacy",
        "/api/search/?q=diplomacy",
        "/api/v2/pages/?type=articles.ArticlePage&fields=title",
        "/sitemap-pages.xml",
    ]


def lists(response, title: str, slug: str) -> bool:
    """The page names the article, by its title or its address (the sitemap's only mark)."""
    return title.encode() in response.content or f"/articles/{slug}/".encode() in response.content


def warm(client, urls, django_assert_num_queries) -> None:
    """Each URL rendered once, then served from the cache without touching the database."""
    for url in urls:
        assert client.get(url).status_code == 200, url
    for url in urls:
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url


def publish(page, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_a_cached_page_is_the_same_page(client, shelf, django_assert_num_queries):
    first = client.get("/articles/summit/")
    with django_assert_num_queries(0):
        again = client.get("/articles/summit/")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")


def test_a_publish_shows_at_once_on_every_page_that_lists_it(
    client, shelf, django_assert_num_queries, django_capture_on_commit_callbacks
):
    urls = reader_urls(shelf)
    warm(client, urls, django_assert_num_queries)
    draft = ArticlePageFactory(
        title="Diplomacy after the summit",
        slug="after",
        live=False,
        authors=[shelf["author"]],
        tags=["sanctions"],
        topics=[shelf["topic"]],
    )
    for url in urls:
        assert not lists(client.get(url), "Diplomacy after the summit", "after"), url

    publish(draft, django_capture_on_commit_callbacks)

    for url in urls:
        assert lists(client.get(url), "Diplomacy after the summit", "after"), url
    assert client.get("/articles/after/").status_code == 200


def test_an_unpublish_leaves_every_page_at_once(
    client, shelf, django_assert_num_queries, django_capture_on_commit_callbacks
):
    urls = reader_urls(shelf)
    warm(client, [*urls, "/articles/summit/"], django_assert_num_queries)
    for url in urls:
        assert lists(client.get(url), "Summit diplomacy", "summit"), url

    with django_capture_on_commit_callbacks(execute=True):
        shelf["first"].unpublish()

    for url in urls:
        assert not lists(client.get(url), "Summit diplomacy", "summit"), url
    assert client.get("/articles/summit/").status_code == 404


def test_an_authors_new_affiliation_shows_at_once(
    client, shelf, django_assert_num_queries, django_capture_on_commit_callbacks
):
    urls = ["/articles/summit/", "/authors/", "/authors/toloraya/"]
    warm(client, urls, django_assert_num_queries)
    author = shelf["author"]
    author.affiliation = "Director, Asian Strategy Centre"

    publish(author, django_capture_on_commit_callbacks)

    for url in urls:
        assert b"Director, Asian Strategy Centre" in client.get(url).content, url


def test_a_privacy_change_takes_the_article_off_at_once(
    client, shelf, django_assert_num_queries, django_capture_on_commit_callbacks
):
    warm(client, ["/articles/", "/articles/summit/"], django_assert_num_queries)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=shelf["first"], restriction_type=PageViewRestriction.LOGIN
        )

    assert b"Summit diplomacy" not in client.get("/articles/").content
    assert client.get("/articles/summit/").status_code == 302
    # What a signed-in reader is shown of it is never kept for the others.
    reader = get_user_model().objects.create_user("reader", password="pw")
    client.force_login(reader)
    assert client.get("/articles/summit/").status_code == 200
    client.logout()
    client.cookies.clear()
    assert client.get("/articles/summit/").status_code == 302


def test_moving_and_deleting_show_at_once(client, shelf, django_assert_num_queries):
    second = ArticlePageFactory(title="Second look", slug="second")
    warm(client, ["/articles/", "/articles/second/"], django_assert_num_queries)

    Page.objects.get(pk=second.pk).delete()

    assert b"Second look" not in client.get("/articles/").content
    assert client.get("/articles/second/").status_code == 404


def test_snippets_terms_and_settings_show_at_once(client, shelf, django_assert_num_queries):
    disclaimer = DisclaimerFactory(text="<p>Views are the author's own.</p>")
    ArticlePage.objects.filter(pk=shelf["first"].pk).update(disclaimer=disclaimer)
    warm(client, ["/articles/summit/", "/"], django_assert_num_queries)

    disclaimer.text = "<p>Written in a personal capacity.</p>"
    disclaimer.save()
    settings = SiteSettings.for_site(shelf["first"].get_site())
    settings.organisation_name = "Asia Policy Forum"
    settings.save()
    topic = shelf["topic"]
    topic.name = "Northeast Asia"
    topic.save()

    article = client.get("/articles/summit/").content
    assert b"Written in a personal capacity." in article
    assert b"Northeast Asia" in article
    assert b"Asia Policy Forum" in client.get("/").content


def test_signed_in_users_and_session_holders_never_share_the_cache(
    client, shelf, django_assert_num_queries
):
    user = get_user_model().objects.create_user("reader", password="pw")
    client.force_login(user)
    signed_in = client.get("/articles/summit/")
    assert "X-Page-Cache" not in signed_in
    client.logout()
    client.cookies.clear()

    # Nothing the signed-in request rendered was kept: the first anonymous request renders.
    assert client.get("/articles/summit/")["X-Page-Cache"] == "miss"
    # A change the cache cannot see (an update behind Wagtail's back) shows who is cached.
    ArticlePage.objects.filter(pk=shelf["first"].pk).update(standfirst="A quiet revision.")
    assert b"A quiet revision." not in client.get("/articles/summit/").content
    for cookie in ("sessionid", "csrftoken"):
        client.cookies.clear()
        client.cookies[cookie] = "x" * 32
        response = client.get("/articles/summit/")
        assert b"A quiet revision." in response.content, cookie
        assert "X-Page-Cache" not in response


def test_only_reads_are_cached(client, shelf):
    assert client.get("/search/?q=summit")["X-Page-Cache"] == "miss"
    assert client.head("/search/?q=summit")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.post("/search/?q=summit")
    assert client.get("/admin/login/").status_code == 200
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_query_strings_and_sites_are_kept_apart(client, two_sites):
    local = client.get("/articles/")
    remote = client.get("/articles/", HTTP_HOST="other.test")
    assert b"Local walrus" in local.content
    assert b"Remote walrus" not in local.content
    assert b"Remote walrus" in remote.content
    assert b"Local walrus" not in remote.content
    assert client.get("/articles/", HTTP_HOST="other.test")["X-Page-Cache"] == "hit"
    assert client.get("/articles/?page=1")["X-Page-Cache"] == "miss"


def test_validators_let_browsers_and_cdns_revalidate(client, shelf):
    first = client.get("/articles/summit/")
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=0"
    assert client.get("/articles/summit/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    modified = first["Last-Modified"]
    assert client.get("/articles/summit/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/articles/summit/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


@override_settings(PAGE_CACHE={"SECONDS": 0, "SHARED_SECONDS": 60, "EXCLUDED_PATHS": []})
def test_with_the_cache_off_pages_still_carry_validators(client, shelf):
    first = client.get("/articles/summit/")
    assert "X-Page-Cache" not in first
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert client.get("/articles/summit/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_retiring_once_retires_for_every_change_inside_at_once(
    site_tree, django_capture_on_commit_callbacks
):
    retired = []

    def receiver(sender, pages, **kwargs):
        retired.append(sorted(page.pk for page in pages))

    pages_retired.connect(receiver)
    try:
        first, second = ArticlePageFactory(), ArticlePageFactory()
        retired.clear()
        before = generation()
        with django_capture_on_commit_callbacks(execute=True), retiring_once():
            retire_cached_pages([first])
            retire_cached_pages([second, first])
            assert generation() == before  # nothing until it ends
        assert generation() != before
        assert retired == [sorted([first.pk, second.pk])]

        def failing():
            with retiring_once():
                retire_cached_pages([first])
                raise RuntimeError("rolled back")

        with pytest.raises(RuntimeError):
            failing()
        assert retired == [sorted([first.pk, second.pk])]
    finally:
        pages_retired.disconnect(receiver)


def test_a_release_serves_nothing_rendered_before_it(client, shelf):
    """``migrate`` runs before each release's code serves (deploy/docker-compose.yml): a
    page and its fragments rendered by the old templates are not served after it."""
    client.get("/articles/summit/")
    assert client.get("/articles/summit/")["X-Page-Cache"] == "hit"
    before = generation()

    call_command("migrate", verbosity=0)

    assert generation() != before
    assert client.get("/articles/summit/")["X-Page-Cache"] == "miss"
