"""The related-articles section of an article page, resolved in a fixed number of queries.

Automatic related articles come from one provider. By default it is ``shared_terms`` (the
articles sharing the most tags and topics); an app above this one (search) installs a
better one with ``set_related_provider`` when it starts.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

RelatedProvider = Callable[..., QuerySet]  # (page, limit, request) -> live public articles


@dataclass
class RelatedItem:
    title: str
    url: str
    teaser: str = ""
    authors: list = field(default_factory=list)  # ArticlePageAuthor rows, internal items
    author_name: str = ""  # external items
    external: bool = False


@dataclass
class RelatedSection:
    heading: str
    items: list[RelatedItem]
    automatic: bool


def shared_terms(page, limit: int, request=None) -> QuerySet:
    """Articles a reader may see sharing the most tags and topics with ``page``, newest first."""
    tag_ids = page.tagged_items.model.objects.filter(content_object_id=page.pk).values("tag_id")
    topic_links = type(page).topics.through.objects
    topic_ids = topic_links.filter(articlepage_id=page.pk).values("topic_id")
    shared = Count(
        "tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True
    ) + Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
    return (
        type(page)
        .objects.for_readers(request)
        .listing()
        .exclude(pk=page.pk)
        .annotate(shared=shared)
        .filter(shared__gt=0)
        .order_by("-shared", "-display_date", "-first_published_at", "-pk")[:limit]
    )


# The one provider in use: shared terms until an app above installs its own.
_providers: dict[str, RelatedProvider] = {"related": shared_terms}


def set_related_provider(provider: RelatedProvider) -> None:
    """Let ``provider(page, limit, request)`` pick the automatic related articles."""
    _providers["related"] = provider


def related_section(page, request=None) -> tuple[list, RelatedSection]:
    """The page's own author credits and its related articles.

    Picked items are read from the raw stream data (page ids, no per-block lookups);
    internal targets are re-read from their current published state, and any that a
    reader may not see are skipped. Without picks, up to three automatic related articles
    come from the provider. The credits of the page and of every internal item come from
    a single query.
    """
    heading, picks = _picks(page)
    if picks:
        ids = [value for kind, value in picks if kind == "article"]
        visible = type(page).objects.for_readers(request).listing()
        found = {p.pk: p for p in _plain(visible.filter(pk__in=ids).exclude(pk=page.pk))}
        chosen = [
            found.get(value) if kind == "article" else _safe_external(value)
            for kind, value in picks
        ]
        targets = [t for t in chosen if t is not None]
    else:
        targets = list(_plain(_providers["related"](page, 3, request)))
    internal = [t for t in targets if not isinstance(t, dict)]
    credits = _credits_by_page(page, [page, *internal])
    if getattr(request, "is_preview", False):
        # A preview shows the credits as the editor's form has them, not as last saved.
        credits[page.pk] = page.ordered_credits()
    items = [
        _external_item(t)
        if isinstance(t, dict)
        else _internal_item(t, credits.get(t.pk, []), request)
        for t in targets
    ]
    heading = heading or gettext("Related")
    return credits.get(page.pk, []), RelatedSection(heading, items, not picks)


def _picks(page):
    for block in page.related.raw_data:
        if block.get("type") == "related_articles":
            value = block.get("value") or {}
            items = [
                (item.get("type"), item.get("value"))
                for item in value.get("items") or []
                if (item.get("type") == "article" and isinstance(item.get("value"), int))
                or (item.get("type") == "external" and item.get("value"))
            ]
            return value.get("heading", ""), items
    return "", []


def _safe_external(value) -> dict | None:
    # The raw stream data is not re-validated on the way out (an import may have written
    # it); a link that is not http(s), such as "javascript:", is never rendered.
    if not isinstance(value, dict):
        return None
    url = str(value.get("url") or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    return {**value, "url": url}


def _plain(articles):
    # Credits are fetched for the page and its related items together below.
    return articles.prefetch_related(None)


def _credits_by_page(page, pages) -> dict[int, list]:
    rows = page.article_authors.model.objects.filter(page__in=[p.pk for p in pages])
    credits: dict[int, list] = {}
    for row in rows.select_related("author").order_by("page_id", "sort_order"):
        credits.setdefault(row.page_id, []).append(row)
    return credits


def _internal_item(article, credits, request) -> RelatedItem:
    return RelatedItem(
        title=article.title,
        url=article.get_url(request),
        teaser=article.standfirst,
        authors=credits,
    )


def _external_item(value: dict) -> RelatedItem:
    return RelatedItem(
        title=value.get("title", ""),
        url=value.get("url", ""),
        teaser=value.get("teaser", ""),
        author_name=value.get("author", ""),
        external=True,
    )
