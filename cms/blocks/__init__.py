from .content import BodyBlock, HeadingBlock, ImageBlock, PullQuoteBlock, rich_text_features

__all__ = ["BodyBlock", "HeadingBlock", "ImageBlock", "PullQuoteBlock", "rich_text_features"]
