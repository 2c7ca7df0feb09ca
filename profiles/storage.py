"""Media on S3-compatible object storage (django-storages), used when a bucket is named.

Objects are written with the metadata a browser acts on, decided here from an allow-list
rather than from the uploader: images and PDFs keep their type and open in the browser;
office documents keep theirs but download (``Content-Disposition: attachment``); anything
else is stored as ``application/octet-stream`` and downloads. So no object is ever served
as HTML, SVG or script from the bucket, whatever name it came with.

Links point at ``MEDIA_URL`` + the file's name (the bucket's public address or a CDN in
front of it), so pages, which are cached for a day, never carry signed URLs that expire.
"""

import mimetypes
import posixpath
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

SHOWN_INLINE = {
    "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "application/pdf",
}  # fmt: skip
DOWNLOADED = {
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/plain",
}


def object_metadata(name):
    """``{"ContentType": …}`` and, unless shown inline, ``ContentDisposition: attachment``."""
    guessed = mimetypes.guess_type(name)[0]
    if guessed in SHOWN_INLINE:
        return {"ContentType": guessed}
    content_type = guessed if guessed in DOWNLOADED else "application/octet-stream"
    filename = posixpath.basename(name).replace('"', "")
    return {
        "ContentType": content_type,
        "ContentDisposition": f"attachment; filename*=UTF-8''{filepath_to_uri(filename)}",
    }


class MediaStorage(S3Storage):
    def get_object_parameters(self, name):
        return {**super().get_object_parameters(name), **object_metadata(name)}

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
