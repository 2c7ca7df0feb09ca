"""Opening a bundle: a folder, a ``.zip``, or a ``profile.yaml`` / ``profile.json`` file.

Bundles come from strangers, so entries that would escape the bundle (``../``, absolute
paths, symbolic links, in zips and folders alike) and archives that unpack to more than
``MAX_UNPACKED_BYTES`` are refused, by the declared sizes up front and again by the bytes
actually read. The document's shape is bounded before it is built (``check_shape``):
nesting depth, items per list or mapping and characters per string, each refused with
one line naming the item (docs/security.md lists every limit).
"""

import json
import stat
import zipfile
from pathlib import Path, PurePosixPath

import yaml

from profiles.fields import MAX_LIST_ITEMS, MAX_TEXT_LENGTH

from .schema import BundleError, Issue, join

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 10_000
# A bundle nests five levels (publications[0].authors[1].name); ten leaves room, and
# stops a document nested thousands deep before a recursive parser overflows on it.
MAX_DEPTH = 10
# libyaml reads events ten times faster than PyYAML, so the shape check refuses a 10 MB
# string or 50,000 news items in a fraction of a second; PyYAML alone when it is absent.
_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DOCUMENT_NAMES = ("profile.yaml", "profile.json")
_CHUNK = 1024 * 1024


def fail(source, message, path=""):
    raise BundleError(source, [Issue(path, message)])


class _StrictLoader(yaml.SafeLoader):
    """YAML without anchors and aliases (a bundle never needs them, and nested aliases
    can expand a small file into billions of values) and without repeated keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed in a bundle", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        # A key given twice would silently keep only the last value.
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.MarkedYAMLError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Shape:
    """The limits on a document's shape; each breach is one Issue naming the item."""

    def __init__(self, source):
        self.source = source

    def depth(self, path, depth, where=""):
        if depth > MAX_DEPTH:
            fail(self.source, f"nested more than {MAX_DEPTH} levels deep{where}; refused", path)

    def items(self, path, count, where=""):
        if count > MAX_LIST_ITEMS:
            fail(
                self.source,
                f"more than {MAX_LIST_ITEMS:,} items{where}; a bundle holds at most "
                f"{MAX_LIST_ITEMS:,} in any list",
                path,
            )

    def text(self, path, value, where=""):
        if len(value) > MAX_TEXT_LENGTH:
            fail(
                self.source,
                f"a text of {len(value):,} characters{where}; at most {MAX_TEXT_LENGTH:,}",
                path,
            )


def _check_yaml_shape(content, source):
    """Walk the YAML's parse events (not its objects) within the limits. Syntax errors
    are left to the full parse, which reports them with their line."""
    shape = _Shape(source)
    frames = []  # of the open collections: [path, is a mapping, items so far, key or None]

    def value_path(where):
        """The path of the value starting now; counts it as an item of a list."""
        if not frames:
            return ""
        frame = frames[-1]
        if frame[1]:
            return join(frame[0], frame[3]) if frame[3] is not None else frame[0]
        frame[2] += 1
        shape.items(frame[0], frame[2], where)
        return join(frame[0], frame[2] - 1)

    try:
        for event in yaml.parse(content, Loader=_EVENT_LOADER):
            where = f" (line {event.start_mark.line + 1})"
            frame = frames[-1] if frames else None
            if isinstance(event, yaml.ScalarEvent) and frame and frame[1] and frame[3] is None:
                shape.text(frame[0], event.value, where)  # a key of a mapping
                frame[2] += 1
                shape.items(frame[0], frame[2], where)
                frame[3] = event.value
                continue
            if isinstance(event, yaml.ScalarEvent):
                shape.text(value_path(where), event.value, where)
            elif isinstance(event, yaml.CollectionStartEvent):
                path = value_path(where)
                frames.append([path, isinstance(event, yaml.MappingStartEvent), 0, None])
                shape.depth(path, len(frames), where)
                continue
            elif isinstance(event, yaml.CollectionEndEvent):
                frames.pop()
            else:
                continue
            if frames and frames[-1][1]:
                frames[-1][3] = None  # the value is read: a key comes next
    except yaml.YAMLError:
        return


def check_shape(data, source, path="", depth=0):
    """The same limits on parsed data (JSON, which the C parser reads fast)."""
    shape = _Shape(source)
    if isinstance(data, str):
        shape.text(path, data)
    elif isinstance(data, dict | list):
        shape.depth(path, depth + 1)
        shape.items(path, len(data))
        pairs = data.items() if isinstance(data, dict) else enumerate(data)
        for key, value in pairs:
            check_shape(value, source, join(path, key), depth + 1)


def parse_document(content, *, name, source):
    """Parse YAML or JSON bytes within the shape limits; syntax errors name the line."""
    try:
        content = content.decode("utf-8-sig")  # Windows editors may add a BOM
    except UnicodeDecodeError as error:
        fail(source, f"not UTF-8 text (byte {error.start})")
    try:
        if name.endswith(".json"):
            data = json.loads(content, object_pairs_hook=_unique_keys)
            check_shape(data, source)
            return data
        _check_yaml_shape(content, source)
        return yaml.load(content, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        fail(source, f"nested more than {MAX_DEPTH} levels deep; refused")
    except json.JSONDecodeError as error:
        fail(source, f"line {error.lineno}: invalid JSON: {error.msg}")
    except ValueError as error:  # from _unique_keys
        fail(source, f"invalid JSON: {error}")
    except yaml.MarkedYAMLError as error:
        fail(source, _yaml_problem(error))
    except yaml.YAMLError as error:
        fail(source, f"invalid YAML: {error}")


def _yaml_problem(error):
    """``line 13: invalid YAML: while scanning a quoted scalar, found unexpected end of
    stream (line 15)``: where the broken construct starts, then where it was noticed."""
    problem, context = error.problem_mark, error.context_mark
    if error.context and context and problem and problem.line != context.line:
        return (
            f"line {context.line + 1}: invalid YAML: {error.context}, {error.problem} "
            f"(line {problem.line + 1})"
        )
    mark = problem or context
    where = f"line {mark.line + 1}: " if mark else ""
    text = ", ".join(part for part in (error.context, error.problem) if part)
    return f"{where}invalid YAML: {text}"


def _unique_keys(pairs):
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"the key {key!r} is given twice")
    return dict(pairs)


def is_system_file(pure):
    """What macOS and Windows add to a zip they make: resource forks, folder settings."""
    name = pure.name
    return (
        pure.parts[:1] == ("__MACOSX",)
        or name in (".DS_Store", "Thumbs.db", "desktop.ini")
        or name.startswith("._")
    )


def checked_entries(archive, source):
    """The archive's files by normalised name, once every entry passed the checks a zip from
    a stranger needs: no absolute paths, no '..', no symbolic links, no encryption, at most
    ``MAX_ENTRIES`` entries unpacking to at most ``MAX_UNPACKED_BYTES`` (declared sizes)."""
    entries, total = {}, 0
    if len(archive.infolist()) > MAX_ENTRIES:
        fail(source, f"the archive holds more than {MAX_ENTRIES} entries; refused")
    for info in archive.infolist():
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            fail(source, f"the entry {name!r} has an absolute path; refused")
        if ".." in pure.parts:
            fail(source, f"the entry {name!r} leaves the bundle folder ('..'); refused")
        if stat.S_ISLNK(info.external_attr >> 16):
            fail(source, f"the entry {name!r} is a symbolic link; refused")
        if info.flag_bits & 0x1:
            fail(source, f"the entry {name!r} is encrypted; bundles cannot be")
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            fail(source, "the archive unpacks to more than 200 MB; refused")
        # "." (no parts) names the archive's own folder, not a file.
        if not info.is_dir() and pure.parts and not is_system_file(pure):
            entries[str(pure)] = info
    return entries


class Bundle:
    """An opened bundle: its parsed document and a way to read the files it names."""

    def __init__(self, source):
        self.source = source  # how messages name the document, e.g. "x.zip:profile.yaml"
        self.data = None
        self._budget = MAX_UNPACKED_BYTES

    def read(self, relpath):
        """The bytes of a media file named in the document (a path already checked by the
        schema); raises BundleError when it is missing or the size budget runs out."""
        raise NotImplementedError

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _spend(self, count, relpath):
        self._budget -= count
        if self._budget < 0:
            fail(self.source, f"{relpath}: the bundle unpacks to more than 200 MB")


class FolderBundle(Bundle):
    def __init__(self, root, document):
        super().__init__(str(document))
        self.root = root.resolve()
        if document.is_symlink():
            # It could name any file on the server, whose lines the errors would quote.
            fail(self.source, "is a symbolic link; refused (copy the file itself)")
        if document.stat().st_size > MAX_DOCUMENT_BYTES:
            fail(self.source, "larger than 20 MB; is this really a profile?")
        self.data = parse_document(document.read_bytes(), name=document.name, source=self.source)

    def read(self, relpath):
        path = self.root / relpath
        for part in [*reversed(path.parents[: len(PurePosixPath(relpath).parts) - 1]), path]:
            if part.is_symlink():
                fail(self.source, f"{relpath} is or passes a symbolic link; refused")
        if not path.resolve().is_relative_to(self.root):
            fail(self.source, f"{relpath} points outside the bundle folder")
        if not path.is_file():
            fail(self.source, f"{relpath} is named here but is not in the bundle folder")
        self._spend(path.stat().st_size, relpath)
        return path.read_bytes()


class ZipBundle(Bundle):
    def __init__(self, path):
        super().__init__(str(path))
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            fail(str(path), f"not a readable zip archive ({error})")
        try:
            self.entries = self._check_entries(path)
            self.prefix = self._find_prefix(path)
            name = self.prefix + self._document_name(path)
            self.source = f"{path}:{name}"
            content = self._read_entry(name, limit=MAX_DOCUMENT_BYTES)
            self.data = parse_document(content, name=name, source=self.source)
        except BaseException:
            self.zip.close()
            raise

    def _check_entries(self, path):
        return checked_entries(self.zip, str(path))

    def _find_prefix(self, path):
        if any(name in self.entries for name in DOCUMENT_NAMES):
            return ""
        tops = {name.split("/", 1)[0] for name in self.entries}
        if len(tops) == 1:
            top = tops.pop()
            if any(f"{top}/{name}" in self.entries for name in DOCUMENT_NAMES):
                return f"{top}/"
        fail(
            str(path),
            "no profile.yaml or profile.json at the root of the archive or in its one top folder",
        )

    def _document_name(self, path):
        present = [name for name in DOCUMENT_NAMES if self.prefix + name in self.entries]
        if len(present) > 1:
            fail(str(path), "holds both profile.yaml and profile.json; keep one")
        return present[0]

    def _read_entry(self, name, *, limit=None):
        info = self.entries[name]
        chunks, size = [], 0
        with self.zip.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                self._spend(len(chunk), name)
                if limit and size > limit:
                    fail(self.source, f"{name} is larger than {limit // 1024 // 1024} MB")
                chunks.append(chunk)
        return b"".join(chunks)

    def read(self, relpath):
        name = self.prefix + relpath
        if name not in self.entries:
            fail(self.source, f"{relpath} is named here but is not in the archive")
        try:
            return self._read_entry(name)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            fail(self.source, f"{relpath} cannot be unpacked ({error})")

    def close(self):
        self.zip.close()


def open_bundle(path):
    """Open the bundle at ``path``; the caller closes it (it is a context manager)."""
    path = Path(path)
    if not path.exists():
        fail(str(path), "no such file or folder")
    if path.is_dir():
        present = [path / name for name in DOCUMENT_NAMES if (path / name).is_file()]
        if not present:
            fail(str(path), "the folder has no profile.yaml or profile.json")
        if len(present) > 1:
            fail(str(path), "the folder holds both profile.yaml and profile.json; keep one")
        return FolderBundle(path, present[0])
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return ZipBundle(path)
    if suffix in (".yaml", ".yml", ".json"):
        return FolderBundle(path.parent, path)
    fail(str(path), "expected a bundle folder, a .zip, a profile.yaml or a profile.json")
