"""A site repository as handed in: a folder on the server or a zip of it.

Only text files (Markdown, YAML, JSON, BibTeX, HTML) and images are ever read; everything
else is listed, never opened. Zips get the bundle reader's checks (sizes, paths, symbolic
links, entry counts); a folder is read without following links out of it. A zip downloaded
from a code host holds the repository in one top folder, which is looked through.
"""

import zipfile
from pathlib import Path, PurePosixPath

from profiles.bundles.reader import checked_entries, is_system_file
from profiles.bundles.schema import BundleError

TEXT_EXTENSIONS = {".md", ".markdown", ".yml", ".yaml", ".json", ".bib", ".html", ".toml", ".txt"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
MAX_TEXT_BYTES = 2 * 1024 * 1024  # one content file; the largest real one is ~100 kB
MAX_FILES = 10_000
# Folders a site build or its tooling makes; nothing of the researcher's is in them.
SKIPPED_FOLDERS = {
    ".git",
    "_site",
    "node_modules",
    "vendor",
    ".jekyll-cache",
    "public",
    "resources",
}


class SiteImportError(Exception):
    """A repository that cannot be imported at all; the message is one line."""


def is_text(name):
    return PurePosixPath(name).suffix.lower() in TEXT_EXTENSIONS


def is_image(name):
    return PurePosixPath(name).suffix.lower() in IMAGE_EXTENSIONS


class SiteFiles:
    """The repository's files by relative POSIX path; ``read_*`` enforce the limits."""

    def __init__(self, label):
        self.label = label  # how messages name the repository
        self.names = []

    def read_bytes(self, name, limit):
        raise NotImplementedError

    def read_text(self, name):
        """The file as text; a file that is not UTF-8 is read with replacements, not refused."""
        data = self.read_bytes(name, MAX_TEXT_BYTES)
        return data.decode("utf-8-sig", errors="replace")

    def exists(self, name):
        return name in self._known

    def listing(self, folder):
        """Files directly or indirectly under ``folder`` (no trailing slash)."""
        prefix = folder.rstrip("/") + "/"
        return sorted(name for name in self.names if name.startswith(prefix))

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _set_names(self, names):
        names = [name for name in names if not _skipped(name)]
        if len(names) > MAX_FILES:
            raise SiteImportError(f"{self.label}: more than {MAX_FILES} files; refused")
        self.names = sorted(names)
        self._known = set(self.names)

    def _too_large(self, name, limit):
        return SiteImportError(
            f"{self.label}: {name} is larger than {limit // 1024 // 1024} MB; "
            "is this really a homepage?"
        )


def _skipped(name):
    pure = PurePosixPath(name)
    return is_system_file(pure) or any(part in SKIPPED_FOLDERS for part in pure.parts[:-1])


class FolderFiles(SiteFiles):
    def __init__(self, root):
        super().__init__(str(root))
        self.root = root.resolve()
        names = []
        for path in self.root.rglob("*"):
            if path.is_symlink() or not path.is_file():
                continue  # links could reach anywhere on the server
            names.append(path.relative_to(self.root).as_posix())
            if len(names) > MAX_FILES:
                break
        self._set_names(names)

    def read_bytes(self, name, limit):
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root) or name not in self._known:
            raise SiteImportError(f"{self.label}: {name} is not in the folder")
        if path.stat().st_size > limit:
            raise self._too_large(name, limit)
        return path.read_bytes()


class ZipFiles(SiteFiles):
    def __init__(self, path):
        super().__init__(path.name)
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise SiteImportError(f"{path.name}: not a readable zip archive ({error})") from None
        try:
            try:
                entries = checked_entries(self.zip, path.name)
            except BundleError as error:
                raise SiteImportError(str(error)) from None
            tops = {name.split("/", 1)[0] for name in entries}
            # GitHub's "Download ZIP" puts everything in one folder named after the repository.
            self.prefix = ""
            if len(tops) == 1 and all("/" in name for name in entries):
                self.prefix = tops.pop() + "/"
            self.entries = {name.removeprefix(self.prefix): info for name, info in entries.items()}
            self._set_names(self.entries)
        except BaseException:
            self.zip.close()
            raise

    def read_bytes(self, name, limit):
        info = self.entries.get(name)
        if info is None:
            raise SiteImportError(f"{self.label}: {name} is not in the archive")
        if info.file_size > limit:
            raise self._too_large(name, limit)
        try:
            with self.zip.open(info) as stream:
                data = stream.read(limit + 1)  # the declared size may lie
        except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as error:
            raise SiteImportError(f"{self.label}: {name} cannot be unpacked ({error})") from None
        if len(data) > limit:
            raise self._too_large(name, limit)
        return data

    def close(self):
        self.zip.close()


def open_site(path):
    """Open the repository at ``path`` (a folder or a .zip); the caller closes it."""
    path = Path(path)
    if not path.exists():
        raise SiteImportError(f"{path}: no such file or folder")
    if path.is_dir():
        return FolderFiles(path)
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        return ZipFiles(path)
    raise SiteImportError(f"{path.name}: expected a site folder or a .zip of one")
