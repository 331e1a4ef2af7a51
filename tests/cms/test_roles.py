"""The editorial roles: Editors publish and manage the site, Contributors write and submit
for review; the review workflow runs from a contributor's submission to an editor's
approval, with notifications by email."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from taggit.models import Tag
from wagtail.models import Page, WorkflowState

import pytest

from articles.models import ArticlePage
from cms.core.models import SiteSettings
from cms.roles import CONTRIBUTORS, EDITORS, REVIEW_WORKFLOW
from tests.editor_forms import post_data
from tests.factories import ArticlePageFactory, AuthorPageFactory

pytestmark = pytest.mark.django_db


def test_the_roles_replace_wagtails_stock_groups():
    assert set(Group.objects.values_list("name", flat=True)) == {EDITORS, CONTRIBUTORS}
    workflow = Page.get_first_root_node().get_workflow()
    assert workflow.name == REVIEW_WORKFLOW
    assert [task.specific.groups.get().name for task in workflow.tasks] == [EDITORS]


def test_the_commands_give_one_role_at_a_time(site_tree):
    out = io.StringIO()
    call_command("create_editor", "alex", stdout=out)
    assert "changepassword alex" in out.getvalue()
    call_command("create_contributor", "alex", stdout=io.StringIO())
    user = get_user_model().objects.get(username="alex")
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTORS]
    assert not user.has_usable_password()
    Group.objects.filter(name=EDITORS).delete()
    with pytest.raises(CommandError, match="Editors group is missing"):
        call_command("create_editor", "alex", stdout=io.StringIO())


def test_a_contributor_edits_but_cannot_publish_unpublish_or_delete(site_tree, contributor):
    article = ArticlePageFactory()
    rights = article.permissions_for_user(contributor)
    assert rights.can_edit()
    assert not rights.can_publish()
    assert not rights.can_unpublish()
    assert not rights.can_delete()
    assert site_tree.articles.permissions_for_user(contributor).can_add_subpage()


def test_an_editor_publishes_unpublishes_and_deletes(site_tree, editor):
    rights = ArticlePageFactory().permissions_for_user(editor)
    assert rights.can_publish()
    assert rights.can_unpublish()
    assert rights.can_delete()


@pytest.mark.parametrize(
    ("url", "editor_status", "contributor_status"),
    [
        ("wagtailsettings:edit", 200, 302),
        ("wagtailsnippets_articles_topic:list", 200, 302),
        ("wagtailsnippets_core_disclaimer:list", 200, 302),
        ("wagtailadmin_home", 200, 200),
    ],
)
def test_admin_screens_by_role(
    client, site_tree, editor, contributor, url, editor_status, contributor_status
):
    if url == "wagtailsettings:edit":
        path = reverse(url, args=["core", "sitesettings", site_tree.site.pk])
    else:
        path = reverse(url)
    client.force_login(editor)
    assert client.get(path).status_code == editor_status
    client.force_login(contributor)
    assert client.get(path).status_code == contributor_status


def test_a_forged_publish_by_a_contributor_saves_a_draft_only(client, site_tree, contributor):
    draft = ArticlePageFactory(live=False, authors=[AuthorPageFactory()])
    client.force_login(contributor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]), post_data(draft, "action-publish")
    )
    assert response.status_code in (200, 302)
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_a_submission_is_reviewed_by_an_editor_and_goes_live(
    client, site_tree, editor, contributor
):
    draft = ArticlePageFactory(live=False, title="Submitted piece", authors=[AuthorPageFactory()])
    client.force_login(contributor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]), post_data(draft, "action-submit")
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any("edna@example.org" in message.to for message in mail.outbox)

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")
    assert ArticlePage.objects.get(pk=draft.pk).live
    assert "Submitted piece" in client.get("/articles/").content.decode()


def test_site_settings_stay_as_a_contributor_left_them(client, site_tree, contributor):
    client.force_login(contributor)
    path = reverse("wagtailsettings:edit", args=["core", "sitesettings", site_tree.site.pk])
    client.post(path, {"organisation_name": "Hijacked"})
    assert SiteSettings.for_site(site_tree.site).organisation_name != "Hijacked"


def test_an_editor_merges_tags_and_a_contributor_cannot(client, site_tree, editor, contributor):
    ArticlePageFactory(tags=["dprk"])
    ArticlePageFactory(tags=["north korea"])
    dprk, target = Tag.objects.get(name="dprk"), Tag.objects.get(name="north korea")
    url = reverse("wagtail_bulk_action", args=["taggit", "tag", "merge"]) + f"?id={dprk.pk}"

    client.force_login(contributor)
    assert client.get(url).status_code == 302  # back to the dashboard, as other screens
    refused = client.post(url, {"target": target.pk}, follow=True)
    assert "Sorry, you do not have permission to access this area." in refused.text
    assert set(Tag.objects.values_list("name", flat=True)) == {"dprk", "north korea"}

    client.force_login(editor)
    assert client.post(url, {"target": target.pk}).status_code == 302
    assert set(Tag.objects.values_list("name", flat=True)) == {"north korea"}
