"""Which live URL becomes which file of an export.

The plan is made before any page is rendered, so that every link can be rewritten
to its final relative path in one pass, and it is the only place that knows the
layout of an export.
"""

import posixpath
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from .errors import ExportError

# What a profile exports, per the URL contract of interfaces.md: live suffix -> file.
PROFILE_OUTPUTS = [
    ("", "index.html"),
    ("publications/", "publications/index.html"),
    ("publications.bib", "publications.bib"),
    ("feed.atom", "feed.atom"),
    ("theme.css", "theme.css"),
]


def _path_prefix(url_setting):
    return "/" + url_setting.lstrip("/")


def _resolves(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class ExportPlan:
    """Live path (with query string, if any) -> path of the file inside the export."""

    def __init__(self, *, base_url=None):
        self.base_url = base_url
        self.pages = {}
        # Other live paths of an exported page (``/?page=1`` is ``/``): linked, not written.
        self.aliases = {}
        self._paper_folders = set()
        # Live path of each paper page -> the paper's id (loaded in batches when rendering).
        self.papers = {}
        self._static = _path_prefix(settings.STATIC_URL)
        self._media = _path_prefix(settings.MEDIA_URL)

    def add(self, live_path, file_path):
        self.pages[live_path] = file_path

    def add_profile(self, profile, folder=""):
        """The profile's pages under ``folder`` ("" for a one-profile export, "<slug>/" in a site).

        Outputs whose URL the site does not serve (yet) are not part of the export.
        """
        root = profile.get_absolute_url()
        for suffix, name in PROFILE_OUTPUTS:
            if _resolves(root + suffix):
                self.add(root + suffix, folder + name)

    def add_publications(self, publications):
        """One folder per paper, ``papers/<slug>/``; a clash gets ``-2``, ``-3``… by id order.

        ``publications`` is a queryset; it is read in id order, a chunk at a time.
        """
        for publication in publications.only("id", "title").order_by("pk").iterator(2000):
            base = publication.slug
            name, number = base, 2
            while name in self._paper_folders:
                name, number = f"{base}-{number}", number + 1
            self._paper_folders.add(name)
            live_path = publication.get_absolute_url()
            self.add(live_path, f"papers/{name}/index.html")
            self.papers[live_path] = publication.pk

    def locate(self, path, query=""):
        """The file for a live path, or None when the export does not hold it."""
        if query:
            live_path = f"{path}?{query}"
            return self.pages.get(live_path) or self.aliases.get(live_path)
        if path in self.pages:
            return self.pages[path]
        for prefix, folder in ((self._static, "static/"), (self._media, "media/")):
            if path.startswith(prefix) and len(path) > len(prefix):
                return folder + path[len(prefix) :]
        return None

    def live_asset_path(self, file_path):
        """The live path an exported asset came from: ``static/x.css`` -> ``/static/x.css``."""
        kind, _, name = file_path.partition("/")
        return (self._static if kind == "static" else self._media) + name

    def is_asset(self, file_path):
        return file_path.startswith(("static/", "media/"))

    def absolute(self, file_path):
        """The public URL of an exported file under ``base_url`` (directory index implied)."""
        if file_path == "index.html" or file_path.endswith("/index.html"):
            file_path = file_path[: -len("index.html")]
        return self.base_url + file_path

    def page_paths(self):
        """Exported HTML pages, sorted: the content of sitemap.xml."""
        return sorted(path for path in self.pages.values() if path.endswith(".html"))


def relative_path(from_file, to_file):
    """A relative URL from one exported file to another (``index.html`` stays explicit)."""
    return _relative_from_folder(posixpath.dirname(from_file), to_file)


@lru_cache(maxsize=16384)
def _relative_from_folder(start, to_file):
    # Plan paths are normalised and relative, so the common folders are simply dropped
    # (``posixpath.relpath`` asks the operating system for the working directory each
    # time). Cached: the pages of one folder (every paper page) link the same files.
    start_parts = start.split("/") if start else []
    to_parts = to_file.split("/")
    common = 0
    for here, there in zip(start_parts, to_parts, strict=False):
        if here != there:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + to_parts[common:]) or "."


def normalize_base_url(base_url):
    """``https://user.github.io/site`` -> ``https://user.github.io/site/``; None stays None."""
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ExportError(
            f"--base-url {base_url!r} is not an http(s) URL like https://example.org/."
        )
    return base_url if base_url.endswith("/") else base_url + "/"
