"""Querysets for reader-facing article lists: live, public, with what a listing shows."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Now
from django.db.models.lookups import StartsWith

from wagtail.models import PageManager, PageQuerySet, PageViewRestriction


def public_q() -> Q:
    """Pages with no view restriction on themselves or any ancestor, as one SQL subquery.

    Wagtail's ``PageQuerySet.public()`` runs a separate query to list the restricted
    sections; a subquery keeps every listing's query count flat.
    """
    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return ~Q(Exists(restricted))


def unexpired_q() -> Q:
    """Pages not past their expiry time, even before ``publish_scheduled`` unpublishes them."""
    return Q(expire_at__isnull=True) | Q(expire_at__gt=Now())


class ArticlePageQuerySet(PageQuerySet):
    def for_readers(self) -> "ArticlePageQuerySet":
        """What a reader may see: live, public (no restriction on the page or an ancestor),
        not past its expiry time."""
        return self.live().filter(public_q(), unexpired_q())


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


def article_authors_prefetch() -> Prefetch:
    from .models import ArticlePageAuthor

    return Prefetch(
        "article_authors",
        queryset=ArticlePageAuthor.objects.select_related("author").order_by("sort_order"),
    )


def live_articles() -> QuerySet:
    """Live, public, unexpired articles, newest first, with what a listing shows."""
    from .models import ArticlePage

    return (
        ArticlePage.objects.for_readers()
        .select_related("article_type")
        .prefetch_related(article_authors_prefetch())
        .defer_streamfields()
        .order_by("-display_date", "-first_published_at", "-pk")
    )
