"""Media in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, ...): the storage
settings, and the origin browsers load the bucket's images from (for the CSP's img-src).

base.py reads the MEDIA_S3_* variables and passes them here; deploy/README.md explains
them ("Media in object storage").
"""

from typing import Any
from urllib.parse import urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
# How long a browser may cache an image (nginx gives local media the same 30 days).
MEDIA_MAX_AGE = 30 * 24 * 3600


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    custom_domain: str = "",
    public: bool = False,
) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry that keeps uploads and renditions in ``bucket``.

    Nothing is assumed public: objects get no ACL (the bucket's policy decides) and URLs
    are signed, valid for an hour, unless a custom domain (a CDN in front of the bucket)
    or ``public`` (a bucket whose policy lets anyone read images) says that plain URLs
    work. Uploading a file under a name already taken gives it a new name: no object is
    overwritten.
    """
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            # S3-compatible services answer at <endpoint>/<bucket>/<key> (MinIO only so).
            "addressing_style": "path" if endpoint_url else None,
            "region_name": region or None,
            # Without keys, boto3 finds its own: AWS_* variables, an instance or task role.
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "custom_domain": custom_domain or None,
            "querystring_auth": not (custom_domain or public),
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": f"max-age={MEDIA_MAX_AGE}"},
        },
    }


def s3_origin(*, bucket: str, endpoint_url: str = "", custom_domain: str = "") -> str:
    """Where the URLs of ``s3_storage`` point: the custom domain, else the endpoint (its
    path-style URLs), else AWS's own host for the bucket."""
    if custom_domain:
        return f"https://{custom_domain}"
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        return f"{parts.scheme}://{parts.netloc}"
    return f"https://{bucket}.s3.amazonaws.com"
