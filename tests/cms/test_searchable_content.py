"""Bulk indexing reads each body's text once (``cms.core.fields.searchable_content_once``)."""

from wagtail.blocks import StreamBlock
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from articles.models import ArticlePage
from cms.core.fields import searchable_content_once
from tests.factories import ArticlePageFactory


def entries(articles) -> list[tuple]:
    return list(
        IndexEntry.objects.filter(object_id__in=[str(a.pk) for a in articles])
        .order_by("object_id")
        .values_list("object_id", "title", "autocomplete", "body")
    )


def test_a_bulk_add_extracts_each_body_once_and_indexes_the_same(site_tree, monkeypatch):
    for n in range(3):
        ArticlePageFactory(title=f"Piece {n}", body=[("paragraph", f"<p>Tariffs {n}.</p>")])
    articles = list(ArticlePage.objects.all())
    backend = get_search_backend()
    backend.add_bulk(ArticlePage, articles)
    without = entries(articles)

    extracted = []
    original = StreamBlock.get_searchable_content

    def counting(self, value):
        extracted.append(value)
        return original(self, value)

    monkeypatch.setattr(StreamBlock, "get_searchable_content", counting)
    IndexEntry.objects.filter(object_id__in=[str(a.pk) for a in articles]).delete()
    with searchable_content_once():
        backend.add_bulk(ArticlePage, articles)

    assert entries(articles) == without
    assert "tariff" in str(without).lower()  # the bodies are in the index
    # The body is a search field and, by its opening, an autocomplete field, read for every
    # column the backend writes; each article's body is parsed once all the same.
    assert len(extracted) == len(articles)


def test_outside_the_scope_a_changed_body_is_read_again(site_tree):
    article = ArticlePageFactory(body=[("paragraph", "<p>Before.</p>")])
    field = ArticlePage._meta.get_field("body")
    with searchable_content_once():
        assert "Before." in " ".join(field.get_searchable_content(article.body))
    article.body = [("paragraph", "<p>After.</p>")]
    assert "After." in " ".join(field.get_searchable_content(article.body))
