"""The dashboard's "My articles": for a user linked to an author profile (the profile's
"user account"), the articles crediting that profile, whatever their state (draft, in
review, scheduled, live), each with its status and a link to edit it; the latest edited
first, and a link to all of them in the articles listing."""

from wagtail.admin.ui.components import Component

from articles.models import ArticlePage

from .models import AuthorPage

LISTED = 10


class MyArticlesPanel(Component):
    name = "my_articles"
    template_name = "authors/admin/my_articles_panel.html"
    order = 140  # first of the article panels: the user's own work

    def __init__(self, author: AuthorPage):
        self.author = author

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        articles = (
            ArticlePage.objects.filter(article_authors__author=self.author)
            .distinct()
            .defer_streamfields()
            # Wagtail prefetches the workflow states of a page type's queryset only
            # once it is marked specific; without them, each status is one more query.
            .specific()
            .prefetch_workflow_states()
            .annotate_approved_schedule()
            .order_by("-latest_revision_created_at", "-pk")
        )
        context.update(author=self.author, articles=articles[:LISTED], total=articles.count())
        return context
