"""Previewing and applying a site import: one transaction, existing importers only.

The reading (a bundle document, media, BibTeX) is compared with the profile by natural
keys, and only what is new goes in: the bundle importer (``merge_document``) writes the
profile fields, items and front-matter papers, the BibTeX importer the BibTeX papers.
The preview is the same run, rolled back, so it shows exactly what confirming does —
the profile's sections rendered by the public page's own templates.

Natural keys (docs/site-import.md): news by date and text, positions by organisation,
role and start, awards by title and year, sections by title, links by kind and address,
papers by DOI, arXiv id or title and year. Nothing already on the profile is
overwritten: a field that differs is kept and listed in ``kept``.
"""

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string

from profiles.bundles.importer import merge_document
from profiles.bundles.reader import Bundle
from profiles.bundles.schema import BundleError, validate_document
from profiles.models import SECTION_NAMES, Profile
from profiles.permissions import can_edit_profile
from profiles.presentation import page_sections
from profiles.selectors import load_page_sections
from publications.bibtex.importer import RowStatus, apply_import
from publications.bibtex.parse import BibtexInputError
from publications.models import ProfilePublication
from publications.presentation import AuthorListContext, group_entries, present
from publications.selectors import listed_publications, load
from publications.services import find_existing_publication, lock_imports

from .detect import read_site
from .markdown import list_items
from .source import SiteImportError, open_site

PROFILE_FIELDS = {
    "name": "Name", "pronouns": "Pronouns", "headline": "Headline", "affiliation": "Affiliation",
    "affiliation_url": "Affiliation address", "location": "Location", "email": "Email",
    "bio": "Bio",
}  # fmt: skip
KIND_LABELS = {
    "links": "Links", "news": "News", "positions": "Positions", "awards": "Awards",
    "sections": "Sections", "publications": "Papers (front matter)",
}  # fmt: skip


class _Rollback(Exception):
    """Ends a preview: everything it wrote is rolled back."""


@dataclass
class KindCount:
    label: str
    found: int = 0
    new: int = 0
    present: int = 0  # already on the profile
    updated: int = 0


@dataclass
class SiteImportPlan:
    reading: object
    slug: str
    creates_profile: bool = False
    fields: list = field(default_factory=list)  # (label, value shown, "new"/"same"/"kept")
    counts: dict = field(default_factory=dict)  # kind -> KindCount
    kept: list = field(default_factory=list)  # what differs on the profile and is kept
    bibtex: list = field(default_factory=list)  # (BibtexFile, ImportPlan)
    fingerprint: str = ""
    page_html: str = ""
    applied: bool = False

    @property
    def changes(self):
        return sum(count.new + count.updated for count in self.counts.values()) + sum(
            1 for _, _, status in self.fields if status == "new"
        )

    def summary(self):
        parts = [
            f"{count.label.lower()} {count.new} new"
            + (f", {count.updated} updated" if count.updated else "")
            + (f", {count.present} already there" if count.present else "")
            for count in self.counts.values()
            if count.found
        ]
        return f"{self.reading.generator} site: " + "; ".join(parts) + "."


def fingerprint(reading):
    digest = hashlib.sha256()
    digest.update(repr((reading.profile, reading.items)).encode())
    for bib in reading.bibtex:
        digest.update(bib.text.encode())
    for name in sorted(reading.media):
        digest.update(name.encode() + hashlib.sha256(reading.media[name]).digest())
    for name in sorted(reading.teasers):
        digest.update(name.encode() + hashlib.sha256(reading.teasers[name]).digest())
    return digest.hexdigest()


def read_repository(path):
    with open_site(path) as files:
        return read_site(files)


def preview_site_import(*, slug, path, user=None):
    """What importing the repository at ``path`` onto ``slug`` would do; writes nothing."""
    return _run(slug, read_repository(path), user=user, dry_run=True)


def apply_site_import(*, slug, path, user=None, expected=""):
    """Import in one transaction. ``expected`` is the preview's fingerprint: a repository
    that changed since the preview is refused rather than imported unseen."""
    reading = read_repository(path)
    if expected and fingerprint(reading) != expected:
        raise SiteImportError(f"{reading.label}: changed since the preview; preview it again")
    return _run(slug, reading, user=user, dry_run=False)


class _MemoryBundle(Bundle):
    def __init__(self, reading):
        super().__init__(reading.label)
        self.files = reading.media

    def read(self, relpath):
        if relpath not in self.files:
            raise BundleError(self.source, [])
        return self.files[relpath]


def _run(slug, reading, *, user, dry_run):
    plan = SiteImportPlan(reading=reading, slug=slug, fingerprint=fingerprint(reading))
    try:
        with transaction.atomic():
            lock_imports()  # the site's import lock, held by every import (docs/security.md)
            profile = Profile.objects.filter(slug=slug).first()
            if user is not None and (profile is None or not can_edit_profile(user, profile)):
                raise PermissionDenied(f"You may not import onto the profile {slug!r}.")
            plan.creates_profile = profile is None
            listed = set()
            if profile:
                listed = set(
                    ProfilePublication.objects.filter(profile=profile).values_list(
                        "publication_id", flat=True
                    )
                )
            document, updates = _delta(plan, profile, reading, listed, dry_run=dry_run)
            try:
                document = validate_document(document, source=reading.label)
                if profile is None or _adds_anything(document):
                    profile = merge_document(_MemoryBundle(reading), document).profile
            except BundleError as error:
                raise SiteImportError(str(error)) from None
            for section, body in updates:
                section.body = body
                section.full_clean()
                section.save(update_fields=["body"])
            _import_bibtex(plan, profile, reading, listed, dry_run=dry_run)
            if dry_run:
                plan.page_html = _render_page(profile)
                raise _Rollback
    except _Rollback:
        return plan
    plan.applied = True
    return plan


def _adds_anything(document):
    """A re-run of the same repository finds nothing new: the profile is not even saved."""
    values = document["profile"]
    return (
        len(document) > 2
        or any(key not in ("slug", "name", "links") for key in values)
        or (bool(values.get("links")))
    )


def _same(a, b):
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def _delta(plan, profile, reading, listed, *, dry_run):
    """The document holding only what the profile lacks, and the sections to update."""
    values = dict(reading.profile)
    document = reading.document(plan.slug)
    delta_profile = {"slug": plan.slug}
    for key, label in PROFILE_FIELDS.items():
        if not values.get(key):
            continue
        current = getattr(profile, key, "") if profile else ""
        if not current:
            delta_profile[key] = values[key]
            plan.fields.append((label, values[key], "new"))
        elif _same(current, values[key]):
            plan.fields.append((label, values[key], "same"))
        else:
            plan.fields.append((label, values[key], "kept"))
            plan.kept.append(f"{label}: yours is kept; the site has “{_short(values[key])}”")
    # The bundle schema wants a name; merging keeps the profile's own.
    delta_profile.setdefault("name", profile.name if profile else values.get("name", plan.slug))
    for key in ("aliases", "interests"):
        current = list(getattr(profile, key, []) or []) if profile else []
        new = [item for item in values.get(key, []) if not any(_same(item, c) for c in current)]
        if new:
            delta_profile[key] = current + new
            plan.fields.append((key.title(), ", ".join(new), "new"))
    if values.get("photo"):
        if profile and profile.photo:
            plan.fields.append(("Photo", values["photo"], "kept"))
            plan.kept.append("Photo: yours is kept; the site has another")
        elif not dry_run:
            delta_profile["photo"] = values["photo"]
            plan.fields.append(("Photo", values["photo"], "new"))
        else:
            plan.fields.append(("Photo", values["photo"], "new"))
    delta_profile["links"] = _new_links(plan, profile, values.get("links", []))
    items = {}
    for kind in NATURAL_KEYS:
        items[kind] = _new_items(plan, kind, document, profile)
    sections, updates = _new_sections(plan, profile, document.get("sections", []))
    items["sections"] = sections
    items["publications"] = _new_papers(plan, document.get("publications", []), listed, dry_run)
    order = list(profile.section_order) if profile else list(SECTION_NAMES)
    if profile is None and getattr(reading, "hide_news", False):
        order.remove("news")
    added = [s["title"] for s in sections if not any(_same(s["title"], name) for name in order)]
    if added or profile is None:
        delta_profile["settings"] = {"section_order": order + added}
    document = {"format": document["format"], "profile": delta_profile}
    document.update({kind: value for kind, value in items.items() if value})
    return document, updates


def _norm(text):
    return " ".join(str(text).split()).casefold()


def _short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _count(plan, kind):
    return plan.counts.setdefault(kind, KindCount(KIND_LABELS[kind]))


def _new_links(plan, profile, links):
    count = _count(plan, "links")
    existing = list(profile.links.all()) if profile else []
    known = {(link.kind, (link.url or link.href).rstrip("/")) for link in existing}
    kinds = {link.kind for link in existing}
    new = []
    for link in links:
        count.found += 1
        key = (link["kind"], link["url"].rstrip("/"))
        if key in known or (link["kind"] == "email" and ("email", link["url"]) in known):
            count.present += 1
        elif link["kind"] in kinds and link["kind"] != "other":
            plan.kept.append(f"Link {link['kind']}: yours is kept; the site has {link['url']}")
        else:
            new.append(link)
            count.new += 1
    return new


def _iso(value):
    return value.isoformat() if value is not None else ""


# Natural keys per kind: (key of a row on the profile, key of an item of the document).
NATURAL_KEYS = {
    "news": (
        lambda row: (_iso(row.date), _norm(row.text)),
        lambda item: (item["date"], _norm(item["text"])),
    ),
    "positions": (
        lambda row: (_norm(row.organization), _norm(row.role), _iso(row.start)),
        lambda item: (_norm(item["organization"]), _norm(item.get("role", "")), item["start"]),
    ),
    "awards": (
        lambda row: (_norm(row.title), tuple(row.years), _iso(row.date)),
        lambda item: (
            _norm(item["title"]),
            tuple(item.get("years") or ([item["year"]] if "year" in item else [])),
            item.get("date") or "",
        ),
    ),
}


def _new_items(plan, kind, document, profile):
    count = _count(plan, kind)
    row_key, item_key = NATURAL_KEYS[kind]
    known = {row_key(row) for row in getattr(profile, kind).all()} if profile else set()
    new = []
    for item in document.get(kind, []):
        count.found += 1
        if item_key(item) in known:
            count.present += 1
        else:
            known.add(item_key(item))
            new.append(item)
            count.new += 1
    return new


def _new_sections(plan, profile, sections):
    count = _count(plan, "sections")
    existing = (
        {section.title.casefold(): section for section in profile.sections.all()} if profile else {}
    )
    new, updates = [], []
    for section in sections:
        count.found += 1
        mine = existing.get(section["title"].casefold())
        if mine is None:
            new.append(section)
            count.new += 1
        elif _same(mine.body, section["body"]):
            count.present += 1
        elif set(map(_norm, list_items(mine.body))) <= set(map(_norm, list_items(section["body"]))):
            # Everything in it came from the site: the newer site's items are added.
            updates.append((mine, section["body"]))
            count.updated += 1
        else:
            count.present += 1
            plan.kept.append(
                f"Section “{mine.title}”: yours (edited here) is kept; the site's differs"
            )
    return new, updates


def _new_papers(plan, papers, listed, dry_run):
    count = _count(plan, "publications")
    new = []
    for paper in papers:
        count.found += 1
        year = paper.get("year") or (int(str(paper["date"])[:4]) if paper.get("date") else None)
        existing = find_existing_publication(
            doi=paper.get("doi", ""), arxiv=paper.get("arxiv", ""), title=paper["title"], year=year
        )
        if existing is not None and existing.pk in listed:
            count.present += 1
            continue
        if dry_run:
            paper = {key: value for key, value in paper.items() if key != "teaser"}
        new.append(paper)
        count.new += 1
    return new


def _import_bibtex(plan, profile, reading, listed, *, dry_run):
    if not reading.bibtex:
        return
    with tempfile.TemporaryDirectory(prefix="site-import-") as folder:
        files_dir = None
        if reading.teasers and not dry_run:
            files_dir = Path(folder)
            previews = files_dir / "assets/img/publication_preview"
            previews.mkdir(parents=True)
            for name, content in reading.teasers.items():
                (previews / Path(name).name).write_bytes(content)
        for bib in reading.bibtex:
            try:
                result = apply_import(profile, bib.text, filename=bib.path, files_dir=files_dir)
            except BibtexInputError as error:
                raise SiteImportError(f"{reading.label}: {error}") from None
            if dry_run:
                for row in result.rows:
                    # The preview writes no images; the ones the repository has are there.
                    found = row.data and row.data.preview in reading.teasers
                    row.flags = [f for f in row.flags if not (found and "not available" in f)]
            plan.bibtex.append((bib, result))
            count = plan.counts.setdefault("bibtex", KindCount("Papers (BibTeX)"))
            for row in result.rows:
                count.found += 1
                if row.status == RowStatus.NEW:
                    count.new += 1
                elif row.status == RowStatus.MERGED and row.existing and row.existing.pk in listed:
                    count.present += 1
                elif row.status == RowStatus.MERGED:
                    count.new += 1


def _render_page(profile):
    profile = load_page_sections(Profile.objects.get(pk=profile.pk))
    papers = load(listed_publications(profile))
    authors = AuthorListContext(owner=profile)
    entries = present(papers, authors)
    publications = {
        "groups": group_entries(entries, profile.group_publications_by),
        "count": len(papers),
        "selected_only": False,
        "legend": authors.legend(),
        "style": profile.publication_style,
    }
    return render_to_string(
        "profiles/site_import/_page.html",
        {"profile": profile, "sections": page_sections(profile, publications)},
    )
