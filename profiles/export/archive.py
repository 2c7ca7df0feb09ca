"""Where an export is written: a folder, a deterministic zip, or one file.

Zips and single files are written under a temporary name in the same folder and
renamed at the end, so an interrupted export never leaves a half-written file under
the final name.
"""

import contextlib
import filecmp
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .errors import ExportError

# Fixed entry metadata: the same export gives the same bytes, today and next year.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_FILE_MODE = 0o644
# Formats compressed already: deflating them again costs time and saves nothing.
COMPRESSED_SUFFIXES = (".webp", ".png", ".jpg", ".jpeg", ".gif", ".woff2", ".zip", ".pdf")


def _writable_parent(path):
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"Cannot write {path}: the folder {parent} does not exist.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"Cannot write {path}: the folder {parent} is not writable.")


def _check_replaceable(path, force):
    if path.is_dir():
        raise ExportError(f"Cannot write {path}: it is a folder.")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to replace it.")
    _writable_parent(path)


class FolderOutput:
    """Files under a folder. Writing into an earlier export (``--force``), a file whose
    content is the same is left untouched: its modification time stays, so git, rsync
    and the web server see only what changed, and nothing is written twice."""

    def __init__(self, root, *, force):
        if root.exists() and not root.is_dir():
            raise ExportError(f"Cannot write into {root}: it is a file, not a folder.")
        self._reuse = root.is_dir() and any(root.iterdir())
        if self._reuse and not force:
            raise ExportError(
                f"{root} is not empty; use --force to write into it "
                "(files of the same name are replaced, others kept)."
            )
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ExportError(f"Cannot create the folder {root}: {error.strerror}.") from error
        if not os.access(root, os.W_OK | os.X_OK):
            raise ExportError(f"Cannot write into {root}: the folder is not writable.")
        self._root = str(root)
        self._folders = {""}

    def _make_folder(self, name):
        # Strings, not pathlib (whose .parent parses the path again): called for every
        # file. One mkdir per folder, not per file.
        folder = name.rpartition("/")[0]
        if folder not in self._folders:
            os.makedirs(os.path.join(self._root, folder), exist_ok=True)
            self._folders.add(folder)

    def _holds(self, path, data):
        if not self._reuse:
            return False
        try:
            with open(path, "rb") as file:
                return file.read(len(data) + 1) == data
        except OSError:
            return False

    def write(self, name, data):
        path = os.path.join(self._root, name)
        try:
            self._make_folder(name)
            if not self._holds(path, data):
                with open(path, "wb") as file:
                    file.write(data)
        except OSError as error:
            raise ExportError(f"Cannot write {path}: {error.strerror}.") from error

    def copy(self, name, source):
        """Copies the file at ``source`` (by the kernel, not through Python's memory)."""
        path = os.path.join(self._root, name)
        try:
            self._make_folder(name)
            if self._reuse and os.path.isfile(path) and filecmp.cmp(source, path, shallow=False):
                return
            shutil.copyfile(source, path)
        except OSError as error:
            raise ExportError(f"Cannot copy {source} to {path}: {error.strerror}.") from error

    def finish(self):
        pass

    def abort(self):
        # Files already written are complete files; nothing is half-written under its name.
        pass


class _TemporaryFile:
    """A file in the target's folder that becomes the target only on ``finish``."""

    def __init__(self, path, *, force):
        _check_replaceable(path, force)
        self.path = path
        try:
            handle, name = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".part"
            )
        except OSError as error:
            raise ExportError(f"Cannot write {path}: {error.strerror}.") from error
        self.temporary = Path(name)
        self.file = os.fdopen(handle, "wb")

    def finish(self):
        try:
            # Closing writes what is still buffered: a full disk can show here.
            self.file.close()
            # mkstemp makes 0600 files; an export is an ordinary file.
            self.temporary.chmod(ZIP_FILE_MODE)
            self.temporary.replace(self.path)
        except OSError as error:
            self.abort()
            raise self.error(error) from error

    def error(self, error):
        return ExportError(f"Cannot write {self.path}: {error.strerror or error}.")

    def abort(self):
        # The temporary file goes even when closing it fails (a full disk).
        with contextlib.suppress(OSError):
            self.file.close()
        self.temporary.unlink(missing_ok=True)


class ZipOutput:
    def __init__(self, path, *, force):
        self._target = _TemporaryFile(path, force=force)
        self._zip = zipfile.ZipFile(self._target.file, "w", compression=zipfile.ZIP_DEFLATED)

    def write(self, name, data):
        info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
        info.compress_type = (
            zipfile.ZIP_STORED
            if name.lower().endswith(COMPRESSED_SUFFIXES)
            else zipfile.ZIP_DEFLATED
        )
        info.create_system = 3  # Unix, so that the permissions below are read
        info.external_attr = (0o100000 | ZIP_FILE_MODE) << 16
        try:
            self._zip.writestr(info, data)
        except OSError as error:
            raise self._target.error(error) from error

    def copy(self, name, source):
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise ExportError(f"Cannot read {source}: {error.strerror}.") from error
        self.write(name, data)

    def finish(self):
        try:
            self._zip.close()  # writes the zip's directory
        except OSError as error:
            self._target.abort()
            raise self._target.error(error) from error
        self._target.finish()

    def abort(self):
        with contextlib.suppress(Exception):
            self._zip.close()
        self._target.abort()


class PrefixedWriter:
    """Writes into a sub-folder of another writer: several profiles in one zip."""

    def __init__(self, writer, prefix):
        self.writer = writer
        self.prefix = prefix

    def write(self, name, data):
        self.writer.write(self.prefix + name, data)

    def copy(self, name, source):
        self.writer.copy(self.prefix + name, source)


@contextlib.contextmanager
def open_output(out, *, force=False):
    """A writer for ``out``: a zip when it ends in ``.zip``, else a folder."""
    out = Path(out)
    writer = (
        ZipOutput(out, force=force)
        if out.suffix.lower() == ".zip"
        else FolderOutput(out, force=force)
    )
    try:
        yield writer
    except BaseException:
        writer.abort()
        raise
    writer.finish()


def write_file_atomically(path, data, *, force=False):
    path = Path(path)
    target = _TemporaryFile(path, force=force)
    try:
        target.file.write(data)
    except OSError as error:
        target.abort()
        raise target.error(error) from error
    except BaseException:
        target.abort()
        raise
    target.finish()
