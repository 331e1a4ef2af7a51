"""The ``footnote`` rich-text feature: a reference to one of the article's notes, inserted
from the editor's toolbar (``articles/static/articles/js/footnotes.js``) and stored as
``<a linktype="footnote" id="KEY">*</a>``."""

from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler
from wagtail.admin.rich_text.editors.draftail.features import EntityFeature

from draftjs_exporter.dom import DOM

from .footnotes import FootnoteLinkHandler

FEATURE = "footnote"
ENTITY = "FOOTNOTE"


class FootnoteElementHandler(InlineEntityElementHandler):
    """A stored reference, read into the editor as an immutable entity naming its note."""

    mutability = "IMMUTABLE"

    def get_attribute_data(self, attrs):
        return {"key": attrs.get("id", "")}


def footnote_entity(props):
    """The editor's entity, written back as the stored reference."""
    return DOM.create_element("a", {"linktype": "footnote", "id": props.get("key", "")}, "*")


def register(features) -> None:
    features.register_link_type(FootnoteLinkHandler)
    features.register_editor_plugin(
        "draftail",
        FEATURE,
        EntityFeature(
            {"type": ENTITY, "icon": "superscript", "description": "Footnote reference"},
            js=["articles/js/footnotes.js"],
            css={"all": ["articles/css/footnotes.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        FEATURE,
        {
            "from_database_format": {'a[linktype="footnote"]': FootnoteElementHandler(ENTITY)},
            "to_database_format": {"entity_decorators": {ENTITY: footnote_entity}},
        },
    )
