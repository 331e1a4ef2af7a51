"""Who wrote an article (its credits, in order) and how it is tagged."""

from django.db import models

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePageAuthor(Orderable):
    """An author's credit on one article, in order, with the role and affiliation printed.

    The author is a page of the ``authors`` app, which builds on this one: it is named
    here by its label only.
    """

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        "authors.AuthorPage", on_delete=models.CASCADE, related_name="article_credits"
    )
    role = models.CharField(max_length=100, blank=True, help_text='e.g. "interviewed expert"')
    affiliation = models.CharField(
        max_length=500,
        blank=True,
        help_text="As printed on this article. Defaults to the profile's.",
    )

    panels = [FieldPanel("author"), FieldRowPanel([FieldPanel("role"), FieldPanel("affiliation")])]

    @property
    def printed_affiliation(self) -> str:
        return self.affiliation or self.author.affiliation


def in_editor_order(instance: models.Model, relation: str, *related: str) -> list:
    """``instance``'s ``relation`` (ordered rows: credits, PDFs) in the editor's order, each
    with its ``related`` rows: those ``prefetch_related`` fetched, or in one query."""
    rows = getattr(instance, relation).all()
    if relation not in getattr(instance, "_prefetched_objects_cache", {}):
        rows = rows.select_related(*related)
    return sorted(rows, key=lambda row: row.sort_order or 0)


def author_model():
    """The page type an article's authors are (resolved by Django from its label)."""
    return ArticlePageAuthor._meta.get_field("author").related_model
