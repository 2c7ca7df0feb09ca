"""Exporting a profile as a bundle: deterministic YAML plus its media files.

The same profile always gives the same bytes: keys in the spec's order (the schema's),
empty and default values left out, media under stable names, zip entries sorted with a
fixed date and permissions. Export → import → export is therefore byte-identical.
"""

import io
import os
import shutil
import zipfile
from pathlib import Path, PurePosixPath

import yaml
from django.db.models import Prefetch
from django.utils.text import slugify

from profiles.models import SECTION_NAMES, Profile
from publications.models import Authorship, Publication
from publications.printed_names import PrintedName
from publications.selectors import listed_publications

from . import schema
from .reader import MAX_DOCUMENT_BYTES, check_shape
from .schema import BundleError

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class BundleExportError(Exception):
    """A user mistake when exporting (e.g. an output path that is not a bundle)."""


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, as people write YAML."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Quoted(str):
    """Written in double quotes: partial dates, which YAML would otherwise read as
    numbers (2024) or timestamps (2024-06-01)."""


def _represent_quoted(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Quoted, _represent_quoted)


def dump_yaml(document):
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )


def _compact(values, spec):
    """Keys in the spec's order; empty and ``None`` values (the defaults) left out."""
    keys = spec.keys if isinstance(spec, schema.Obj) else spec
    return {key: values[key] for key in keys if values.get(key) not in (None, "", [], {}, False)}


class _Media:
    """Files to write under media/, each under a stable, readable and unique name."""

    def __init__(self):
        self.files = {}  # bundle path -> bytes

    def add(self, field, stem, folder=""):
        if not field:
            return None
        with field.open("rb") as handle:
            content = handle.read()
        extension = os.path.splitext(field.name)[1].lower()
        stem = slugify(stem)[:60].strip("-") or "file"
        base = f"media/{folder}/{stem}" if folder else f"media/{stem}"
        path, counter = f"{base}{extension}", 1
        while path in self.files and self.files[path] != content:
            counter += 1
            path = f"{base}-{counter}{extension}"
        self.files[path] = content
        return path


def _settings(profile):
    defaults = {field.name: field.get_default() for field in Profile._meta.fields}
    markers = {}
    if profile.marker_equal != defaults["marker_equal"]:
        markers["equal"] = profile.marker_equal
    if profile.marker_corresponding != defaults["marker_corresponding"]:
        markers["corresponding"] = profile.marker_corresponding
    if profile.marker_joint_last != defaults["marker_joint_last"]:
        markers["joint_last"] = profile.marker_joint_last
    values = {"markers": markers}
    for key in schema.SETTINGS.keys:
        if key != "markers" and getattr(profile, key) != defaults[key]:
            values[key] = getattr(profile, key)
    # In the sections' own order: PostgreSQL's jsonb keeps no key order.
    titles = profile.section_titles or {}
    values["section_titles"] = {name: titles[name] for name in SECTION_NAMES if name in titles}
    # Only what differs from the defaults is written; a switch turned off is such a value.
    return {
        key: values[key]
        for key in schema.SETTINGS.keys
        if values.get(key) is False or values.get(key) not in (None, "", [], {}, False)
    }


def _profile(profile, media):
    values = {key: getattr(profile, key, None) for key in schema.PROFILE.keys}
    values["photo"] = media.add(profile.photo, "photo")
    links = []
    for link in profile.links.all():
        target = media.add(link.file, link.label or link.kind) if link.file else link.url
        links.append(_compact({"kind": link.kind, "url": target, "label": link.label}, schema.LINK))
    values["links"] = links
    values["settings"] = _settings(profile)
    return _compact(values, schema.PROFILE)


def _news(profile):
    # Drafts travel too, marked: a bundle is the profile's backup, not its public page.
    return [
        _compact(
            {
                "date": _iso(item.date),
                "text": item.text,
                "pinned": item.pinned,
                "draft": not item.is_published,
            },
            schema.NEWS,
        )
        for item in profile.news.all()
    ]


def _iso(value):
    return _Quoted(value.isoformat()) if value else None


def _positions(profile, media):
    positions = []
    for position in profile.positions.all():
        values = {key: getattr(position, key, None) for key in schema.POSITION.keys}
        values["start"], values["end"] = _iso(position.start), _iso(position.end)
        values["logo"] = media.add(position.logo, position.organization, "logos")
        positions.append(_compact(values, schema.POSITION))
    return positions


def _awards(profile):
    awards = []
    for award in profile.awards.all():
        values = {key: getattr(award, key, None) for key in schema.AWARD.keys}
        values["date"] = _iso(award.date)
        if len(award.years) == 1:
            values["year"], values["years"] = award.years[0], None
        awards.append(_compact(values, schema.AWARD))
    return awards


def _services(profile):
    """Consecutive rows with the same role, kind and note are one item with several venues."""
    services = []
    for row in profile.services.all():
        group = (row.role, row.venue_kind, row.note)
        venue = _compact({"name": row.venue, "years": row.years}, schema.VENUE)
        if services and services[-1][0] == group:
            services[-1][1]["venues"].append(venue)
        else:
            values = {"role": row.role, "venue_kind": row.venue_kind, "venues": [venue]}
            values["note"] = row.note
            services.append((group, values))
    return [_compact(values, schema.SERVICE) for _, values in services]


def _grants(profile):
    grants = []
    for grant in profile.grants.all():
        values = {key: getattr(grant, key, None) for key in schema.GRANT.keys}
        values["start"], values["end"] = _iso(grant.start), _iso(grant.end)
        grants.append(_compact(values, schema.GRANT))
    return grants


def _sections(profile):
    return [
        _compact({"title": section.title, "body": section.body}, schema.SECTION)
        for section in profile.sections.all()
    ]


def _author(authorship, profile):
    author = authorship.author
    printed = authorship.printed
    # The parts only when the name alone does not give them back (bundle_printed_name).
    parts = printed.parts if PrintedName.parse(printed.name) != printed else {}
    values = {
        "name": printed.name,
        **parts,
        "me": author.profile_id == profile.pk,
        "equal": authorship.equal_contribution,
        "corresponding": authorship.corresponding,
        "joint_last": authorship.joint_last,
        "orcid": author.orcid,
        "profile": author.profile.slug
        if author.profile_id and author.profile_id != profile.pk
        else None,
    }
    return _compact(values, schema.AUTHOR)


def _publications(profile, media):
    # Papers the profile hides are left out: a bundle holds what the page shows, in the
    # page's order (by hand, or newest first).
    listings = dict(profile.listings.values_list("publication_id", "selected"))
    publications = listed_publications(profile).prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.select_related("author__profile").order_by("position"),
        ),
        "tags",
    )
    items = []
    for publication in publications:
        values = {key: getattr(publication, key, None) for key in schema.PUBLICATION.keys}
        values["authors"] = [_author(ship, profile) for ship in publication.authorships.all()]
        values["date"] = _iso(publication.date)
        values["status"] = (
            None if publication.status == Publication.Status.PUBLISHED else publication.status
        )
        values["links"] = [
            _compact({"label": link.label, "url": link.url}, schema.PUBLICATION_LINK)
            for link in publication.links.all()
        ]
        values["tags"] = sorted(tag.name for tag in publication.tags.all())
        values["teaser"] = media.add(publication.teaser, publication.slug, "teasers")
        values["selected"] = listings.get(publication.pk, False)
        kinds = publication.badge_kinds
        values["badges"] = [
            {"text": text, "kind": kinds[text]} if text in kinds else text
            for text in publication.badges
        ]
        items.append(_compact(values, schema.PUBLICATION))
    return items


def build_bundle(profile):
    """The bundle of ``profile``: (YAML text, {bundle path: bytes})."""
    media = _Media()
    document = {
        "format": schema.FORMAT,
        "profile": _profile(profile, media),
        "news": _news(profile),
        "positions": _positions(profile, media),
        "awards": _awards(profile),
        "services": _services(profile),
        "grants": _grants(profile),
        "sections": _sections(profile),
        "publications": _publications(profile, media),
    }
    document = {key: value for key, value in document.items() if value}
    text = dump_yaml(document)
    _check_importable(profile, document, text)
    return text, media.files


def _zip_entry(archive, name, content):
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content)


def _check_importable(profile, document, text):
    """A bundle the importer would refuse for its size (reader.py's limits) is not
    written; the message names what is too big."""
    try:
        check_shape(document, "profile.yaml")
    except BundleError as error:
        raise BundleExportError(f"{profile.slug} cannot be exported as a bundle: {error}") from None
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise BundleExportError(
            f"{profile.slug} cannot be exported as a bundle: its profile.yaml would be "
            f"{size / 1024 / 1024:.1f} MB, and a bundle's document holds at most "
            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB"
        )


def write_bundle(profile, out, *, force=False):
    """Write ``profile``'s bundle to ``out``: a folder, or a zip when it ends in .zip.

    An existing folder is only replaced with ``force``, and only when it is a bundle
    (has a profile.yaml), so a typo cannot wipe an unrelated folder.
    """
    out = Path(out)
    text, files = build_bundle(profile)
    entries = {"profile.yaml": text.encode("utf-8"), **files}
    if out.suffix.lower() == ".zip":
        if out.exists() and not force:
            raise BundleExportError(f"{out} exists; use --force to overwrite it")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in sorted(entries):
                _zip_entry(archive, name, entries[name])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(buffer.getvalue())
        return out
    if out.exists():
        if not out.is_dir():
            raise BundleExportError(f"{out} exists and is not a folder")
        if any(out.iterdir()):
            if not force:
                raise BundleExportError(f"{out} is not empty; use --force to replace it")
            if not (out / "profile.yaml").is_file():
                raise BundleExportError(
                    f"{out} is not a bundle folder (no profile.yaml); not replaced"
                )
            shutil.rmtree(out)
    for name, content in entries.items():
        target = out / PurePosixPath(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return out
