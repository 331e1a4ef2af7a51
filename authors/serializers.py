"""Serializer fields for ``AuthorPage.api_fields`` beyond the model's own columns."""

from rest_framework import serializers

from .languages import LANGUAGE_NAMES, in_list_order


class LanguagesField(serializers.Field):
    """The languages spoken, in the list's order: ``[{"code": "ru", "name": "Russian"}]``
    (the name in the request's language)."""

    def __init__(self, **kwargs):
        super().__init__(source="spoken_languages", read_only=True, **kwargs)

    def to_representation(self, value):
        codes = in_list_order(row.code for row in value.all())
        return [{"code": code, "name": str(LANGUAGE_NAMES[code])} for code in codes]


class WebLinksField(serializers.Field):
    """The profile links as Wagtail gives a stream (``type``, ``value``, ``id``), those to
    web addresses only (``AuthorPage.web_links``)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return [
            {"type": "link", "value": link, "id": link_id} for link_id, link in page.web_links()
        ]
