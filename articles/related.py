"""The related-articles section of an article page, resolved in a fixed number of queries."""

from dataclasses import dataclass, field

from .models import ArticlePage, ArticlePageAuthor
from .queries import live_articles


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


def related_section(page: ArticlePage, request=None) -> tuple[list, RelatedSection]:
    """The page's own author credits and its related articles.

    Picked items are read from the raw stream data (page ids, no per-block lookups);
    internal targets are re-read from their current published state, and any that are
    unpublished, private or deleted are skipped. Without picks, up to three automatic
    related articles come from ``search.related.related_articles``. The credits of the
    page and of every internal item come from a single query.
    """
    from search.related import related_articles

    heading, picks = _picks(page)
    if picks:
        ids = [value for kind, value in picks if kind == "article"]
        found = {p.pk: p for p in _plain(live_articles().filter(pk__in=ids).exclude(pk=page.pk))}
        targets = [
            found.get(value) if kind == "article" else _safe_external(value)
            for kind, value in picks
        ]
        targets = [t for t in targets if t]
    else:
        targets = list(_plain(related_articles(page, limit=3)))
    internal = [t for t in targets if isinstance(t, ArticlePage)]
    credits = _credits_by_page([page, *internal])
    items = [
        _internal_item(t, credits.get(t.pk, []), request)
        if isinstance(t, ArticlePage)
        else _external_item(t)
        for t in targets
    ]
    return credits.get(page.pk, []), RelatedSection(heading or "Related", items, not picks)


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


def _credits_by_page(pages) -> dict[int, list]:
    rows = ArticlePageAuthor.objects.filter(page__in=[p.pk for p in pages]).select_related("author")
    credits: dict[int, list] = {}
    for row in rows.order_by("page_id", "sort_order"):
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
