"""What a generator reader turns a repository into: one intermediate result, no writes.

A ``SiteReading`` holds a profile-bundle document (docs/profile-bundle.md) without its
slug, the media files it names, the BibTeX files whose papers go through the BibTeX
importer, and a report of what became of each file of the repository.
"""

from dataclasses import dataclass, field

from profiles.bundles import schema
from profiles.images import inspect_image

from .documents import (
    DocumentError,
    as_partial_date,
    as_text,
    load_toml,
    load_yaml,
    split_front_matter,
)
from .source import MAX_TEXT_BYTES, SiteImportError, is_image

# Item kinds of the bundle document, with the schema that checks one item.
ITEM_SCHEMAS = {
    "news": schema.NEWS,
    "positions": schema.POSITION,
    "awards": schema.AWARD,
    "sections": schema.SECTION,
    "publications": schema.PUBLICATION,
}
IMAGE_LIMIT = 10 * 1024 * 1024


@dataclass
class FileNote:
    """What became of one file (or one item of a file)."""

    path: str
    outcome: str  # "read", "left out"
    detail: str  # what went where, or why it was left out


@dataclass
class BibtexFile:
    path: str
    text: str


@dataclass
class SiteReading:
    generator: str  # label: "academicpages", "al-folio", "Hugo Blox"
    label: str  # the repository, for messages
    site_url: str = ""
    profile: dict = field(default_factory=dict)
    items: dict = field(default_factory=lambda: {kind: [] for kind in ITEM_SCHEMAS})
    media: dict = field(default_factory=dict)  # bundle path -> bytes (checked images)
    teasers: dict = field(default_factory=dict)  # al-folio preview name -> bytes
    bibtex: list = field(default_factory=list)  # BibTeX files for the BibTeX importer
    notes: list = field(default_factory=list)  # FileNote, in the order files were read
    missing_images: list = field(default_factory=list)  # (referenced by, image path)
    warnings: list = field(default_factory=list)

    def read(self, path, detail):
        self.notes.append(FileNote(path, "read", detail))

    def left_out(self, path, reason):
        self.notes.append(FileNote(path, "left out", reason))

    def add(self, kind, item, path):
        """Add one item if the bundle schema accepts it; else report it left out."""
        issues = schema.Issues()
        try:
            cleaned = ITEM_SCHEMAS[kind](item, kind, issues)
        except schema.Invalid as error:
            self.left_out(path, f"{kind[:-1]} not imported: {error}")
            return None
        if issues.items:
            problems = "; ".join(str(issue) for issue in issues.items[:3])
            self.left_out(path, f"{kind[:-1]} not imported: {problems}")
            return None
        self.items[kind].append(cleaned)
        return cleaned

    def document(self, slug):
        """The bundle document for ``slug``."""
        return {
            "format": schema.FORMAT,
            "profile": {"slug": slug, **self.profile},
            **{kind: items for kind, items in self.items.items() if items},
        }

    def counts(self):
        counts = {kind: len(items) for kind, items in self.items.items()}
        counts["links"] = len(self.profile.get("links", []))
        return counts


class Reader:
    """Shared plumbing of the three generator readers."""

    generator = ""

    def __init__(self, files):
        self.files = files
        self.result = SiteReading(generator=self.generator, label=files.label)

    def text(self, name):
        try:
            return self.files.read_text(name)
        except SiteImportError as error:
            if f"larger than {MAX_TEXT_BYTES // 1024 // 1024} MB" in str(error):
                self.result.left_out(name, "larger than 2 MB; not a content file")
                return None
            raise

    def data_file(self, name):
        """A YAML or TOML data file as loaded (any type), or None when it is absent or
        cannot be read (reported as left out with the reason)."""
        if not self.files.exists(name):
            return None
        text = self.text(name)
        if text is None:
            return None
        try:
            return load_toml(text) if name.endswith(".toml") else load_yaml(text)
        except DocumentError as error:
            self.result.left_out(name, str(error))
            return None

    def page(self, name):
        """(front matter, body) of a Markdown file, or (None, None) when it cannot be read
        (reported as left out with the reason)."""
        text = self.text(name)
        if text is None:
            return None, None
        try:
            return split_front_matter(text)
        except DocumentError as error:
            self.result.left_out(name, str(error))
            return None, None

    def image(self, referenced_by, candidates, bundle_path):
        """Look for the first existing candidate path; return its bundle path once checked
        like an upload, else note it missing or refused and return None."""
        found = next((name for name in candidates if name and self.files.exists(name)), None)
        if found is None:
            shown = next((name for name in candidates if name), "")
            if shown:
                self.result.missing_images.append((referenced_by, shown))
            return None
        content = self.check_image(referenced_by, found)
        if content is None:
            return None
        suffix = found.rsplit(".", 1)[-1].lower()
        path = f"{bundle_path}.{suffix}"
        self.result.media[path] = content
        return path

    def check_image(self, referenced_by, name):
        from django.core.exceptions import ValidationError
        from django.core.files.base import ContentFile

        if not is_image(name):
            self.result.left_out(
                name, f"named by {referenced_by}, but not a JPEG, PNG, WebP or GIF"
            )
            return None
        try:
            content = self.files.read_bytes(name, IMAGE_LIMIT)
        except SiteImportError as error:
            self.result.left_out(name, str(error).split(": ", 1)[-1])
            return None
        try:
            inspect_image(ContentFile(content, name=name.rsplit("/", 1)[-1]))
        except ValidationError as error:
            self.result.left_out(name, " ".join(error.messages))
            return None
        self.result.read(name, f"image for {referenced_by}")
        return content


def resume_award(row):
    """A JSON Resume award (al-folio's resume.json, Hugo Blox's cv data) as a bundle award,
    or None when it has no title."""
    if not isinstance(row, dict) or not as_text(row.get("title")):
        return None
    award = {"title": as_text(row.get("title"))[:300]}
    date = as_partial_date(row.get("date"))
    if date:
        award["date"] = date
    if as_text(row.get("awarder")):
        award["issuer"] = as_text(row.get("awarder"))[:300]
    if as_text(row.get("summary")):
        award["description"] = as_text(row.get("summary"))
    return award
