"""Fragments of reader pages (cms/core/fragments.py), with the page cache off.

Each article is read once so its fragments (the site, its route, the site settings, its
rendered parts) are warm and served without a query; then a change made the way an editor
makes it must show on the next request, and nothing a fragment holds may outlive what
it shows.
"""

from datetime import timedelta

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
import time_machine

from articles.models import ArticlePage, ReviewLink
from cms.core.models import SiteSettings
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


@pytest.fixture
def pair(site_tree):
    """ "Summit diplomacy" by Georgy Toloraya, picking "Sanctions relief" as related."""
    author = AuthorPageFactory(title="Georgy Toloraya", slug="toloraya")
    target = ArticlePageFactory(title="Sanctions relief", slug="relief", authors=[author])
    article = ArticlePageFactory(
        title="Summit diplomacy",
        slug="summit",
        authors=[author],
        body=[("paragraph", "<p>The first draft of history.</p>")],
        related=[("related_articles", {"heading": "", "items": [("article", target)]})],
    )
    return {"author": author, "target": target, "article": article}


def warm(client, url, django_assert_num_queries) -> bytes:
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(url)
    return response.content


def publish(page, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_a_new_body_shows_once_published(
    client, pair, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert b"The first draft of history." in warm(
        client, "/articles/summit/", django_assert_num_queries
    )
    article = ArticlePage.objects.get(pk=pair["article"].pk)
    article.body = [("paragraph", "<p>The second draft of history.</p>")]

    article.save_revision()
    assert b"The first draft of history." in client.get("/articles/summit/").content

    publish(article, django_capture_on_commit_callbacks)
    html = client.get("/articles/summit/").content
    assert b"The second draft of history." in html
    assert b"The first draft of history." not in html


def test_a_related_articles_new_title_and_an_authors_new_name_show(
    client, pair, django_assert_num_queries, django_capture_on_commit_callbacks
):
    html = warm(client, "/articles/summit/", django_assert_num_queries)
    assert b"Sanctions relief" in html
    target = ArticlePage.objects.get(pk=pair["target"].pk)
    target.title = "Sanctions, relieved"
    publish(target, django_capture_on_commit_callbacks)
    author = pair["author"]
    author.title = "G. D. Toloraya"
    publish(author, django_capture_on_commit_callbacks)

    html = client.get("/articles/summit/").content
    assert b"Sanctions, relieved" in html
    assert html.count(b"G. D. Toloraya") >= 2  # the byline and the related item


def test_new_site_settings_show(client, pair, django_assert_num_queries):
    warm(client, "/articles/summit/", django_assert_num_queries)
    settings = SiteSettings.for_site(pair["article"].get_site())
    settings.organisation_name = "Asia Policy Forum"
    settings.save()

    assert b"Asia Policy Forum" in client.get("/articles/summit/").content


def test_a_restriction_takes_the_article_off(
    client, pair, django_assert_num_queries, django_capture_on_commit_callbacks
):
    warm(client, "/articles/summit/", django_assert_num_queries)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=pair["article"], restriction_type=PageViewRestriction.LOGIN
        )

    assert client.get("/articles/summit/").status_code == 302


def test_an_article_past_its_expiry_is_gone_before_the_worker_unpublishes_it(
    client, pair, django_assert_num_queries
):
    soon = timezone.now() + timedelta(minutes=1)
    ArticlePage.objects.filter(pk=pair["article"].pk).update(expire_at=soon)
    warm(client, "/articles/summit/", django_assert_num_queries)

    # Time passing is no event: nothing retires the fragments.
    with time_machine.travel(soon + timedelta(seconds=1)):
        assert client.get("/articles/summit/").status_code == 404


def test_a_review_link_shows_the_draft_not_the_published_article(
    client, pair, editor, django_assert_num_queries
):
    warm(client, "/articles/summit/", django_assert_num_queries)
    article = ArticlePage.objects.get(pk=pair["article"].pk)
    article.body = [("paragraph", "<p>A draft under review.</p>")]
    article.save_revision()
    _, token = ReviewLink.create(article, editor, days=3, label="Desk")

    html = client.get(f"/review/{token}/").content
    assert b"A draft under review." in html
    assert b"The first draft of history." not in html
    assert b"The first draft of history." in client.get("/articles/summit/").content
