"""The queryset of articles: the reader rule (``for_readers``) and what listings fetch."""

from django.db.models import Prefetch

from wagtail.models import PageManager

from cms.core.pagination import Keyset
from cms.core.visibility import ReaderPageQuerySet

from .credits import ArticlePageAuthor
from .reports import with_pdfs

# Newest first, on this table's own columns, which the index ``article_newest`` holds in this
# order: any page of a listing is read off it (``cms.core.pagination``).
NEWEST = Keyset("display_date", "page_ptr_id")
NEWEST_FIRST = ("-display_date", "-page_ptr_id")


def credits_prefetch() -> Prefetch:
    """Articles' author credits in order, with the authors (``prefetch_related``)."""
    return Prefetch(
        "article_authors",
        queryset=ArticlePageAuthor.objects.select_related("author").order_by("sort_order"),
    )


class ArticlePageQuerySet(ReaderPageQuerySet):
    def with_credits(self) -> "ArticlePageQuerySet":
        """Each article's author credits in order, with the authors, in one more query."""
        return self.prefetch_related(credits_prefetch())

    def for_api(self) -> "ArticlePageQuerySet":
        """With what the API's fields read of each article (type, series, credits, tags,
        topics, notes, PDFs): a listing of any length in six more queries."""
        related = self.select_related("article_type", "series").with_credits()
        return with_pdfs(related.prefetch_related("tags", "topics", "footnotes"))

    def listing(self) -> "ArticlePageQuerySet":
        """Newest first, with what a listing shows: type and credits, no bodies."""
        return (
            self.select_related("article_type", "series")
            .with_credits()
            .defer_streamfields()
            .order_by(*NEWEST_FIRST)
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)
