"""Pages rendered by the live site's own views, in process, as an anonymous visitor.

Requests go through the full middleware stack (as with Django's test client), so the
export is byte for byte what a visitor of the live site gets, before link rewriting.
"""

from io import BytesIO
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest

from .errors import ExportError

# A reserved name (RFC 2606) that can never be a real server: every absolute URL the
# pages build with it is recognisable, and rewritten to a relative one or --base-url.
EXPORT_HOST = "export.invalid"
# Where media links point in a rendered page: MEDIA_URL, unless media live elsewhere
# (object storage, a CDN), whose links the renderer turns into this path first so that
# the export copies those files like any other.
LOCAL_MEDIA_PATH = "/media/"


def media_origin():
    """MEDIA_URL when it is on another host (``https://…``, ``//…``), else None."""
    url = settings.MEDIA_URL
    return url if url.startswith(("http://", "https://", "//")) else None


def media_path():
    """The path media links have in rendered pages (see LOCAL_MEDIA_PATH)."""
    return LOCAL_MEDIA_PATH if media_origin() else "/" + settings.MEDIA_URL.lstrip("/")


class _ExportRequest(WSGIRequest):
    def get_host(self):
        # Not from the network, so not checked against ALLOWED_HOSTS.
        return EXPORT_HOST


def _get_request(path):
    """A GET of ``path`` as Django's test RequestFactory makes it (django.test is not
    imported: with what it pulls in, a fifth of a command's start-up)."""
    parts = urlsplit(path)
    return _ExportRequest(
        {
            "HTTP_COOKIE": "",
            # Bytes as WSGI servers pass them: latin-1 decoded (see get_path_info()).
            "PATH_INFO": unquote_to_bytes(parts.path).decode("iso-8859-1"),
            "QUERY_STRING": parts.query.encode().decode("iso-8859-1"),
            "REMOTE_ADDR": "127.0.0.1",
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "SERVER_NAME": EXPORT_HOST,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(),
            "wsgi.errors": BytesIO(),
            "wsgi.multiprocess": True,
            "wsgi.multithread": False,
            "wsgi.run_once": False,
        }
    )


class PageRenderer:
    """Renders live paths; ``viewer`` is the user the pages are rendered for (anonymous)."""

    def __init__(self, *, viewer=None):
        self._handler = BaseHandler()
        self._handler.load_middleware()
        self._viewer = viewer or AnonymousUser()
        origin = media_origin()
        self._media_origin = origin.encode() if origin else None

    def get(self, path):
        """(body bytes, content type) of ``path``; anything but 200 is an ExportError."""
        request = _get_request(path)
        # AuthenticationMiddleware reads the user from here before looking for a session.
        request._cached_user = self._viewer
        response = self._handler.get_response(request)
        if response.status_code != 200:
            raise ExportError(f"The page {path} answered HTTP {response.status_code}, not 200.")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if self._media_origin:
            content = content.replace(self._media_origin, LOCAL_MEDIA_PATH.encode())
        return content, response.get("Content-Type", "")


def viewer_for(profile):
    """Who may see ``profile``: anyone when published, else its owner (or an editor)."""
    if profile.is_published:
        return AnonymousUser()
    if profile.user is not None:
        return profile.user
    # In memory only: an editor in the eyes of profiles.permissions, never saved.
    return get_user_model()(username="export", is_active=True, is_superuser=True)
