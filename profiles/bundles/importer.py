"""Importing a profile bundle: validate everything, then write it in one transaction.

Order of work: the document's structure (every error at once), then what it refers to
(media files, other profiles' slugs, an existing slug, papers already on the site), then
the writes. A failure at any step leaves no rows and no media files behind.

The bundle's profile is the one acting: a paper already on the site is changed only as
``publications.permissions`` allows it (merged when it may edit it, else only its own
name linked, else refused or imported as a separate paper), and a co-author is linked to
another profile only when the bundle's owner is among the paper's authors.
"""

import dataclasses
import os
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction

from profiles.documents import document_kind
from profiles.images import ALLOWED_FORMATS, inspect_image
from profiles.models import (
    Award,
    CustomSection,
    Grant,
    LinkKind,
    NewsItem,
    Position,
    Profile,
    ProfileLink,
    Service,
)
from profiles.partial_dates import PartialDate
from publications import claims
from publications.announcements import drafting_paused
from publications.bibtex.names import OwnerNames
from publications.matching import ExistingPapers
from publications.models import Authorship, ProfilePublication, Publication, PublicationLink
from publications.normalize import normalize_title
from publications.permissions import Access, link_coauthor
from publications.printed_names import PrintedName
from publications.services import (
    AuthorCredit,
    delete_orphan_authors,
    link_author_row,
    list_on_profile,
    lock_imports,
    merge_linked_author,
    resolve_author,
    set_publication_authors,
    tag_named,
)

from .media import is_clean_image
from .reader import open_bundle
from .schema import BundleError, Issue, join, link_is_file, validate_document

# Bundle keys whose model field has another name, for error paths.
_PROFILE_KEYS = {
    "self_style": "settings.self_style",
    "marker_equal": "settings.markers.equal",
    "marker_corresponding": "settings.markers.corresponding",
    "marker_joint_last": "settings.markers.joint_last",
    "publication_style": "settings.publication_style",
    "group_publications_by": "settings.group_publications_by",
    "author_limit": "settings.author_limit",
    "news_limit": "settings.news_limit",
    "section_order": "settings.section_order",
    "accent_color": "settings.accent_color",
    "show_citations": "settings.show_citations",
    "draft_acceptance_news": "settings.draft_acceptance_news",
}
_PROFILE_TEXT = [
    "name", "native_name", "pronouns", "headline", "affiliation", "affiliation_url",
    "location", "email", "bio", "announcement",
]  # fmt: skip
_PUBLICATION_TEXT = [
    "venue", "venue_full", "venue_note", "doi", "arxiv", "abstract", "tldr", "bibtex",
]  # fmt: skip


@dataclass
class ImportResult:
    profile: Profile
    replaced: bool
    created: int = 0
    merged: int = 0
    notes: list = dataclasses.field(default_factory=list)  # imported otherwise than written


def import_bundle(path, *, replace=False, publication_ids=None):
    """Import the bundle at ``path`` (folder, .zip, profile.yaml or profile.json).

    ``publication_ids`` (by index in the bundle) are the ids the papers it creates get,
    so that a restored site keeps its paper URLs (``profiles.backup``).
    Raises BundleError naming the file, the item path and what was expected.
    """
    # A bundle restores its news as they were: its papers' statuses announce nothing.
    with open_bundle(path) as bundle, drafting_paused():
        data = validate_document(bundle.data, source=bundle.source)
        importer = _Importer(bundle, data, replace=replace)
        importer.publication_ids = publication_ids or {}
        return importer.run()


def merge_document(bundle, data):
    """Add a validated document's content to the profile it names (created when new).

    Nothing is cleared or overwritten: profile fields and settings are written only where
    the document gives them, items are appended after the profile's own, papers merge as
    in any import. The caller (the site import) decides what the document holds.
    """
    return _Importer(bundle, data, replace=False, merge=True).run()


def _default(model, field):
    return model._meta.get_field(field).get_default()


def _media_refs(data):
    """(item path, bundle path, is an image) for every file the document names."""
    profile = data["profile"]
    if "photo" in profile:
        yield "profile.photo", profile["photo"], True
    for index, link in enumerate(profile.get("links", [])):
        if link_is_file(link):
            yield f"profile.links[{index}].url", link["url"], False
    for index, position in enumerate(data.get("positions", [])):
        if "logo" in position:
            yield f"positions[{index}].logo", position["logo"], True
    for index, publication in enumerate(data.get("publications", [])):
        if "teaser" in publication:
            yield f"publications[{index}].teaser", publication["teaser"], True


def _identity(item):
    """What ``ExistingPapers`` matches an item by."""
    year = item.get("year") or (PartialDate.parse(item["date"]).year if "date" in item else None)
    return SimpleNamespace(
        doi=item.get("doi", ""), arxiv=item.get("arxiv", ""), title=item["title"], year=year
    )


class _Importer:
    def __init__(self, bundle, data, *, replace, merge=False):
        self.bundle = bundle
        self.merge = merge
        self.source = bundle.source
        self.data = data
        self.replace = replace
        self.profile = None
        self.other_profiles = {}
        self.media = {}
        self.formats = {}  # bundle path -> Pillow format, for images
        self.written = []  # storage names of files saved so far, removed if the import fails
        self.superseded = []  # files of replaced content, removed once the import commits
        self.own_only = set()
        self.matches = {}  # publications index -> (id of the paper on the site, Access, own row)
        self.notes = []
        self.publication_ids = {}

    def run(self):
        try:
            # Checked and written in one transaction holding the import lock: a concurrent
            # import (bundle or BibTeX) waits, and what was checked stays true.
            with transaction.atomic():
                lock_imports()
                self._check_references()
                return self._write()
        except BaseException:
            for name in self.written:
                default_storage.delete(name)
            raise

    # Checks that need the database or the media files, before any write.

    def _check_references(self):
        issues = []
        slug = self.data["profile"]["slug"]
        self.profile = Profile.objects.filter(slug=slug).first()
        if self.profile and not self.replace and not self.merge:
            issues.append(
                Issue(
                    "profile.slug",
                    f"a profile {slug!r} already exists; use --replace to replace its content",
                )
            )
        for index, publication in enumerate(self.data.get("publications", [])):
            for position, author in enumerate(publication["authors"]):
                other = author.get("profile")
                if other is None or other in self.other_profiles:
                    continue
                path = f"publications[{index}].authors[{position}].profile"
                if other == slug:
                    issues.append(Issue(path, "this is the bundle's own profile; write me: true"))
                else:
                    # Not here (yet): co-authors' bundles restored one after the other name
                    # each other. The name is kept unlinked; importing that profile's own
                    # bundle links it, by name, on the shared paper.
                    found = Profile.objects.filter(slug=other).first()
                    self.other_profiles[other] = found
                    if found is None:
                        self.notes.append(
                            f"{path}: no profile {other!r} on this site; {author['name']!r} "
                            f"is imported as a plain name (importing {other}'s bundle "
                            "links it)"
                        )
        for path, relpath, is_image in _media_refs(self.data):
            try:
                content = self.media.get(relpath) or self.bundle.read(relpath)
            except BundleError as error:
                hint = "" if is_image else " (a web address must start with https://)"
                issues.append(Issue(path, error.issues[0].message + hint))
                continue
            self.media[relpath] = content
            if not is_image:
                # The admin's check (profiles.documents): documents only, by content.
                try:
                    document_kind(content, os.path.basename(relpath))
                except ValidationError as error:
                    issues.append(Issue(path, f"{relpath}: {error.messages[0]}"))
            else:
                try:
                    self.formats[relpath] = inspect_image(
                        ContentFile(content, name=os.path.basename(relpath))
                    )
                except ValidationError as error:
                    issues.append(Issue(path, f"{relpath}: {error.messages[0]}"))
        issues += self._match_publications()
        if issues:
            raise BundleError(self.source, issues)

    def _match_publications(self):
        """The paper already on the site each item is, and what this profile may do to it;
        an item that is someone else's paper by DOI or arXiv id is refused here."""
        values = self.data["profile"]
        owner = OwnerNames(
            Profile(
                name=values["name"],
                native_name=values.get("native_name", ""),
                aliases=values.get("aliases", []),
            )
        )
        items = self.data.get("publications", [])
        entries = [_identity(item) for item in items]
        existing = ExistingPapers(entries, self.profile or Profile(), owner)
        issues, taken, titles = [], set(), {}
        for index, (item, entry) in enumerate(zip(items, entries, strict=True)):
            title = (normalize_title(entry.title), entry.year)
            if title in titles:
                self.notes.append(
                    f"publications[{index}]: the same title and year as "
                    f"publications[{titles[title]}]; imported as two papers"
                )
            titles.setdefault(title, index)
            names_owner = any(author.get("me") for author in item["authors"])
            paper, how, access = existing.find(entry, names_owner=names_owner, taken=taken)
            if paper is None:
                continue
            taken.add(paper.pk)
            described = f"paper #{paper.pk} “{paper.title}”"
            if access == Access.NONE and how != "title and year":
                issues.append(
                    Issue(
                        f"publications[{index}]",
                        f"the same {how} as {described}, which is on someone else’s page and "
                        f"which {values['name']} may not edit; ask its authors or an editor "
                        f"to add {values['name']} to it, or leave it out of the bundle",
                    )
                )
                continue
            if access == Access.NONE:
                self.notes.append(
                    f"publications[{index}]: {described} has the same title and year but is "
                    "on someone else’s page; imported as a separate paper"
                )
                continue
            own_row = existing.access.own_row(paper) if access == Access.OWN_NAME else None
            self.matches[index] = (paper.pk, access, own_row)
        return issues

    # Writes.

    def _file(self, relpath):
        return ContentFile(self.media[relpath], name=os.path.basename(relpath))

    def _image(self, instance, field, relpath):
        """The value for an image field: an upload to validate and re-encode, or, for an
        image that is already clean (see media.py), the name of its bytes stored as is."""
        image_format = self.formats[relpath]
        content = self.media[relpath]
        if not is_clean_image(content, image_format):
            return self._file(relpath)
        stem = os.path.splitext(os.path.basename(relpath))[0] or "image"
        filename = f"{stem}.{ALLOWED_FORMATS[image_format]}"
        name = instance._meta.get_field(field).generate_filename(instance, filename)
        name = default_storage.save(name, ContentFile(content))
        self.written.append(name)
        return name

    def _save(self, obj, path, *, keys=None, files=()):
        """full_clean with errors named by item path, then save, remembering new files."""
        try:
            obj.full_clean()
        except ValidationError as error:
            issues = [
                Issue(
                    path
                    if field == NON_FIELD_ERRORS
                    else join(path, (keys or {}).get(field, field)),
                    message,
                )
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise BundleError(self.source, issues) from None
        try:
            obj.save()
        finally:
            for field in files:
                name = getattr(obj, field).name
                if name and getattr(obj, field)._committed:
                    self.written.append(name)

    def _write(self):
        result = ImportResult(profile=None, replaced=self.profile is not None)
        if self.profile is not None and not self.merge:
            self._clear_profile()
        self._write_profile()
        self._write_links()
        self._write_items()
        # Co-authors linked on the bundle's papers get claims from this profile.
        with claims.acting_as(self.profile):
            for index, item in enumerate(self.data.get("publications", [])):
                if self._write_publication(index, item):
                    result.created += 1
                else:
                    result.merged += 1
        self._delete_unused_publications()
        superseded = list(self.superseded)
        transaction.on_commit(lambda: [default_storage.delete(name) for name in superseded])
        result.profile = self.profile
        result.notes = self.notes
        return result

    def _clear_profile(self):
        """--replace: drop the profile's own content; papers co-authors list stay."""
        profile = self.profile
        self.superseded += [profile.photo.name] if profile.photo else []
        self.superseded += [link.file.name for link in profile.links.exclude(file="")]
        self.superseded += [position.logo.name for position in profile.positions.exclude(logo="")]
        for related in ("links", "news", "positions", "awards", "services", "grants", "sections"):
            getattr(profile, related).all().delete()
        shared = (
            ProfilePublication.objects.exclude(profile=profile)
            .filter(status=ProfilePublication.Status.ACCEPTED)
            .values("publication_id")
        )
        # Bundles never hold hidden papers, nor claims not accepted (docs/profile-bundle.md):
        # a replace keeps them as they are, or exporting and importing a profile again
        # would delete them (and a declined claim would be proposed again).
        listings = ProfilePublication.objects.filter(profile=profile)
        kept = listings.exclude(status=ProfilePublication.Status.ACCEPTED, hidden=False)
        hidden = kept.values("publication_id")
        own_only = (
            Publication.objects.filter(listings__profile=profile)
            .exclude(pk__in=shared)
            .exclude(pk__in=hidden)
        )
        self.own_only = set(own_only.values_list("pk", flat=True))
        listings.filter(status=ProfilePublication.Status.ACCEPTED, hidden=False).delete()

    def _write_profile(self):
        if self.merge and self.profile is not None:
            return self._merge_profile()
        values = self.data["profile"]
        settings = values.get("settings", {})
        markers = settings.get("markers", {})
        profile = self.profile or Profile(slug=values["slug"])
        for field in _PROFILE_TEXT:
            setattr(profile, field, values.get(field, ""))
        profile.aliases = values.get("aliases", [])
        profile.interests = values.get("interests", [])
        profile.photo = self._image(profile, "photo", values["photo"]) if "photo" in values else ""
        profile.marker_equal = markers.get("equal", _default(Profile, "marker_equal"))
        profile.marker_corresponding = markers.get(
            "corresponding", _default(Profile, "marker_corresponding")
        )
        profile.marker_joint_last = markers.get(
            "joint_last", _default(Profile, "marker_joint_last")
        )
        for field in (
            "self_style", "publication_style", "group_publications_by", "author_limit",
            "news_limit", "section_order", "accent_color", "show_citations",
            "draft_acceptance_news",
        ):  # fmt: skip
            setattr(profile, field, settings.get(field, _default(Profile, field)))
        files = ("photo",) if "photo" in values else ()
        self._save(profile, "profile", keys=_PROFILE_KEYS, files=files)
        self.profile = profile

    def _merge_profile(self):
        """Only the fields the document gives; the settings it does not give stay."""
        values, profile = self.data["profile"], self.profile
        for field in _PROFILE_TEXT:
            if field in values:
                setattr(profile, field, values[field])
        for field in ("aliases", "interests"):
            if field in values:
                setattr(profile, field, values[field])
        if "photo" in values:
            self.superseded += [profile.photo.name] if profile.photo else []
            profile.photo = self._image(profile, "photo", values["photo"])
        if "section_order" in values.get("settings", {}):
            profile.section_order = values["settings"]["section_order"]
        files = ("photo",) if "photo" in values else ()
        self._save(profile, "profile", keys=_PROFILE_KEYS, files=files)

    def _first_order(self, related):
        """Where appended items start: after the profile's own when merging."""
        if not self.merge:
            return 0
        last = getattr(self.profile, related).aggregate(last=models.Max("order"))["last"]
        return 0 if last is None else last + 1

    def _write_links(self):
        first = self._first_order("links")
        for index, values in enumerate(self.data["profile"].get("links", [])):
            kind = values["kind"] if values["kind"] in LinkKind.values else LinkKind.OTHER
            link = ProfileLink(
                profile=self.profile, kind=kind, label=values.get("label", ""), order=first + index
            )
            files = ()
            if link_is_file(values):
                link.file, files = self._file(values["url"]), ("file",)
            else:
                link.url = values["url"]
            self._save(link, f"profile.links[{index}]", keys={"file": "url"}, files=files)

    def _write_items(self):
        data, profile = self.data, self.profile
        first = {
            related: self._first_order(related)
            for related in ("news", "positions", "awards", "grants", "sections")
        }
        for index, values in enumerate(data.get("news", [])):
            item = NewsItem(
                profile=profile,
                date=values["date"],
                text=values["text"],
                pinned=values.get("pinned", False),
                is_published=not values.get("draft", False),
                order=first["news"] + index,
            )
            self._save(item, f"news[{index}]")
        for index, values in enumerate(data.get("positions", [])):
            position = Position(
                profile=profile,
                order=first["positions"] + index,
                advisors=values.get("advisors", []),
            )
            for field in ("kind", "organization", "start", "end"):
                setattr(position, field, values.get(field))
            for field in ("organization_url", "unit", "role", "location", "description"):
                setattr(position, field, values.get(field, ""))
            files = ()
            if "logo" in values:
                position.logo = self._image(position, "logo", values["logo"])
                files = ("logo",)
            self._save(position, f"positions[{index}]", files=files)
        for index, values in enumerate(data.get("awards", [])):
            years = [values["year"]] if "year" in values else values.get("years", [])
            award = Award(
                profile=profile,
                title=values["title"],
                years=years,
                date=values.get("date"),
                issuer=values.get("issuer", ""),
                description=values.get("description", ""),
                order=first["awards"] + index,
            )
            self._save(award, f"awards[{index}]", keys={"years": "years"})
        order = 0
        for index, values in enumerate(data.get("services", [])):
            for venue_index, venue in enumerate(values["venues"]):
                service = Service(
                    profile=profile,
                    role=values["role"],
                    venue_kind=values["venue_kind"],
                    venue=venue["name"],
                    years=venue.get("years", []),
                    note=values.get("note", ""),
                    order=order,
                )
                order += 1
                path = f"services[{index}]"
                self._save(
                    service,
                    path,
                    keys={
                        "venue": f"venues[{venue_index}].name",
                        "years": f"venues[{venue_index}].years",
                    },
                )
        for index, values in enumerate(data.get("grants", [])):
            grant = Grant(profile=profile, order=first["grants"] + index, start=values.get("start"))
            grant.end = values.get("end")
            for field in ("title", "funder", "role", "amount", "description"):
                setattr(grant, field, values.get(field, ""))
            self._save(grant, f"grants[{index}]")
        for index, values in enumerate(data.get("sections", [])):
            section = CustomSection(
                profile=profile,
                title=values["title"],
                body=values["body"],
                order=first["sections"] + index,
            )
            self._save(section, f"sections[{index}]")

    # Publications.

    def _write_publication(self, index, item):
        """Create, update (--replace of a paper only this profile lists) or merge one
        paper; returns True unless it was merged into a co-author's paper."""
        path = f"publications[{index}]"
        year = _identity(item).year
        pk, access, own_row = self.matches.get(index, (None, None, None))
        # Read now, not when matched: an earlier item may have changed it since.
        existing = Publication.objects.get(pk=pk) if pk else None
        if existing is None or existing.pk in self.own_only:
            publication = existing or Publication(pk=self.publication_ids.get(index))
            self._fill_publication(publication, item, path, year)
            linked = self._linked_profiles(publication, item) if existing else set()
            set_publication_authors(
                publication=publication, credits=self._credits(item, path, linked)
            )
            own = True
        elif access == Access.OWN_NAME:
            # Someone else's paper naming this profile: its name there, its page; no more.
            publication = existing
            me = next(author for author in item["authors"] if author.get("me"))
            link_author_row(
                authorship=own_row,
                author=resolve_author(
                    name=me["name"], profile=self.profile, orcid=me.get("orcid", "")
                ),
            )
            own = False
        else:
            publication = existing
            self._merge_publication(publication, item, path)
            linked = self._linked_profiles(publication, item)
            for position, author in enumerate(item["authors"]):
                credit = self._linked_credit(author, f"{path}.authors[{position}]", item, linked)
                if credit is not None:
                    names = self.profile.all_names if author.get("me") else ()
                    merge_linked_author(
                        publication=publication,
                        credit=credit,
                        position=position,
                        names=names,
                        listed=[listed["name"] for listed in item["authors"]],
                    )
            own = False
        self.own_only.discard(publication.pk)
        list_on_profile(
            profile=self.profile, publication=publication, selected=item.get("selected", False)
        )
        return own

    def _fill_publication(self, publication, item, path, year):
        if publication.teaser:
            self.superseded.append(publication.teaser.name)
        publication.title = item["title"]
        publication.type = item["type"]
        publication.status = item.get("status", Publication.Status.PUBLISHED)
        publication.year = year
        publication.date = item.get("date")
        publication.badges = item.get("badges", [])
        publication.more_authors = item.get("more_authors", False)
        for field in _PUBLICATION_TEXT:
            setattr(publication, field, item.get(field, ""))
        publication.teaser = (
            self._image(publication, "teaser", item["teaser"]) if "teaser" in item else ""
        )
        self._save(publication, path, files=("teaser",) if "teaser" in item else ())
        publication.links.all().delete()
        self._add_links(publication, item, path)
        publication.tags.set(self._tags(item))

    def _merge_publication(self, publication, item, path):
        """A co-author's paper: fill what it lacks, never overwrite what it has."""
        changed, files = False, ()
        for field in [*_PUBLICATION_TEXT, "date", "badges"]:
            if not getattr(publication, field) and item.get(field):
                setattr(publication, field, item[field])
                changed = True
        if not publication.teaser and "teaser" in item:
            publication.teaser = self._image(publication, "teaser", item["teaser"])
            files, changed = ("teaser",), True
        if changed:
            self._save(publication, path, files=files)
        known = set(publication.links.values_list("url", flat=True))
        self._add_links(publication, item, path, skip=known)
        publication.tags.add(*self._tags(item))

    def _add_links(self, publication, item, path, skip=()):
        order = publication.links.count()
        for index, values in enumerate(item.get("links", [])):
            if values["url"] in skip:
                continue
            link = PublicationLink(
                publication=publication, label=values["label"], url=values["url"], order=order
            )
            order += 1
            self._save(link, join(join(path, "links"), index), keys={})

    def _tags(self, item):
        return [tag_named(name) for name in item.get("tags", [])]

    def _linked_profiles(self, publication, item):
        """Profiles the paper's author rows link to already (they may stay linked)."""
        if not any(author.get("profile") for author in item["authors"]):
            return set()
        return set(publication.authorships.values_list("author__profile_id", flat=True))

    def _linked_credit(self, author, path, item, linked):
        """The credit for an author linked to a profile (me or profile:), else None.

        A co-author's profile is linked only as ``link_coauthor`` allows (the bundle's
        owner is among the paper's authors, or the paper links them already).
        """
        if author.get("me"):
            profile = self.profile
        elif author.get("profile") and self.other_profiles[author["profile"]]:
            profile = self.other_profiles[author["profile"]]
            decision = link_coauthor(
                acting_profile=self.profile,
                name=author["name"],
                coauthor_profile=profile,
                acting_is_author=any(listed.get("me") for listed in item["authors"]),
                linked=linked,
            )
            if not decision.linked:
                self.notes.append(f"{path}: {decision.note}")
                return None
        else:
            return None
        return _credit(
            author,
            resolve_author(name=author["name"], profile=profile, orcid=author.get("orcid", "")),
        )

    def _credits(self, item, path, linked):
        credits, used = [], set()
        for position, author in enumerate(item["authors"]):
            credit = self._linked_credit(author, f"{path}.authors[{position}]", item, linked)
            if credit is None or credit.author.pk in used:
                credit = _credit(
                    author,
                    resolve_author(
                        name=author["name"], orcid=author.get("orcid", ""), exclude_ids=used
                    ),
                )
            used.add(credit.author.pk)
            credits.append(credit)
        return credits

    def _delete_unused_publications(self):
        """--replace: papers only this profile listed and its new bundle no longer has."""
        if not self.own_only:
            return
        unused = Publication.objects.filter(pk__in=self.own_only)
        self.superseded += [publication.teaser.name for publication in unused.exclude(teaser="")]
        author_ids = set(
            Authorship.objects.filter(publication__in=unused).values_list("author_id", flat=True)
        )
        unused.delete()
        delete_orphan_authors(author_ids)


def bundle_printed_name(author):
    """The printed name of a bundle's author: ``name``, with the parts the bundle gives
    (``given``, ``particle``, ``family``, ``suffix``, or ``literal: true``); without
    them, read from ``name`` by BibTeX's rules."""
    if author.get("literal"):
        return PrintedName(name=author["name"], literal=True)
    if author.get("family"):
        parts = {part: author.get(part, "") for part in ("given", "particle", "family", "suffix")}
        return PrintedName(name=author["name"], **parts)
    return PrintedName.parse(author["name"])


def _credit(author, person):
    """The credit of bundle author ``author``, who is ``person`` (an Author)."""
    return AuthorCredit(
        person,
        equal_contribution=author.get("equal", False),
        corresponding=author.get("corresponding", False),
        joint_last=author.get("joint_last", False),
        printed=bundle_printed_name(author),
    )
