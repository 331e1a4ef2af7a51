"""Media in an S3-compatible bucket, as MEDIA_S3_* configure it: uploads and renditions go
to the bucket over HTTP (moto's S3 server on loopback), images load from the bucket or the
CDN under the Content-Security-Policy, and documents are still served by the application,
which checks their privacy."""

import io
import json
import os
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from cms.settings.media_storage import s3_origin

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"MEDIA_S3_ACCESS_KEY_ID": "test-key", "MEDIA_S3_SECRET_ACCESS_KEY": "test-secret"}
READ_SETTINGS = (
    "import json; from cms.settings import base; print(json.dumps({"
    "'storage': base.STORAGES['default'], 'img_src': base.CONTENT_SECURITY_POLICY['img-src']}))"
)


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(endpoint):
    """A new bucket, and a boto3 client to look into it."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["MEDIA_S3_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket=name)
    return name, s3


def use_media_environment(settings, **variables):
    """Apply what base.py makes of these variables (read in a process of its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIA_", "AWS_"))}
    result = subprocess.run(  # noqa: S603 - this checkout's own settings
        [sys.executable, "-c", READ_SETTINGS],
        env={**env, **KEYS, **variables},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    read = json.loads(result.stdout)
    settings.STORAGES = {**settings.STORAGES, "default": read["storage"]}
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "img-src": read["img_src"],
    }


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, "PNG")
    return out.getvalue()


def upload_image():
    content = png(40, 30)
    image = get_image_model().objects.create(
        title="Chart", file=ImageFile(io.BytesIO(content), name="chart.png")
    )
    return image, content


def img_sources(client) -> list[str]:
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    return directives["img-src"].split()


def test_images_go_to_the_bucket_and_load_from_the_cdn(
    settings, client, site_tree, bucket, endpoint
):
    name, s3 = bucket
    use_media_environment(
        settings,
        MEDIA_S3_BUCKET=name,
        MEDIA_S3_ENDPOINT_URL=endpoint,
        MEDIA_S3_CUSTOM_DOMAIN="media.example.test",
    )
    image, content = upload_image()

    stored = s3.get_object(Bucket=name, Key=image.file.name)
    assert stored["Body"].read() == content
    rendition = image.get_rendition("width-20")
    assert rendition.url == f"https://media.example.test/{rendition.file.name}"
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=name)["Contents"]}
    assert keys == {image.file.name, rendition.file.name}
    assert "https://media.example.test" in img_sources(client)


def test_a_second_upload_of_a_name_does_not_overwrite_the_first(settings, bucket, endpoint):
    name, s3 = bucket
    use_media_environment(settings, MEDIA_S3_BUCKET=name, MEDIA_S3_ENDPOINT_URL=endpoint)
    first, _ = upload_image()
    second, _ = upload_image()
    assert first.file.name != second.file.name
    assert s3.list_objects_v2(Bucket=name)["KeyCount"] == 2


def test_without_a_cdn_image_urls_are_signed_urls_of_the_endpoint(
    settings, client, site_tree, bucket, endpoint
):
    name, _ = bucket
    use_media_environment(settings, MEDIA_S3_BUCKET=name, MEDIA_S3_ENDPOINT_URL=endpoint)
    image, _ = upload_image()
    url = image.get_rendition("width-20").url

    assert url.startswith(f"{endpoint}/{name}/images/")
    assert "Signature=" in url
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        assert Image.open(io.BytesIO(response.read())).size == (20, 15)
    assert endpoint in img_sources(client)


def test_documents_are_served_by_the_application_not_the_bucket(settings, client, bucket, endpoint):
    name, s3 = bucket
    use_media_environment(
        settings,
        MEDIA_S3_BUCKET=name,
        MEDIA_S3_ENDPOINT_URL=endpoint,
        MEDIA_S3_CUSTOM_DOMAIN="media.example.test",
    )
    document_model = get_document_model()
    public = document_model.objects.create(
        title="Report", file=ContentFile(b"annual report", name="report.txt")
    )
    assert s3.get_object(Bucket=name, Key=public.file.name)["Body"].read() == b"annual report"
    assert public.url == f"/documents/{public.pk}/report.txt"
    response = client.get(public.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"annual report"

    private_collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    private = document_model.objects.create(
        title="Minutes",
        file=ContentFile(b"board minutes", name="minutes.txt"),
        collection=private_collection,
    )
    response = client.get(private.url)
    assert response.status_code == 302
    assert "media.example.test" not in response["Location"]
    assert endpoint not in response["Location"]


def test_on_aws_the_origin_is_the_buckets_own_host():
    s3 = boto3.client(
        "s3", region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "media", "Key": "x.png"})
    assert url.startswith(s3_origin(bucket="media") + "/")


def test_without_a_bucket_media_stays_on_local_disk(settings, client, site_tree):
    use_media_environment(settings)
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert img_sources(client) == ["'self'", "data:"]
