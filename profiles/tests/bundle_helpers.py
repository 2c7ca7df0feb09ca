"""Building bundles on disk for the bundle tests: folders, zips, real images."""

import copy
import io
import json
import zipfile
from pathlib import Path

import yaml
from PIL import Image


class _PlainDumper(yaml.SafeDumper):
    """No anchors/aliases for objects shared in the test data: bundles refuse them."""

    def ignore_aliases(self, data):
        return True


def dump(doc):
    return yaml.dump(doc, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False)


def png(color=(200, 80, 40), size=(16, 12)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def paper(title, *authors, **fields):
    """A publication item; authors are names, or dicts for marks."""
    return {
        "title": title,
        "authors": [{"name": a} if isinstance(a, str) else a for a in authors],
        "year": 2024,
        "type": "conference",
        **fields,
    }


def document(slug="ada-lovelace", name="Ada Lovelace", **sections):
    profile = sections.pop("profile", {})
    return copy.deepcopy(
        {
            "format": "profile-bundle/1",
            "profile": {"slug": slug, "name": name, **profile},
            **sections,
        }
    )


def write_folder(root, doc, media=None, *, fmt="yaml"):
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        (root / "profile.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    else:
        (root / "profile.yaml").write_text(dump(doc), "utf-8")
    for name, content in (media or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def write_zip(path, entries):
    """A zip of ``entries`` ({name: bytes or ZipInfo-ready (info, bytes)})."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            if isinstance(content, tuple):
                archive.writestr(*content)
            else:
                archive.writestr(name, content)
    return path


def yaml_bytes(doc):
    return dump(doc).encode("utf-8")
