"""The admin preview renders the reader template from the editor's unsaved form: its
authors (with roles), its related items and its disclaimer."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from tests.factories import ArticlePageFactory, AuthorPageFactory, DisclaimerFactory

pytestmark = pytest.mark.django_db


def test_the_preview_shows_the_forms_authors_related_items_and_disclaimer(
    client, django_user_model, site_tree
):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    saved_author, new_author = (
        AuthorPageFactory(title="Saved Author"),
        AuthorPageFactory(title="Georgy Toloraya"),
    )
    page = ArticlePageFactory(title="Draft analysis", authors=[saved_author], live=False)
    disclaimer = DisclaimerFactory(name="Partner", text="<p>Partner views only.</p>")
    related = ArticlePageFactory(title="Earlier analysis")
    credit = page.article_authors.get()
    data = nested_form_data(
        {
            "title": "Draft analysis",
            "slug": page.slug,
            "standfirst": "Unsaved standfirst.",
            "show_disclaimer": "on",
            "disclaimer": disclaimer.pk,
            "body": streamfield([("paragraph", rich_text("<p>Unsaved body.</p>"))]),
            "related": streamfield(
                [
                    (
                        "related_articles",
                        {
                            "heading": "Read next",
                            "items": streamfield(
                                [
                                    ("article", related.pk),
                                    (
                                        "external",
                                        {
                                            "title": "Elsewhere",
                                            "url": "https://example.org/a",
                                            "author": "",
                                            "teaser": "",
                                        },
                                    ),
                                ]
                            ),
                        },
                    )
                ]
            ),
            "article_authors": inline_formset(
                [
                    {"id": credit.pk, "author": saved_author.pk, "DELETE": "1"},
                    {"author": new_author.pk, "role": "interviewed expert", "affiliation": ""},
                ],
                initial=1,
            ),
            "comments": inline_formset([]),
            "footnotes": inline_formset([]),
            "documents": inline_formset([]),
            "tags": "",
        }
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(url, data).json()["is_valid"]
    html = client.get(url).content.decode()

    assert "Unsaved standfirst." in html
    assert "Georgy Toloraya" in html
    assert "interviewed expert" in html
    assert "Saved Author" not in html
    assert "Read next" in html
    assert "Earlier analysis" in html
    assert "Elsewhere" in html
    assert "Partner views only." in html
