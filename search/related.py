"""Automatic related articles: the one place that decides what "related" means."""

from django.db.models import Count, Q


def related_articles(page, limit: int = 3):
    """Live public articles sharing the most tags and topics with ``page``, newest first.

    Returns a queryset; articles sharing nothing are not related.
    """
    from articles.models import ArticlePage, ArticlePageTag
    from articles.queries import live_articles

    # Subqueries, so the whole lookup is one SQL query.
    tag_ids = ArticlePageTag.objects.filter(content_object_id=page.pk).values("tag_id")
    topic_ids = ArticlePage.topics.through.objects.filter(articlepage_id=page.pk).values("topic_id")
    shared = Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
    shared += Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
    return (
        live_articles()
        .exclude(pk=page.pk)
        .annotate(shared=shared)
        .filter(shared__gt=0)
        .order_by("-shared", "-display_date", "-first_published_at", "-pk")[:limit]
    )
