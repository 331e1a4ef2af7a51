"""The POST data of the admin's article edit form, for tests that save or publish through it,
and the admin's Translate action as an editor submits it."""

from django.urls import reverse

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def credit(author, **fields) -> dict:
    return {"author": author.pk, "role": "", "affiliation": "", **fields}


def post_data(page, action: str, **fields) -> dict:
    author = page.article_authors.first().author
    data = {
        "title": page.title,
        "slug": page.slug,
        "standfirst": page.standfirst,
        "show_disclaimer": "on",
        "body": streamfield([]),
        "related": streamfield([]),
        "article_authors": inline_formset([credit(author)]),
        "comments": inline_formset([]),
        "footnotes": inline_formset([]),
        "documents": inline_formset([]),
        "tags": "",
        **fields,
    }
    if action != "save-draft":
        data[action] = action
    return nested_form_data(data)


def translate(client, editor, page, language: str = "ru"):
    """The admin's Translate action, as ``editor`` submits it: the draft it makes."""
    locale = Locale.objects.get(language_code=language)
    client.force_login(editor)
    url = reverse("simple_translation:submit_page_translation", args=[page.pk])
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    client.logout()
    return page.get_translation(locale).specific
