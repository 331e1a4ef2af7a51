"""Serializer fields shared by the page models' ``api_fields`` (Wagtail API v2)."""

from wagtail.rich_text import expand_db_html

from rest_framework import serializers


class RichTextHTMLField(serializers.CharField):
    """Rich text as front-end HTML (internal links expanded), not the database format."""

    def to_representation(self, value) -> str:
        return expand_db_html(value or "")
