"""Serving uploaded files from MEDIA_ROOT, in every environment that keeps media on disk.

Uploads come from researchers, so a file is never served as something a browser runs:
its type comes from an allow-list by extension (images, PDF, office documents; anything
else is ``application/octet-stream``), never HTML, SVG or JavaScript; ``nosniff`` stops
the browser guessing; every response carries a CSP that allows nothing to run; and all
but images and PDFs are downloads (``Content-Disposition: attachment``). Uploads are
checked by content when saved (``profiles.images``, ``profiles.documents``); this is the
second wall, for whatever reached MEDIA_ROOT another way.

Where media lives elsewhere (``MEDIA_URL`` on another origin, or object storage), that
server must send the same headers: docs/security.md.
"""

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.urls import re_path
from django.utils._os import safe_join
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

INLINE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}
DOWNLOAD_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
# Nothing in a served file may load, run, submit or be framed elsewhere. Chromium does not
# display a PDF in a sandboxed document, so PDFs go without "sandbox"; its viewer runs
# outside the site's origin anyway.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def media_headers(name):
    """(Content-Type, inline?, Content-Security-Policy) for a stored file named ``name``."""
    extension = Path(name).suffix.lower()
    if extension in INLINE_TYPES:
        content_type, inline = INLINE_TYPES[extension], True
    else:
        content_type, inline = DOWNLOAD_TYPES.get(extension, "application/octet-stream"), False
    csp = MEDIA_CSP if extension == ".pdf" else f"{MEDIA_CSP}; sandbox"
    return content_type, inline, csp


@require_safe
def serve_media(request, path):
    """One file below MEDIA_ROOT; 404 for anything outside it, a folder or a dotfile."""
    path = posixpath.normpath(path).lstrip("/")
    if any(part.startswith(".") for part in path.split("/")):
        raise Http404("No such file.")
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        full = Path(safe_join(root, path)).resolve()
    except SuspiciousFileOperation:
        raise Http404("No such file.") from None
    # resolve() follows symbolic links: one pointing out of MEDIA_ROOT is not served.
    if not full.is_relative_to(root) or not full.is_file():
        raise Http404("No such file.")
    stat = full.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type, inline, csp = media_headers(full.name)
    response = FileResponse(full.open("rb"), content_type=content_type)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not inline, filename=full.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = csp
    return response


def media_urlpatterns():
    """The URL serving MEDIA_URL here, when media is on this server's disk; none when
    MEDIA_URL is on another origin or uploads go to other storage (that server serves)."""
    url = urlsplit(settings.MEDIA_URL)
    if url.scheme or url.netloc or not isinstance(default_storage, FileSystemStorage):
        return []
    prefix = re.escape(url.path.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.+)$", serve_media, name="media")]
