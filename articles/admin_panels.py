"""The dashboard's editorial view: what is scheduled (with its times), what was published
lately and which drafts are in progress, site-wide (Wagtail's own panels show what awaits
the user's review and the user's own edits)."""

from django.contrib.contenttypes.models import ContentType

from wagtail.admin.ui.components import Component
from wagtail.models import Revision

from .models import ArticlePage

LISTED = 8


class EditorialPanel(Component):
    name = "editorial"
    template_name = "articles/admin/editorial_panel.html"
    order = 150  # after the review queue, before recent edits

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        scheduled = (
            Revision.objects.filter(
                approved_go_live_at__isnull=False,
                content_type=ContentType.objects.get_for_model(ArticlePage),
            )
            .order_by("approved_go_live_at")
            .values_list("object_id", "object_str", "approved_go_live_at")[:LISTED]
        )
        context.update(
            scheduled=[{"id": int(pk), "title": title, "at": at} for pk, title, at in scheduled],
            published=ArticlePage.objects.live()
            .defer_streamfields()
            .order_by("-last_published_at")[:LISTED],
            drafts=ArticlePage.objects.filter(has_unpublished_changes=True)
            .defer_streamfields()
            .order_by("-latest_revision_created_at")[:LISTED],
        )
        return context
