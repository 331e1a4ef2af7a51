"""The admin's wiring for authors: the author chooser (views.py) and the dashboard's
"My articles" (admin_panels.py); and deleting a page that would take author credits off
live articles is refused.

An author's credits go with their page (and with any section above it), so deleting it
would leave live articles without that author, or without any. The editor is told which
articles, and can remove the credits or unpublish those articles first.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from wagtail import hooks

from articles.models import ArticlePage

from .admin_panels import MyArticlesPanel
from .models import AuthorPage
from .views import AuthorChooserViewSet

LISTED = 10


def credited_live_articles(pages) -> list[ArticlePage]:
    """Live articles, outside ``pages`` and their subtrees, crediting an author among them."""
    authors = AuthorPage.objects.none()
    deleted = ArticlePage.objects.none()
    for page in pages:
        authors |= AuthorPage.objects.descendant_of(page, inclusive=True)
        deleted |= ArticlePage.objects.descendant_of(page, inclusive=True)
    return list(
        ArticlePage.objects.live()
        .filter(article_authors__author__in=authors)
        .exclude(pk__in=deleted.values("pk"))
        .distinct()
        .order_by("title")
    )


def _refusal(request, articles, back_url):
    titles = ", ".join(f"“{a.title}”" for a in articles[:LISTED])
    more = f" and {len(articles) - LISTED} more" if len(articles) > LISTED else ""
    messages.error(
        request,
        f"Not deleted: an author here is credited on {len(articles)} live article(s): "
        f"{titles}{more}. Remove the credits or unpublish those articles first.",
    )
    return redirect(back_url)


@hooks.register("before_delete_page")
def refuse_deleting_credited_authors(request, page):
    articles = credited_live_articles([page])
    if articles:
        return _refusal(request, articles, reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_credited_authors(request, action_type, objects, action):
    if action_type != "delete":
        return None
    pages = [obj for obj in objects if hasattr(obj, "path")]
    articles = credited_live_articles(pages)
    if articles:
        parent = pages[0].get_parent()
        return _refusal(request, articles, reverse("wagtailadmin_explore", args=[parent.pk]))
    return None


@hooks.register("register_admin_viewset")
def register_author_chooser():
    return AuthorChooserViewSet("author_chooser", url_prefix="authors/chooser")


@hooks.register("construct_homepage_panels")
def add_my_articles_panel(request, panels):
    author = AuthorPage.objects.filter(user=request.user).first()
    if author is not None:
        panels.append(MyArticlesPanel(author))
