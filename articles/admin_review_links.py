"""The admin side of review links: the "Share a preview" action on an article, the page
that lists its links and creates one, and revoking one. Whoever may edit the article may
share it; anyone else gets 403.

A new link's URL is shown once, in the answer to the form that created it: only the
token's digest is kept.
"""

from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.models import Page

from .models import ArticlePage
from .review_links import ReviewLink, ReviewLinkForm

LIST_URL = "articles_review_links"
REVOKE_URL = "articles_review_link_revoke"


class ShareButton(PageMenuItem):
    label = "Share a preview"
    icon_name = "link"
    url_name = LIST_URL

    def is_shown(self, user) -> bool:
        return (
            issubclass(self.page.specific_class or Page, ArticlePage)
            and self.page.permissions_for_user(user).can_edit()
        )


def editable_article(request, page_id: int) -> ArticlePage | None:
    """The article, or None when the user may not edit it (a 403, where Wagtail's own
    views would send the user back to the dashboard)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ArticlePage):
        raise Http404
    return page if page.permissions_for_user(request.user).can_edit() else None


def refused() -> HttpResponseForbidden:
    return HttpResponseForbidden("Only those who may edit this article may share it.")


class ReviewLinksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "articles/admin/review_links.html"
    page_title = "Share a preview"
    header_icon = "link"

    def dispatch(self, request, *args, **kwargs):
        page = editable_article(request, kwargs["page_id"])
        if page is None:
            return refused()
        self.page = page
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *get_breadcrumbs_items_for_page(self.page, self.request.user),
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReviewLinkForm())
        return super().get_context_data(
            **kwargs, page=self.page, links=self.page.review_links.select_related("created_by")
        )

    def post(self, request, page_id: int):
        form = ReviewLinkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        _, token = ReviewLink.create(
            self.page, request.user, form.cleaned_data["days"], form.cleaned_data["label"]
        )
        new_url = request.build_absolute_uri(reverse("articles:review", args=[token]))
        return self.render_to_response(self.get_context_data(new_url=new_url))


@require_POST
def revoke(request, page_id: int, link_id: int):
    page = editable_article(request, page_id)
    if page is None:
        return refused()
    link = get_object_or_404(ReviewLink, pk=link_id, page=page)
    link.revoke()
    messages.success(request, f"“{link}” is revoked: it no longer opens the preview.")
    return redirect(LIST_URL, page.pk)


urlpatterns = [
    path("articles/<int:page_id>/review-links/", ReviewLinksView.as_view(), name=LIST_URL),
    path("articles/<int:page_id>/review-links/<int:link_id>/revoke/", revoke, name=REVOKE_URL),
]
