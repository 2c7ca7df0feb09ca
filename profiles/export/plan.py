"""Which live URL becomes which file of an export.

The plan is made before any page is rendered, so that every link can be rewritten
to its final relative path in one pass, and it is the only place that knows the
layout of an export.
"""

import hashlib
import posixpath
from array import array
from bisect import bisect_left
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from publications.models import Publication

from .errors import ExportError
from .render import media_path

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


def _inside_folder(name):
    parts = name.split("/")
    return "\\" not in name and "\x00" not in name and not {"", ".", ".."} & set(parts)


def _slug_hash(slug):
    return int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=8).digest(), signed=True)


class ExportPlan:
    """Live path (with query string, if any) -> path of the file inside the export.

    Paper pages, which a site has by the ten thousand, are held in a few bytes each
    rather than as path strings: their ids in ascending order, a 64-bit hash of each
    one's slug (a link with another slug is not to a page of the export), and a folder
    name only where an earlier paper took the slug. Their paths are made again, a batch
    at a time, when the pages are written, so a plan grows by 16 bytes a paper.
    """

    def __init__(self, *, base_url=None, seen_from=None):
        self.base_url = base_url
        # A profile's export shows its papers as they look from its page (``?from=``: the
        # researcher's name in the top bar, their name highlighted); a site's are shared.
        self._paper_query = f"?from={seen_from}" if seen_from else ""
        # Every other page: live path -> file.
        self.pages = {}
        # Other live paths of an exported page (``/?page=1`` is ``/``): linked, not written.
        self.aliases = {}
        self._paper_ids = array("q")
        self._paper_slugs = array("q")
        self._renamed = {}
        # Paper pages are ``/papers/<id>/<slug>/`` (docs/interfaces.md): the prefix is the
        # URLconf's, and such paths are read and made here, not by resolve() and reverse()
        # for each of many thousands.
        sample = reverse("publications:detail", kwargs={"pk": 0, "slug": "s"})
        self._paper_prefix = sample.removesuffix("0/s/")
        self._static = _path_prefix(settings.STATIC_URL)
        self._media = media_path()

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

        ``publications`` is a queryset, read in id order a chunk at a time; called once.
        """
        if self._paper_ids:
            raise RuntimeError("A plan's papers are added in one call.")
        taken = set()  # hashes of the folder names given, while planning only
        for publication in publications.only("id", "title").order_by("pk").iterator(2000):
            slug = publication.slug
            name, number = slug, 2
            while (key := _slug_hash(name)) in taken:
                name, number = f"{slug}-{number}", number + 1
            taken.add(key)
            if name != slug:
                self._renamed[publication.pk] = name
            self._paper_ids.append(publication.pk)
            self._paper_slugs.append(_slug_hash(slug))

    def _paper_of(self, path):
        """(id, slug) when ``path`` is a paper page's URL, else None."""
        if not path.startswith(self._paper_prefix):
            return None
        pk, _, rest = path[len(self._paper_prefix) :].partition("/")
        slug, slash, tail = rest.partition("/")
        if not (pk.isdigit() and slug and slash and not tail):
            return None
        return int(pk), slug

    def _paper_file(self, pk, slug):
        index = bisect_left(self._paper_ids, pk)
        if index == len(self._paper_ids) or self._paper_ids[index] != pk:
            return None
        if self._paper_slugs[index] != _slug_hash(slug):
            return None
        return f"papers/{self._renamed.get(pk, slug)}/index.html"

    def page_count(self):
        return len(self.pages) + len(self._paper_ids)

    def batches(self, size):
        """Lists of at most ``size`` (live path, file, paper id or None): every page once,
        the others in file order, then the papers in id order (loaded a batch at a time)."""
        others = sorted(self.pages.items(), key=lambda item: item[1])
        for start in range(0, len(others), size):
            yield [(live, file, None) for live, file in others[start : start + size]]
        for start in range(0, len(self._paper_ids), size):
            ids = self._paper_ids[start : start + size]
            papers = Publication.objects.filter(pk__in=list(ids)).only("id", "title")
            slugs = {paper.pk: paper.slug for paper in papers}
            batch = []
            for pk in ids:
                slug = slugs.get(pk)
                file_path = self._paper_file(pk, slug) if slug else None
                if file_path is None:
                    raise ExportError(
                        f"The paper {pk} was changed or deleted during the export; export again."
                    )
                live_path = f"{self._paper_prefix}{pk}/{slug}/{self._paper_query}"
                batch.append((live_path, file_path, pk))
            yield batch

    def page_items(self):
        """(live path, file) of every page, in the order of :meth:`batches`."""
        for batch in self.batches(1000):
            for live_path, file_path, _ in batch:
                yield live_path, file_path

    def locate(self, path, query=""):
        """The file for a live path, or None when the export does not hold it."""
        if query:
            live_path = f"{path}?{query}"
            return self.pages.get(live_path) or self.aliases.get(live_path)
        if path in self.pages:
            return self.pages[path]
        for prefix, folder in ((self._static, "static/"), (self._media, "media/")):
            if path.startswith(prefix) and len(path) > len(prefix):
                # Files keep their real names (résumé.pdf), which URLs carry encoded;
                # decoded, a name must still stay inside its folder (no %2E%2E%2F).
                name = unquote(path[len(prefix) :])
                return folder + name if _inside_folder(name) else None
        paper = self._paper_of(path)
        return self._paper_file(*paper) if paper else None

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
        return self.base_url + quote(file_path)

    def digest(self):
        """A hash of everything the plan says, for keys of what was made from it."""
        digest = hashlib.sha256(
            repr((self.base_url, self._paper_query, sorted(self.aliases.items()))).encode()
        )
        digest.update(repr(sorted(self.pages.items())).encode())
        digest.update(self._paper_ids.tobytes())
        digest.update(self._paper_slugs.tobytes())
        digest.update(repr(sorted(self._renamed.items())).encode())
        return digest.hexdigest()


def relative_path(from_file, to_file):
    """A relative URL from one exported file to another (``index.html`` stays explicit),
    percent-encoded where the file name needs it."""
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
    return quote("/".join([".."] * (len(start_parts) - common) + to_parts[common:])) or "."


def normalize_base_url(base_url):
    """``https://user.github.io/site`` -> ``https://user.github.io/site/``; None stays None."""
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ExportError(
            f"--base-url {base_url!r} is not an http(s) URL like https://example.org/."
        )
    if parts.query or parts.fragment or base_url.endswith(("?", "#")):
        raise ExportError(
            f"--base-url {base_url!r} has a query or fragment; give the folder the site "
            "is served from, like https://example.org/site/."
        )
    if any(character.isspace() or ord(character) < 32 for character in base_url):
        raise ExportError(f"--base-url {base_url!r} contains a space; write it as %20.")
    return base_url if base_url.endswith("/") else base_url + "/"
