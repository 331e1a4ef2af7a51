"""The article page as a reader sees it."""

import datetime
import re

from wagtail.models import PageViewRestriction

import pytest
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from tests.factories import (
    ArticlePageFactory,
    ArticleTypeFactory,
    AuthorPageFactory,
    ImageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_article_shows_title_type_date_and_standfirst(client, site_tree):
    ArticlePageFactory(
        title="Prospects of Kim Jong-un's Visit to Russia",
        slug="prospects",
        standfirst="Current rumours concerning the future visit reflect speculation.",
        display_date=datetime.date(2019, 4, 1),
        article_type=ArticleTypeFactory(name="Expert commentary", slug="commentary"),
    )

    response = client.get("/articles/prospects/")

    assert response.status_code == 200
    assertInHTML(
        "<h1>Prospects of Kim Jong-un&#x27;s Visit to Russia</h1>", response.content.decode()
    )
    assertContains(response, "Expert commentary")
    assertInHTML('<time datetime="2019-04-01">1 April 2019</time>', response.content.decode())
    assertInHTML(
        '<p class="lead">Current rumours concerning the future visit reflect speculation.</p>',
        response.content.decode(),
    )
    assertContains(
        response,
        '<meta name="description" content="Current rumours concerning the future visit reflect '
        'speculation.">',
        html=False,
    )
    assertContains(response, "<title>Prospects of Kim Jong-un&#x27;s Visit to Russia | Thinktank")


def test_authors_in_order_with_role_and_affiliation_linked_to_profiles(client, site_tree):
    toloraya = AuthorPageFactory(
        title="Georgy Toloraya",
        slug="georgy-toloraya",
        affiliation="MGIMO Professor",
    )
    asmolov = AuthorPageFactory(
        title="Konstantin Asmolov",
        slug="konstantin-asmolov",
        affiliation="Leading Research Fellow",
    )
    ArticlePageFactory(
        slug="summit",
        authors=[
            (toloraya, "interviewed expert", "Executive director of the BRICS research committee"),
            asmolov,
        ],
    )

    html = client.get("/articles/summit/").content.decode()

    byline = _between(html, '<ul class="byline"', "</ul>")
    assert byline.index("Georgy Toloraya") < byline.index("Konstantin Asmolov")
    assertInHTML('<a href="/authors/georgy-toloraya/">Georgy Toloraya</a>', byline)
    assertInHTML('<a href="/authors/konstantin-asmolov/">Konstantin Asmolov</a>', byline)
    assertInHTML('<span class="byline__role">interviewed expert</span>', byline)
    # The affiliation printed on this article wins over the profile's.
    assert "Executive director of the BRICS research committee" in byline
    assert "MGIMO Professor" not in byline
    assert "Leading Research Fellow" in byline


def test_tags_and_topics_link_to_their_archives(client, site_tree):
    korea = TopicFactory(name="Korean Peninsula", slug="korean-peninsula")
    ArticlePageFactory(
        slug="summit",
        tags=["Denuclearization", "DPRK"],
        topics=[korea],
    )

    html = client.get("/articles/summit/").content.decode()

    assertInHTML('<a href="/topics/korean-peninsula/">Korean Peninsula</a>', html)
    assertInHTML('<a href="/tags/denuclearization/">Denuclearization</a>', html)
    assertInHTML('<a href="/tags/dprk/">DPRK</a>', html)


def test_hero_image_is_a_responsive_picture_with_webp_caption_and_credit(client, site_tree):
    ArticlePageFactory(
        slug="summit",
        hero_image=ImageFactory(title="Leaders shake hands in Hanoi"),
        hero_caption="The Hanoi summit, February 2019.",
        hero_credit="Photo: Pool",
    )

    response = client.get("/articles/summit/")

    html = response.content.decode()
    hero = _between(html, '<figure class="hero">', "</figure>")
    assert '<source sizes="' in hero
    assert 'type="image/webp"' in hero
    webp = _between(hero, "<source", 'type="image/webp"')
    for width in (480, 800, 1200):
        assert f".format-webp.width-{width}.webp {width}w" in hero
    assert "srcset=" in webp
    assert 'alt="Leaders shake hands in Hanoi"' in hero
    assert "The Hanoi summit, February 2019." in hero
    assertInHTML('<span class="credit">Photo: Pool</span>', hero)


def test_article_without_hero_image_has_no_figure(client, site_tree):
    ArticlePageFactory(slug="plain")

    response = client.get("/articles/plain/")

    assertNotContains(response, '<figure class="hero">')


def test_body_blocks_render(client, site_tree):
    ArticlePageFactory(
        slug="summit",
        body=[
            ("paragraph", "<p>Speculations that Kim Jong-un will soon arrive.</p>"),
            ("heading", {"text": "A possible agenda", "level": "h2"}),
            ("heading", {"text": "Economic cooperation", "level": "h3"}),
            (
                "pull_quote",
                {
                    "quote": "The process here is more important than the result.",
                    "attribution": "Konstantin Asmolov",
                },
            ),
            (
                "image",
                {
                    "image": ImageFactory(title="Pyongyang skyline"),
                    "alt_text": "The skyline of Pyongyang at dusk",
                    "caption": "Pyongyang in 2018.",
                    "credit": "Reuters",
                },
            ),
        ],
    )

    html = client.get("/articles/summit/").content.decode()

    body = _between(html, '<div class="article__body', "</article>")
    assertInHTML("<p>Speculations that Kim Jong-un will soon arrive.</p>", body)
    assertInHTML("<h2>A possible agenda</h2>", body)
    assertInHTML("<h3>Economic cooperation</h3>", body)
    assertInHTML(
        """<figure class="pull-quote">
             <blockquote><p>The process here is more important than the result.</p></blockquote>
             <figcaption>Konstantin Asmolov</figcaption>
           </figure>""",
        body,
    )
    figure = _between(body, '<figure class="figure">', "</figure>")
    assert 'alt="The skyline of Pyongyang at dusk"' in figure
    assert 'type="image/webp"' in figure
    assert "Pyongyang in 2018." in figure
    assertInHTML('<span class="credit">Reuters</span>', figure)


def test_body_image_without_alt_text_uses_the_image_title(client, site_tree):
    ArticlePageFactory(
        slug="summit",
        body=[("image", {"image": ImageFactory(title="Pyongyang skyline"), "alt_text": ""})],
    )

    response = client.get("/articles/summit/")

    assertContains(response, 'alt="Pyongyang skyline"')


def test_layout_is_accessible_and_uses_local_assets(client, site_tree):
    ArticlePageFactory(slug="summit")

    html = client.get("/articles/summit/").content.decode()

    assert '<html lang="en">' in html
    assertInHTML('<a class="skip-link" href="#main">Skip to main content</a>', html)
    assert '<main id="main"' in html
    assert '<link rel="stylesheet" href="/static/cms/site.css">' in html
    assert '<link rel="canonical" href="http://localhost/articles/summit/">' in html
    # No asset from elsewhere (JSON-LD's "https://schema.org" is a name, not a fetch).
    assert not re.search(r'(src|href)="https://', _between(html, "<head>", "</head>"))
    nav = _between(html, '<nav class="site-nav"', "</nav>")
    assertInHTML('<a href="/articles/" aria-current="page">Articles</a>', nav)
    assertInHTML('<a href="/authors/">Authors</a>', nav)


def test_unknown_article_is_404(client, site_tree):
    assert client.get("/articles/no-such-article/").status_code == 404


def test_draft_article_is_404_to_readers(client, site_tree):
    ArticlePageFactory(slug="draft", live=False)

    assert client.get("/articles/draft/").status_code == 404


def test_unpublished_article_is_404(client, site_tree):
    article = ArticlePageFactory(slug="gone")
    article.unpublish()

    assert client.get("/articles/gone/").status_code == 404


def test_private_article_asks_for_the_password_instead_of_showing_content(client, site_tree):
    article = ArticlePageFactory(slug="private", standfirst="Secret standfirst.")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    response = client.get("/articles/private/")

    assert response.status_code == 200
    assertContains(response, "password")
    assertNotContains(response, "Secret standfirst.")


def test_article_in_a_private_section_asks_for_the_password(client, site_tree):
    ArticlePageFactory(slug="inside", standfirst="Secret standfirst.")
    PageViewRestriction.objects.create(
        page=site_tree.articles, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    response = client.get("/articles/inside/")

    assertNotContains(response, "Secret standfirst.")


def test_alias_of_a_private_article_is_private_too(client, site_tree):
    source = ArticlePageFactory(slug="source", standfirst="Secret.")
    source.create_alias(update_slug="alias")
    PageViewRestriction.objects.create(
        page=source, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    response = client.get("/articles/alias/")

    assert response.status_code == 200
    assertContains(response, "password")
    assertNotContains(response, "Secret.")


def test_reader_who_gave_the_password_reads_the_private_article(client, site_tree):
    article = ArticlePageFactory(slug="private", standfirst="Secret.")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": "x", "return_url": "/articles/private/"},
    )
    response = client.get("/articles/private/")

    assertContains(response, "Secret.")
