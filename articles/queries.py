"""The queryset of articles: the reader rule (``for_readers``) and what listings fetch."""

from django.db.models import Prefetch

from wagtail.models import PageManager

from cms.core.pagination import Keyset
from cms.core.visibility import ReaderPageQuerySet

# Newest first, on this table's own columns, which the index ``article_newest`` holds in this
# order: any page of a listing is read off it (``cms.core.pagination``).
NEWEST = Keyset("display_date", "page_ptr_id")
NEWEST_FIRST = ("-display_date", "-page_ptr_id")


class ArticlePageQuerySet(ReaderPageQuerySet):
    def with_credits(self) -> "ArticlePageQuerySet":
        """Each article's author credits in order, with the authors, in one more query."""
        credits = self.model._meta.get_field("article_authors").related_model
        return self.prefetch_related(
            Prefetch(
                "article_authors",
                queryset=credits.objects.select_related("author").order_by("sort_order"),
            )
        )

    def listing(self) -> "ArticlePageQuerySet":
        """Newest first, with what a listing shows: type and credits, no bodies."""
        return (
            self.select_related("article_type", "series")
            .with_credits()
            .defer_streamfields()
            .order_by(*NEWEST_FIRST)
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)
