"""The POST data of the admin's article edit form, for tests that save or publish through it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def credit(author, **fields) -> dict:
    return {"author": author.pk, "role": "", "affiliation": "", **fields}


def post_data(page, action: str, **fields) -> dict:
    author = page.article_authors.first().author
    data = {
        "title": page.title,
        "slug": page.slug,
        "standfirst": page.standfirst,
        "language": "en",
        "show_disclaimer": "on",
        "body": streamfield([]),
        "related": streamfield([]),
        "article_authors": inline_formset([credit(author)]),
        "comments": inline_formset([]),
        "footnotes": inline_formset([]),
        "tags": "",
        **fields,
    }
    if action != "save-draft":
        data[action] = action
    return nested_form_data(data)
