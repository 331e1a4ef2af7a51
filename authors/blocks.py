"""An author's profile links: a label and a web address (http or https only)."""

from wagtail import blocks

from cms.core.blocks import LinkBlock

from .identifiers import validate_web_url


class ProfileLinkBlock(LinkBlock):
    url = blocks.URLBlock(label="URL", validators=[validate_web_url])

    class Meta:
        icon = "link"
