"""An author credited on live articles cannot be deleted, alone, in bulk or with a section."""

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from authors.models import AuthorPage
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credited(site_tree):
    author = AuthorPageFactory(title="Georgy Toloraya")
    ArticlePageFactory(title="Summit analysis", authors=[author])
    ArticlePageFactory(title="Old draft", authors=[author], live=False)
    return author


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_a_credited_author_is_refused_with_the_articles(admin_client, credited, method):
    url = reverse("wagtailadmin_pages:delete", args=[credited.pk])
    response = getattr(admin_client, method)(url)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[credited.pk])
    [message] = messages_of(response)
    assert "credited on 1 live article(s): “Summit analysis”" in message
    assert AuthorPage.objects.filter(pk=credited.pk).exists()


def test_deleting_the_authors_section_is_refused_too(admin_client, site_tree, credited):
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[site_tree.authors.pk]))
    assert AuthorPage.objects.filter(pk=credited.pk).exists()


def test_bulk_deleting_a_credited_author_is_refused(admin_client, site_tree, credited):
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={credited.pk}&childOf={site_tree.authors.pk}"
    )
    response = admin_client.post(url)
    assert response.status_code == 302
    assert "Summit analysis" in messages_of(response)[0]
    assert AuthorPage.objects.filter(pk=credited.pk).exists()


def test_an_author_credited_on_drafts_only_can_be_deleted(admin_client, site_tree):
    author = AuthorPageFactory()
    ArticlePageFactory(authors=[author], live=False)
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[author.pk]))
    assert not AuthorPage.objects.filter(pk=author.pk).exists()
