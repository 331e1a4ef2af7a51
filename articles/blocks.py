from wagtail import blocks


class ExternalArticleBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255)
    url = blocks.URLBlock(label="URL")
    author = blocks.CharBlock(required=False, max_length=255)
    teaser = blocks.TextBlock(required=False)

    class Meta:
        icon = "link-external"
        label = "External article"


class RelatedArticlesBlock(blocks.StructBlock):
    """Up to six related articles, picked by the editor.

    An internal item stores only the chosen page; it is rendered from that page's current
    published state by ``articles.related``, which also skips targets that are no longer
    live or public. No queries happen in the block itself.
    """

    heading = blocks.CharBlock(required=False, max_length=255, help_text="Defaults to 'Related'.")
    items = blocks.StreamBlock(
        [
            ("article", blocks.PageChooserBlock(page_type="articles.ArticlePage", label="Article")),
            ("external", ExternalArticleBlock()),
        ],
        min_num=1,
        max_num=6,
    )

    class Meta:
        icon = "list-ul"
        label = "Related articles"
