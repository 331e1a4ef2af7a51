"""Blocks shared by the page types: the body of any page that has one, and links."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .rich_text import sanitise

# "footnote" is the articles app's feature (articles/footnote_editor.py): a reference to a
# note of the article.
rich_text_features = [
    *("bold", "italic", "link", "ol", "ul", "h2", "h3", "h4", "blockquote", "footnote"),
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    # Not text of the article: "Heading 2" in every index entry would match a search for it.
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2", search_index=False
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/pull_quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=255, help_text="Leave empty to use the image's own alt text."
    )
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=rich_text_features, icon="pilcrow")
    heading = HeadingBlock()
    pull_quote = PullQuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(icon="media")

    def get_prep_value(self, value):
        # Paragraphs stored sanitised (cms.core.rich_text), those still held as raw data
        # too: a stream passes on what it never read without asking its blocks.
        data = super().get_prep_value(value)
        for item in data:
            if item.get("type") == "paragraph" and isinstance(item.get("value"), str):
                item["value"] = sanitise(item["value"])
        return data


class LinkBlock(blocks.StructBlock):
    """A labelled external link (an author's profiles and sites)."""

    label = blocks.CharBlock(max_length=100)
    url = blocks.URLBlock(label="URL")

    class Meta:
        icon = "link"
