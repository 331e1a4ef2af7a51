"""An author profile linked to a user account: editors set the link on the profile's
Settings tab (contributors cannot), and the user's dashboard then lists exactly the
articles crediting that profile, drafts, submissions and scheduled ones included."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from articles.models import ArticlePage
from authors.models import AuthorPage
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db

USER_FIELD = 'name="user"'


def profile_form(author, **fields) -> dict:
    return nested_form_data(
        {
            "title": author.title,
            "slug": author.slug,
            "affiliation": author.affiliation,
            "biography": rich_text(""),
            "links": streamfield([]),
            "comments": inline_formset([]),
            **fields,
        }
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def my_articles(html: str) -> list[tuple[str, str]]:
    """The (title, status) of each article under "My articles", in order ([] when the
    panel is absent)."""
    if 'id="my-articles-content"' not in html:
        return []
    panel = html.split('id="my-articles-content"')[1].split("</section>")[0]
    rows = [row.split("</td>") for row in panel.split("<tr>")[2:]]
    status = "Current page status: "
    return [(_text(cells[0]), _text(cells[1]).removeprefix(status)) for cells in rows]


def test_an_editor_links_a_profile_to_a_user(client, site_tree, editor, contributor):
    author = AuthorPageFactory(title="Cora Writer")
    edit = reverse("wagtailadmin_pages:edit", args=[author.pk])
    client.force_login(editor)
    assert USER_FIELD in client.get(edit).content.decode()
    published = profile_form(author, user=contributor.pk, **{"action-publish": "1"})
    response = client.post(edit, published)
    assert response.status_code == 302
    assert AuthorPage.objects.get(pk=author.pk).user == contributor
    assert contributor.author_profile == author


def test_a_contributor_cannot_set_the_user_of_a_profile(client, site_tree, contributor):
    author = AuthorPageFactory(title="Someone")
    edit = reverse("wagtailadmin_pages:edit", args=[author.pk])
    client.force_login(contributor)
    assert USER_FIELD not in client.get(edit).content.decode()
    response = client.post(edit, profile_form(author, user=contributor.pk))
    assert response.status_code == 302  # the draft is saved, the user left out
    assert AuthorPage.objects.get(pk=author.pk).user is None


def test_my_articles_lists_every_article_crediting_the_users_profile(
    client, site_tree, contributor
):
    mine = AuthorPageFactory(title="Cora Writer", user=contributor)
    other = AuthorPageFactory(title="Someone Else")
    ArticlePageFactory(title="Live piece", authors=[other, mine]).save_revision().publish()
    draft = ArticlePageFactory(title="Draft piece", authors=[mine], live=False)
    draft.save_revision()
    scheduled = ArticlePageFactory(title="Embargoed piece", authors=[mine], live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    submitted = ArticlePageFactory(title="Submitted piece", authors=[mine], live=False)
    submitted.save_revision()
    submitted.get_workflow().start(submitted, contributor)
    ArticlePageFactory(title="Not mine", authors=[other]).save_revision()

    client.force_login(contributor)
    html = client.get("/admin/").content.decode()

    assert my_articles(html) == [
        ("Submitted piece", "in moderation"),
        ("Embargoed piece", "scheduled"),
        ("Draft piece", "draft"),
        ("Live piece", "live"),
    ]
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[draft.pk])}"' in html


def test_a_user_without_a_profile_has_no_my_articles(admin_client, site_tree):
    ArticlePageFactory(title="Live piece", authors=[AuthorPageFactory()])
    html = admin_client.get("/admin/").content.decode()
    assert 'id="my-articles-content"' not in html


def test_my_articles_links_to_all_of_them_past_the_first_ten(client, site_tree, contributor):
    mine = AuthorPageFactory(user=contributor)
    for n in range(12):
        ArticlePageFactory(title=f"Piece {n}", authors=[mine]).save_revision()
    client.force_login(contributor)
    html = client.get("/admin/").content.decode()
    assert len(my_articles(html)) == 10
    listing = f"{reverse('article_listing:index')}?author={mine.pk}"
    assert f'href="{listing}">All 12 articles' in html
    listed = client.get(listing).content.decode()
    assert "Piece 0" in listed
    assert "Piece 11" in listed


def test_my_articles_costs_the_same_queries_for_two_articles_as_for_ten(
    client, site_tree, contributor
):
    mine = AuthorPageFactory(user=contributor)
    client.force_login(contributor)

    def dashboard_queries(articles: int) -> int:
        while len(ArticlePage.objects.filter(article_authors__author=mine)) < articles:
            draft = ArticlePageFactory(authors=[mine], live=False)
            draft.save_revision()
            draft.get_workflow().start(draft, contributor)
        client.get("/admin/")  # warm
        with CaptureQueriesContext(connection) as queries:
            assert len(my_articles(client.get("/admin/").content.decode())) == articles
        return len(queries)

    assert dashboard_queries(2) == dashboard_queries(10)


def test_a_copied_profile_leaves_the_user_account_with_the_original(site_tree, contributor):
    author = AuthorPageFactory(title="Cora Writer", user=contributor)
    copy = author.copy(update_attrs={"slug": "cora-writer-copy", "title": "Cora Writer (copy)"})
    assert copy.specific.user is None
    assert AuthorPage.objects.get(pk=author.pk).user == contributor
