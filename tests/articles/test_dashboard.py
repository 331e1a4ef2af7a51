"""The dashboard's editorial view: scheduled articles with their times, drafts in progress
and what was published lately, whoever made them."""

import datetime

from django.utils import timezone

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_scheduled_drafts_and_published_articles(
    client, django_user_model, site_tree
):
    ArticlePageFactory(title="Published piece").save_revision().publish()
    ArticlePageFactory(title="Unfinished draft", live=False).save_revision()
    scheduled = ArticlePageFactory(title="Embargoed piece", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    someone_else = django_user_model.objects.create_superuser("other", "o@example.org", "pw")
    client.force_login(someone_else)

    html = client.get("/admin/").content.decode()

    scheduled_part = html.split('id="editorial-scheduled"')[1].split("</section>")[0]
    assert "Embargoed piece" in scheduled_part
    assert scheduled.go_live_at.strftime("%-d %b %Y, %H:%M") in scheduled_part
    drafts_part = html.split('id="editorial-drafts"')[1].split("</section>")[0]
    assert "Unfinished draft" in drafts_part
    assert "Published piece" not in drafts_part
    published_part = html.split('id="editorial-published"')[1].split("</section>")[0]
    assert "Published piece" in published_part
    assert "Embargoed piece" not in published_part
