"""Review links: whoever may edit an article shares its current draft through a link that
works without an account, until it expires or is revoked; anyone else is refused."""

import datetime
import html
import io
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from articles.models import ReviewLink
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

NEW_LINK = re.compile(r'<input[^>]*value="([^"]+)"[^>]*aria-label="Review link"')


def person(role: str, username: str):
    call_command(f"create_{role}", username, stdout=io.StringIO())
    return get_user_model().objects.get(username=username)


@pytest.fixture
def editor(site_tree):
    return person("editor", "edna")


@pytest.fixture
def draft(site_tree):
    author = AuthorPageFactory(title="Georgy Toloraya")
    return ArticlePageFactory(
        title="Embargoed summit analysis",
        standfirst="What the summit will settle.",
        authors=[author],
        live=False,
    )


def links_url(page) -> str:
    return reverse("articles_review_links", args=[page.pk])


def share(client, page, **fields) -> str:
    """Create a link through the admin page; the path it opens."""
    response = client.post(links_url(page), {"label": "", "days": "7", **fields})
    assert response.status_code == 200
    url = html.unescape(NEW_LINK.search(response.content.decode()).group(1))
    assert url.startswith("http://testserver/review/")
    return url.removeprefix("http://testserver")


def test_an_editor_shares_a_draft_that_opens_without_an_account(client, editor, draft):
    client.force_login(editor)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert "Share a preview" in edit_page
    assert links_url(draft) in edit_page
    explorer = client.get(reverse("wagtailadmin_explore", args=[draft.get_parent().pk]))
    assert links_url(draft) in explorer.content.decode()

    path = share(client, draft, label="for Dr X")

    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Embargoed summit analysis" in page
    assert "What the summit will settle." in page
    assert "Georgy Toloraya" in page
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(path).status_code == 200  # the editor's own session too
    assert Client().head(path).status_code == 200
    assert Client().post(path).status_code == 405

    listing = client.get(links_url(draft)).content.decode()
    assert "for Dr X" in listing
    assert "Active" in listing
    assert path not in listing  # the URL is shown once, at creation


def test_a_contributor_shares_their_draft(client, site_tree, draft):
    contributor = person("contributor", "cora")
    draft.owner = contributor
    draft.save()
    client.force_login(contributor)

    assert Client().get(share(client, draft)).status_code == 200


def test_the_link_shows_the_latest_draft_not_the_published_version(client, editor, draft):
    draft.save_revision().publish()
    client.force_login(editor)
    path = share(client, draft)
    draft.refresh_from_db()
    draft.title = "Revised summit analysis"
    draft.standfirst = "A later draft's standfirst."
    draft.save_revision()

    page = Client().get(path).content.decode()

    assert "<h1>Revised summit analysis</h1>" in page
    assert "A later draft&#x27;s standfirst." in page
    assert "<h1>Embargoed summit analysis</h1>" not in page
    assert "<h1>Embargoed summit analysis</h1>" in Client().get(draft.url).content.decode()


def test_a_scheduled_article_opens_by_its_link_only(client, editor, draft):
    draft.go_live_at = timezone.now() + datetime.timedelta(days=2)
    draft.save_revision().publish()
    client.force_login(editor)
    path = share(client, draft)

    assert Client().get(path).status_code == 200
    assert Client().get("/articles/" + draft.slug + "/").status_code == 404


def test_wrong_expired_and_revoked_links_give_the_same_404(client, editor, draft):
    client.force_login(editor)
    expired, revoked = share(client, draft, days="2"), share(client, draft)
    assert client.get(links_url(draft)).content.decode().count(">Revoke</button>") == 2
    link = ReviewLink.objects.get(expires_at__gt=timezone.now() + datetime.timedelta(days=3))
    response = client.post(reverse("articles_review_link_revoke", args=[draft.pk, link.pk]))
    assert response.status_code == 302
    listing = client.get(links_url(draft)).content.decode()
    assert "Revoked" in listing
    assert listing.count(">Revoke</button>") == 1

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        answers = [Client().get(path) for path in (expired, revoked, "/review/not-a-token/")]
        assert "Expired" in client.get(links_url(draft)).content.decode()

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert answers[0].content == answers[1].content == answers[2].content


def test_the_link_expires_after_a_week_by_default(client, editor, draft):
    client.force_login(editor)
    path = share(client, draft)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert Client().get(path).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert Client().get(path).status_code == 404


@pytest.mark.parametrize("days", ["0", "91", "soon", ""])
def test_an_expiry_out_of_range_is_a_form_error(client, editor, draft, days):
    client.force_login(editor)

    response = client.post(links_url(draft), {"label": "x", "days": days})

    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert 'aria-label="Review link"' not in response.content.decode()
    assert not ReviewLink.objects.exists()


def test_a_deleted_article_takes_its_links_with_it(client, editor, draft):
    client.force_login(editor)
    path = share(client, draft)
    draft.delete()

    assert Client().get(path).status_code == 404


def test_only_the_digest_of_the_token_is_stored(client, editor, draft):
    client.force_login(editor)
    token = share(client, draft).split("/")[2]

    link = ReviewLink.objects.get()
    assert token not in (link.digest, link.label)
    assert len(token) >= 43


def test_someone_who_cannot_edit_the_article_is_refused(client, editor, draft):
    client.force_login(editor)
    path = share(client, draft)
    link = ReviewLink.objects.get()
    outsider = get_user_model().objects.create_user("otto", password="pw")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)

    assert client.get(links_url(draft)).status_code == 403
    assert client.post(links_url(draft), {"label": "", "days": "7"}).status_code == 403
    revoke = reverse("articles_review_link_revoke", args=[draft.pk, link.pk])
    assert client.post(revoke).status_code == 403
    assert ReviewLink.objects.count() == 1
    assert Client().get(path).status_code == 200


def test_a_link_is_revoked_only_through_its_own_article(client, editor, draft):
    other = ArticlePageFactory()
    client.force_login(editor)
    path = share(client, draft)
    link = ReviewLink.objects.get()

    revoke = "articles_review_link_revoke"

    assert client.post(reverse(revoke, args=[other.pk, link.pk])).status_code == 404
    assert client.get(reverse(revoke, args=[draft.pk, link.pk])).status_code == 405
    assert client.get(links_url(draft.get_parent())).status_code == 404  # not an article
    assert Client().get(path).status_code == 200


def test_a_shared_draft_stays_off_every_other_public_surface(client, editor, draft):
    client.force_login(editor)
    share(client, draft)

    for url in ["/", "/articles/", "/sitemap-pages.xml", "/feeds/rss/", "/api/v2/pages/"]:
        answer = Client().get(url).content.decode()
        assert "Embargoed summit analysis" not in answer
        assert "/review/" not in answer
    assert "Embargoed" not in Client().get("/search/?q=embargoed").content.decode()
