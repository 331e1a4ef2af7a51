"""``manage.py import_wordpress``: a post's images and content (block editor markup, classic
HTML, embeds, shortcodes, footnotes) become the article's, as WordPress showed them
(docs/wordpress.md)."""

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

import pytest

from tests import wxr
from tests.wxr import article, blocks, run_import

Image = get_image_model()
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def youtube_embed(db):
    """The oEmbed answer for ``YOUTUBE``, as Wagtail keeps it: no network in tests."""
    return Embed.objects.create(
        url=YOUTUBE,
        hash=get_embed_hash(YOUTUBE),
        type="video",
        html='<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
        provider_name="YouTube",
    )


# Images ------------------------------------------------------------------------------------


def test_featured_and_inline_images_come_from_the_uploads_folder(site_tree, tmp_path, client):
    uploads = tmp_path / "uploads"
    wxr.write_image(uploads, "2019/04/summit.jpg", "navy")
    wxr.write_image(uploads, "2019/04/summit-300x200.jpg", "navy", size=(30, 20))
    wxr.write_image(uploads, "2019/04/map.jpg", "green")
    content = (
        '<!-- wp:image {"id":12} -->\n<figure class="wp-block-image"><img src="'
        + wxr.upload_url("2019/04/summit-300x200.jpg")
        + '" alt="The summit" class="wp-image-12"/><figcaption>At the summit</figcaption>'
        "</figure>\n<!-- /wp:image -->\n\n"
        '<!-- wp:paragraph -->\n<p>Text <img src="'
        + wxr.upload_url("2019/04/map.jpg")
        + '"> beside a map.</p>\n<!-- /wp:paragraph -->'
    )
    path = wxr.write_export(
        tmp_path,
        wxr.attachment(12, "2019/04/summit.jpg", title="Summit photo", alt="Leaders"),
        wxr.item("Pictured", content=content, meta={"_thumbnail_id": "12"}),
    )

    summary, error = run_import(path, uploads)

    assert error is None
    assert summary == ["created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0"]
    page = article("pictured")
    summit = Image.objects.get(title="Summit photo")
    assert (summit.width, summit.height, summit.description) == (40, 30, "Leaders")
    assert page.hero_image == summit
    assert blocks(page) == [
        (
            "image",
            {
                "image": summit.pk,
                "alt_text": "The summit",
                "caption": "At the summit",
                "credit": "",
            },
        ),
        ("paragraph", "<p>Text  beside a map.</p>"),
        (
            "image",
            {
                "image": Image.objects.get(title="map").pk,
                "alt_text": "",
                "caption": "",
                "credit": "",
            },
        ),
    ]
    assert Image.objects.count() == 2  # the thumbnail's size is the original
    html = client.get("/articles/pictured/").content.decode()
    assert "At the summit" in html
    assert html.count("<img") >= 2

    run_import(path, uploads)
    assert Image.objects.count() == 2


def test_a_missing_image_is_reported_and_the_post_imported(site_tree, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    content = f'<p>Before.</p>\n\n<img src="{wxr.upload_url("2019/04/gone.jpg")}">\n\nAfter.'
    path = wxr.write_export(
        tmp_path,
        wxr.attachment(12, "2019/04/gone-too.jpg"),
        wxr.item("Imageless", post_id=8, content=content, meta={"_thumbnail_id": "12"}),
        wxr.item(
            "Hotlinked", post_id=9, content='<p><img src="https://elsewhere.example/x.png"> Hi</p>'
        ),
    )

    summary, error = run_import(path, uploads)

    assert error is None
    assert summary[0] == "created: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0"
    assert (
        "note: post 8 'Imageless': image 2019/04/gone.jpg is not in the uploads folder: left out"
        in summary
    )
    assert (
        "note: post 8 'Imageless': image 2019/04/gone-too.jpg is not in the uploads folder: "
        "left out" in summary
    )
    assert (
        "note: post 9 'Hotlinked': image https://elsewhere.example/x.png is not an upload: "
        "left out" in summary
    )
    assert blocks(article("imageless")) == [("paragraph", "<p>Before.</p><p>After.</p>")]
    assert article("imageless").hero_image is None
    assert not Image.objects.exists()


def test_without_an_uploads_folder_images_are_reported(site_tree, tmp_path):
    content = f'<p>Text.</p><img src="{wxr.upload_url("2019/04/x.jpg")}">'
    summary, error = run_import(wxr.write_export(tmp_path, wxr.item("No uploads", content=content)))

    assert error is None
    assert any("no uploads folder given (--uploads)" in line for line in summary)


def test_an_upload_path_cannot_leave_the_uploads_folder(site_tree, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    wxr.write_image(tmp_path, "secret.jpg")
    content = f'<p>Text.</p><img src="{wxr.upload_url("../secret.jpg")}">'

    summary, _error = run_import(
        wxr.write_export(tmp_path, wxr.item("Sly", content=content)), uploads
    )

    assert not Image.objects.exists()
    assert any("not in the uploads folder" in line for line in summary)


# Content ------------------------------------------------------------------------------------


def test_block_editor_markup_becomes_the_bodys_blocks(site_tree, tmp_path, youtube_embed):
    content = """<!-- wp:paragraph -->
<p>An <strong>opening</strong> with <a href="https://example.org/">a link</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Where things stand</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul class="wp-block-list"><li>one</li><li>two</li></ul>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>A quotation.</p><cite>A Minister</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>Pulled out.</p><cite>Ann</cite></blockquote>
</figure>
<!-- /wp:pullquote -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXcQ
</div></figure>
<!-- /wp:embed -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Smaller</h3>
<!-- /wp:heading -->

<!-- wp:separator -->
<hr class="wp-block-separator"/>
<!-- /wp:separator -->

<!-- wp:paragraph -->
<p>The end.</p>
<!-- /wp:paragraph -->"""
    run_import(wxr.write_export(tmp_path, wxr.item("Blocky", content=content)))

    assert blocks(article("blocky")) == [
        (
            "paragraph",
            '<p>An <b>opening</b> with <a href="https://example.org/">a link</a>.</p>',
        ),
        ("heading", {"text": "Where things stand", "level": "h2"}),
        (
            "paragraph",
            (
                "<ul><li>one</li><li>two</li></ul>"
                "<blockquote><p>A quotation.</p><p>— A Minister</p></blockquote>"
            ),
        ),
        ("pull_quote", {"quote": "Pulled out.", "attribution": "Ann"}),
        ("embed", YOUTUBE),
        ("heading", {"text": "Smaller", "level": "h3"}),
        ("paragraph", "<p>The end.</p>"),
    ]


def test_classic_html_gets_wordpress_paragraphs(site_tree, tmp_path, youtube_embed, client):
    content = (
        "First paragraph,\nwith a line break.\n\n"
        "Second <em>paragraph</em>.\n\n"
        f"{YOUTUBE}\n\n"
        "<h1>A title heading</h1>\n"
        "<ol>\n<li>one</li>\n</ol>\n\n"
        "Last."
    )
    run_import(wxr.write_export(tmp_path, wxr.item("Classic", content=content)))

    assert blocks(article("classic")) == [
        (
            "paragraph",
            "<p>First paragraph,<br>with a line break.</p><p>Second <i>paragraph</i>.</p>",
        ),
        ("embed", YOUTUBE),
        ("heading", {"text": "A title heading", "level": "h2"}),
        ("paragraph", "<ol>\n<li>one</li>\n</ol><p>Last.</p>"),
    ]
    assert "youtube.com/embed/dQw4w9WgXcQ" in client.get("/articles/classic/").content.decode()


def test_an_embed_no_provider_shows_is_kept_as_a_link(site_tree, tmp_path):
    content = (
        '<!-- wp:embed {"url":"https://example.org/widget"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        "https://example.org/widget</div></figure>\n<!-- /wp:embed -->"
    )
    summary, error = run_import(
        wxr.write_export(tmp_path, wxr.item("Widget", post_id=3, content=content))
    )

    assert error is None
    assert blocks(article("widget")) == [
        ("paragraph", '<p><a href="https://example.org/widget">https://example.org/widget</a></p>')
    ]
    assert (
        "note: post 3 'Widget': embed https://example.org/widget is not one the site can show: "
        "kept as a link" in summary
    )


def test_shortcodes_are_unwrapped_or_removed_and_reported(site_tree, tmp_path):
    uploads = tmp_path / "uploads"
    wxr.write_image(uploads, "2019/04/x.jpg")
    content = (
        '[caption id="attachment_5" align="alignnone" width="300"]<a href="#"><img src="'
        + wxr.upload_url("2019/04/x.jpg")
        + '" alt="X" class="size-medium wp-image-5" /></a> A captioned photo[/caption]\n\n'
        'Text [gallery ids="1,2,3"] and [sic] and [[gallery]].\n\n'
        "[contact-form][contact-field label='Name' type='name'/][/contact-form]\n\n"
        "[su_note]Kept text[/su_note]"
    )
    summary, error = run_import(
        wxr.write_export(tmp_path, wxr.item("Shortcodes", post_id=4, content=content)), uploads
    )

    assert error is None
    image = Image.objects.get()
    assert blocks(article("shortcodes")) == [
        (
            "image",
            {"image": image.pk, "alt_text": "X", "caption": "A captioned photo", "credit": ""},
        ),
        ("paragraph", "<p>Text  and [sic] and [gallery].</p><p>Kept text</p>"),
    ]
    notes = [line for line in summary if line.startswith("note: post 4")]
    assert notes == [
        f"note: post 4 'Shortcodes': shortcode [{name}] removed"
        for name in ["gallery", "contact-form", "contact-field", "su_note"]
    ]


def test_broken_html_is_imported_as_far_as_it_reads(site_tree, tmp_path, client):
    content = "<p>Unclosed <strong>bold <em>and italic\n\n<div><p>Inner</div> tail <a href='x"
    summary, error = run_import(wxr.write_export(tmp_path, wxr.item("Broken", content=content)))

    assert error is None
    assert summary[0].startswith("created: 1,")
    html = client.get("/articles/broken/").content.decode()
    assert "bold" in html
    assert "Inner" in html


def test_a_block_editor_footnote_becomes_the_articles_note(site_tree, tmp_path):
    content = (
        '<!-- wp:paragraph -->\n<p>A claim.<sup data-fn="f1a2" class="fn">'
        '<a href="#f1a2" id="f1a2-link">1</a></sup></p>\n<!-- /wp:paragraph -->\n\n'
        "<!-- wp:footnotes /-->"
    )
    meta = {"footnotes": '[{"content":"The <em>source</em>.","id":"f1a2"}]'}
    run_import(wxr.write_export(tmp_path, wxr.item("Noted", content=content, meta=meta)))

    page = article("noted")
    assert [(note.key, note.text) for note in page.footnotes.all()] == [
        ("n1", "<p>The <i>source</i>.</p>")
    ]
