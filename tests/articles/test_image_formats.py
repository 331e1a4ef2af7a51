"""Charts stay sharp: a PNG original is rendered as lossless WebP and PNG, never as a lossy
format; photographs keep the smaller lossy formats."""

import re

from django.core.files.storage import default_storage

import pytest

from tests.factories import ArticlePageFactory, ImageFactory

pytestmark = pytest.mark.django_db


def rendition_urls(html: str) -> list[str]:
    urls = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    return [part.split()[0] for url in urls for part in url.split(",") if "/images/" in part]


def stored(url: str) -> bytes:
    with default_storage.open(url.split("/media/", 1)[1]) as file:
        return file.read()


@pytest.fixture
def chart():
    return ImageFactory(title="Chart", file__filename="chart.png", file__format="PNG")


def test_a_png_chart_is_rendered_losslessly(client, site_tree, chart):
    article = ArticlePageFactory(
        hero_image=chart,
        body=[("image", {"image": chart, "alt_text": "A chart", "caption": "", "credit": ""})],
    )
    urls = rendition_urls(client.get(article.url).content.decode())
    assert urls
    assert {url.rsplit(".", 1)[1] for url in urls} == {"webp", "png"}
    for url in urls:
        if url.endswith(".webp"):
            assert stored(url)[12:16] == b"VP8L"  # the lossless WebP bitstream


def test_a_photograph_keeps_the_lossy_formats(client, site_tree):
    photo = ImageFactory(title="Summit", file__filename="summit.jpg")
    article = ArticlePageFactory(hero_image=photo)
    urls = rendition_urls(client.get(article.url).content.decode())
    assert {url.rsplit(".", 1)[1] for url in urls} == {"avif", "webp", "jpg"}
