"""Reading the static and media files an export uses."""

import mimetypes
import os
from base64 import b64encode

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage


def asset_path(file_path):
    """The local file of ``static/…`` or ``media/…``; None when its storage has no files."""
    kind, _, name = file_path.partition("/")
    if kind == "media":
        try:
            return default_storage.path(name)
        except NotImplementedError:
            return None
    # The app folders first (the source of truth); then collected, possibly hashed, files.
    found = finders.find(name)
    if found is None and staticfiles_storage.exists(name):
        found = staticfiles_storage.path(name)
    if found is None:
        raise FileNotFoundError(f"no static file {name}")
    return found


def read_asset(file_path):
    """Bytes of ``static/…`` or ``media/…``; OSError when missing or unreadable."""
    path = asset_path(file_path)
    if path is None:
        with default_storage.open(file_path.partition("/")[2], "rb") as file:
            return file.read()
    with open(path, "rb") as file:
        return file.read()


def describe_error(error):
    if isinstance(error, FileNotFoundError):
        return "missing"
    return f"unreadable ({error.strerror or error})"


def data_uri(file_path, data):
    mime = mimetypes.guess_type(file_path)[0] or "application/octet-stream"
    return f"data:{mime};base64,{b64encode(data).decode('ascii')}"


class AssetReader:
    """Reads each asset once and remembers which could not be read, for the final report."""

    def __init__(self):
        self.problems = []
        self._failed = set()

    def read(self, file_path):
        if file_path in self._failed:
            return None
        try:
            return read_asset(file_path)
        except OSError as error:
            self._failed.add(file_path)
            self.problems.append(f"{file_path} ({describe_error(error)})")
            return None

    def locate(self, file_path):
        """(local path, None) of a readable asset, (None, bytes) when its storage has no
        local files, or None (and a reported problem) when it cannot be read."""
        if file_path in self._failed:
            return None
        try:
            path = asset_path(file_path)
            if path is None:
                return None, read_asset(file_path)
            # Checked here so that the page leaves out what is missing; copied later.
            if not os.path.isfile(path):
                raise FileNotFoundError(path)
            if not os.access(path, os.R_OK):
                raise PermissionError(13, "Permission denied", path)
        except OSError as error:
            self._failed.add(file_path)
            self.problems.append(f"{file_path} ({describe_error(error)})")
            return None
        return path, None
