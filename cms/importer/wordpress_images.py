"""A WordPress export's images, read from a copy of its uploads folder (nothing is
downloaded): each file one Wagtail image, found again by its content on the next import.

An image is named by its URL (``.../wp-content/uploads/2019/04/x.jpg``: the file
``2019/04/x.jpg`` of the folder) or by its attachment's id (a featured image, or a
``wp-image-<id>`` class). A size WordPress made of an image (``x-300x200.jpg``) is the
original when the export has it, so that a post's thumbnail and its inline copy are one
image. An image that cannot be had is left out, and the reason kept for the summary.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.files import File

from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .wordpress import Attachment
from .wordpress_blocks import ImageRef

UPLOADS_RE = re.compile(r"/wp-content/uploads/(.+)$")
SIZE_SUFFIX_RE = re.compile(r"-(?:\d+x\d+|scaled)(?=\.\w+$)")


def uploads_path(url: str) -> str:
    """The file's path in the uploads folder, or "" for a URL outside it."""
    match = UPLOADS_RE.search(unquote(urlparse(url).path))
    return match.group(1) if match else ""


class Uploads:
    """The images of one export, from ``folder`` (``None``: none given)."""

    def __init__(self, folder: Path | None, attachments: dict[int, Attachment]):
        self.folder = folder.resolve() if folder else None
        self.attachments = attachments
        self.by_path: dict[str, Attachment] = {}
        for attachment in attachments.values():
            if path := uploads_path(attachment.url):
                self.by_path.setdefault(path, attachment)
                self.by_path.setdefault(SIZE_SUFFIX_RE.sub("", path), attachment)
        self.hashes: dict[Path, str] = {}

    def image_id(self, ref: ImageRef, notes: list[str]) -> int | None:
        """The Wagtail image of ``ref``, made from its file the first time; ``None``, with
        the reason in ``notes``, when the file cannot be had."""
        attachment = self.attachments.get(ref.attachment_id) if ref.attachment_id else None
        path = uploads_path(attachment.url) if attachment else uploads_path(ref.src)
        if not path:
            notes.append(f"image {ref.src or ref.attachment_id} is not an upload: left out")
            return None
        if attachment is None:
            attachment = self.by_path.get(path) or self.by_path.get(SIZE_SUFFIX_RE.sub("", path))
            if attachment is not None:
                path = uploads_path(attachment.url)
        file = self._file(path, notes)
        if file is None:
            return None
        title = (attachment.title if attachment else "") or Path(path).stem
        alt = attachment.alt if attachment else ""
        return self._image(file, title, alt)

    def _file(self, path: str, notes: list[str]) -> Path | None:
        if self.folder is None:
            notes.append(f"image {path} left out: no uploads folder given (--uploads)")
            return None
        file = (self.folder / path).resolve()
        if not file.is_relative_to(self.folder) or not file.is_file():
            notes.append(f"image {path} is not in the uploads folder: left out")
            return None
        try:
            with PILImage.open(file) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            notes.append(f"image {path} is not an image file: left out")
            return None
        return file

    def _image(self, file: Path, title: str, alt: str) -> int:
        """The image with the file's content (Wagtail's own hash of it), else a new one."""
        if file not in self.hashes:
            with file.open("rb") as handle:
                self.hashes[file] = hash_filelike(handle)
        model = get_image_model()
        found = model.objects.filter(file_hash=self.hashes[file]).values_list("pk", flat=True)
        if existing := found.first():
            return existing
        with file.open("rb") as handle:
            image = model(title=title[:255], description=alt[:255], file=File(handle, file.name))
            image._set_image_file_metadata()
            image.save()
        return image.pk
