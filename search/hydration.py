"""Hits read back from the database, whichever backend found them.

Both backends find article ids; ``hydrate`` turns a page of ids into hits in at most three
queries (the articles; their authors, tags and topics together; Wagtail's site root paths
when its cache is cold), keeping only articles a reader may see, in the order given; and a
fourth when a hit with PDFs has no excerpt of its own: its excerpt is then taken from the
first page of its PDFs that holds a word of the search, and says which page.
``facet_names`` gives the display names of facet slugs.
"""

from itertools import chain

from django.db.models import CharField, F, IntegerField, QuerySet, Value

from taggit.models import Tag
from wagtail.models import Page

from articles.models import (
    LANGUAGES,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    ArticleType,
    Topic,
)
from articles.reports import ArticleDocument, DocumentText, has_pdfs
from authors.models import AuthorPage

from .results import Hit
from .text import body_paragraphs, highlight


def hydrate(
    ids: list[int],
    request=None,
    *,
    highlight_terms: list[str] | None = None,
    fragments: dict[int, list[str]] | None = None,
) -> list[Hit]:
    """Hits for ``ids``, in that order; ids no longer visible to readers are dropped.

    Each hit's excerpts are its ``fragments`` (Elasticsearch's), or, without them, taken
    from the body with ``highlight_terms`` marked (the database backend); a hit left
    without one gets its excerpt from its PDFs.
    """
    if not ids:
        return []
    articles = (
        ArticlePage.objects.for_readers(request)
        .filter(pk__in=ids)
        .select_related("article_type")
        .defer("related", "hero_caption", "hero_credit")
        .annotate(has_pdfs=has_pdfs())
    )
    if highlight_terms is None or fragments is not None:
        articles = articles.defer("body")
    found = {a.pk: a for a in articles}
    if not found:
        return []
    related = _related_rows(list(found))
    hits = []
    for pk in ids:
        article = found.get(pk)
        if article is None:
            continue
        rows = related.get(pk, {})
        hit = Hit(
            id=pk,
            title=article.title,
            url=article.get_url(request) or "",
            standfirst=article.standfirst,
            date=article.date,
            type=article.article_type.name if article.article_type else "",
            language=article.language,
            authors=[
                {"name": name, "slug": slug, "url": _url(url_path, live, request)}
                for _, slug, name, url_path, live in rows.get("author", [])
            ],
            tags=[{"name": name, "slug": slug} for _, slug, name, *_ in rows.get("tag", [])],
            topics=[{"name": name, "slug": slug} for _, slug, name, *_ in rows.get("topic", [])],
        )
        if fragments is not None:
            hit.highlights = fragments.get(pk, [])
        elif highlight_terms:
            hit.highlights = _highlights(article, highlight_terms)
        hits.append(hit)
    if highlight_terms:
        bare = [hit for hit in hits if not hit.highlights and found[hit.id].has_pdfs]
        _pdf_excerpts(bare, highlight_terms)
    return hits


def _pdf_excerpts(hits: list[Hit], terms: list[str]) -> None:
    """An excerpt for each of ``hits`` from the first page of its PDFs holding one of
    ``terms``, with the PDF and the page it is on; one query for all of them."""
    if not hits:
        return
    links = (
        ArticleDocument.objects.filter(
            page_id__in=[hit.id for hit in hits], document__text__status=DocumentText.READ
        )
        .select_related("document__text")
        .order_by("page_id", "sort_order")
    )
    by_page: dict[int, list[ArticleDocument]] = {}
    for link in links:
        by_page.setdefault(link.page_id, []).append(link)
    for hit in hits:
        for link in by_page.get(hit.id, []):
            found = _first_page(link.document.text.pages, terms)
            if found:
                number, fragment = found
                hit.highlights = [fragment]
                url = f"{link.document.url}#page={number}"
                hit.found_in = {"title": link.document.title, "page": number, "url": url}
                break


def _first_page(pages: list[str], terms: list[str]) -> tuple[int, str] | None:
    for number, text in enumerate(pages, 1):
        fragment = highlight(text, terms)
        if fragment:
            return number, fragment
    return None


def _related_rows(ids: list[int]) -> dict[int, dict[str, list[tuple]]]:
    """Authors (in credit order), tags and topics of ``ids``, in one UNION query."""

    text = CharField()
    authors = (
        ArticlePageAuthor.objects.filter(page_id__in=ids)
        .order_by()
        .values_list(
            _col("page_id"),
            _col(Value("author", output_field=text)),
            _col("sort_order"),
            _col("author__slug"),
            _col("author__title"),
            _col("author__url_path"),
            _col("author__live"),
        )
    )
    tags = (
        ArticlePageTag.objects.filter(content_object_id__in=ids)
        .order_by()
        .values_list(
            _col("content_object_id"),
            _col(Value("tag", output_field=text)),
            _col(Value(0, output_field=IntegerField())),
            _col("tag__slug"),
            _col("tag__name"),
            _col(Value("", output_field=text)),
            _col(Value(False)),
        )
    )
    topics = (
        ArticlePage.topics.through.objects.filter(articlepage_id__in=ids)
        .order_by()
        .values_list(
            _col("articlepage_id"),
            _col(Value("topic", output_field=text)),
            _col(Value(0, output_field=IntegerField())),
            _col("topic__slug"),
            _col("topic__name"),
            _col(Value("", output_field=text)),
            _col(Value(False)),
        )
    )
    rows: dict[int, dict[str, list[tuple]]] = {}
    union = sorted(authors.union(tags, topics, all=True), key=lambda r: (r[0], r[1], r[2], r[4]))
    for page_id, kind, sort, slug, name, url_path, live in union:
        rows.setdefault(page_id, {}).setdefault(kind, []).append((sort, slug, name, url_path, live))
    return rows


def _col(expression):
    return F(expression) if isinstance(expression, str) else expression


def _url(url_path: str, live: bool, request) -> str:
    # An author is a page; its URL comes from Wagtail's routing like any page's, without
    # loading the profile row.
    if not live or not url_path:
        return ""
    return Page(url_path=url_path).get_url(request) or ""


def _highlights(article, terms: list[str]) -> list[str]:
    """An excerpt around the first of ``terms`` in the body, else in the standfirst: the
    body is read block by block up to the first block that holds one."""
    texts = chain(body_paragraphs(article.body.raw_data, holding=terms), [article.standfirst])
    for text in texts:
        fragment = highlight(" ".join(text.split()), terms)
        if fragment:
            return [fragment]
    return []


def facet_names(slugs: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """Display names for facet slugs, kind → slug → name, in one query.

    Elasticsearch stores tags, topics and authors as plain objects, whose arrays it
    flattens: a name aggregation under a slug bucket can pair the slug with another tag's
    name. The database knows each slug's name exactly (and its current one).
    """
    text = CharField()
    parts: list[QuerySet] = []
    sources = {
        "tags": (Tag.objects, "name"),
        "topics": (Topic.objects, "name"),
        "types": (ArticleType.objects, "name"),
        "authors": (AuthorPage.objects.all(), "title"),
    }
    for kind, (manager, name_field) in sources.items():
        if slugs.get(kind):
            parts.append(
                manager.filter(slug__in=slugs[kind])
                .order_by()
                .values_list(Value(kind, output_field=text), F("slug"), F(name_field))
            )
    names: dict[str, dict[str, str]] = {kind: {} for kind in sources}
    # A language's name is the site's own, from its code: no query.
    wanted = set(slugs.get("languages", ()))
    names["languages"] = {code: name for code, name in LANGUAGES if code in wanted}
    if not parts:
        return names
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for kind, slug, name in query:
        names[kind].setdefault(slug, name)
    return names
