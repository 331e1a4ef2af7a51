"""Image uploads an editor gets wrong are refused on the field, and nothing is stored."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, "PNG")
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(client, name: str, content: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Upload", "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "notes.png", b"plain text, not a picture", "Upload a valid image", id="text-as-png"
        ),
        pytest.param("drawing.svg", SVG, "Not a supported image format", id="svg"),
    ],
)
def test_a_file_that_is_no_accepted_image_is_refused(admin_client, name, content, message):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_image_over_the_size_limit_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    response = upload(admin_client, "big.png", png(400, 400) + b"\0" * 2000)
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_image_over_the_pixel_limit_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000
    response = upload(admin_client, "wide.png", png(200, 200))
    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_good_png_is_stored(admin_client):
    assert upload(admin_client, "chart.png", png(40, 30)).status_code == 302
    assert get_image_model().objects.get().width == 40
