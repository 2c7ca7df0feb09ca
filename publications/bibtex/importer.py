"""Import a ``.bib`` onto a profile: an honest preview first, then one atomic write.

``preview_import`` plans every entry without writing: new paper, merged with a paper
already on the site, skipped as a duplicate within the file, or an error with its line.
``apply_import`` plans again inside a transaction and writes the plan: all or nothing.
The planning and writing (``plan_entries``, ``apply_plan``) take mapped entries from any
source: imports by identifier (``publications.works``) use them too.
Running it twice with the same file changes nothing the second time.

A paper already on the site is changed only as ``publications.permissions`` allows the
profile importing: merged when it may edit it, else only its own name linked (status
"linked"), else left alone ("refused", or a separate paper when only the title matched).
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.text import slugify

from profiles.images import inspect_image, reencode
from profiles.invalidation import invalidate_publications
from profiles.models import Profile
from publications import claims
from publications.announcements import becomes_announced, draft_acceptance_news
from publications.matching import ExistingPapers
from publications.models import (
    Author,
    Authorship,
    ProfilePublication,
    Publication,
    PublicationLink,
)
from publications.normalize import normalize_title
from publications.permissions import Access, link_coauthor
from publications.printed_names import PrintedName
from publications.services import (
    AuthorCredit,
    authors_matching,
    find_existing_publication,
    link_author_row,
    list_on_profile,
    lock_imports,
    merge_linked_author,
    tag_named,
)

from .mapping import Registry, map_entry, resolve_crossrefs, set_venue
from .names import AuthorIndex, OwnerNames
from .parse import latex_to_text, read_bibtex

# Marks a profile does not use itself still carry their usual meaning.
CONVENTIONAL_EQUAL = "*∗⋆#"
CONVENTIONAL_CORRESPONDING = "†‡"
CONVENTIONAL_JOINT_LAST = "§"
# biblatex annotation words (``author+an``) for each mark; "me"/"highlight" name the owner.
ANNOTATION_MARKS = {
    "first": "equal",
    "equal": "equal",
    "last": "joint_last",
    "corresponding": "corresponding",
}
OWNER_ANNOTATIONS = {"me", "highlight"}
# Fields an import may fill on a paper already on the site; it never overwrites.
FILLABLE = ("venue", "venue_full", "venue_note", "year", "date", "doi", "arxiv", "abstract")
# What a preprint takes from its published version (same arXiv id): the paper as published.
PUBLISHED_VERSION = (
    "title",
    "type",
    "status",
    "venue",
    "venue_full",
    "venue_note",
    "registered_venue",
    "year",
    "date",
)
# al-folio keeps teasers here, relative to the site root.
PREVIEW_FOLDERS = ("", "assets/img/publication_preview", "../assets/img/publication_preview")


class RowStatus(models.TextChoices):
    NEW = "new", "New"
    MERGED = "merged", "Merged"
    DUPLICATE = "duplicate", "Skipped: duplicate"
    SKIPPED = "skipped", "Skipped"
    ERROR = "error", "Error"
    # Someone else's paper: only the importer's own name on it is linked, or nothing.
    LINKED = "linked", "Linked: your name only"
    REFUSED = "refused", "Refused: someone else’s paper"


# Shown in the summary only when some row has them: most imports never do.
_RARE_STATUSES = {RowStatus.LINKED, RowStatus.REFUSED}


@dataclass
class PlannedAuthor:
    printed: PrintedName  # as the file prints it
    author: Author | None = None  # the person: an existing author, or a new one to create
    owner: bool = False
    equal: bool = False
    corresponding: bool = False
    joint_last: bool = False

    @property
    def name(self):
        return self.printed.name

    def authorship(self, **fields):
        authorship = Authorship(
            equal_contribution=self.equal,
            corresponding=self.corresponding,
            joint_last=self.joint_last,
            **fields,
        )
        authorship.set_printed(self.printed)
        return authorship


@dataclass
class AuthorChoice:
    """An ambiguous name the person importing may resolve: ``options`` are (pk, label)."""

    field_name: str  # "author-<line>-<position>", the form field that answers it
    name: str
    options: list


@dataclass
class Row:
    line: int
    key: str
    title: str = ""
    status: str = RowStatus.ERROR
    reason: str = ""
    flags: list = field(default_factory=list)
    data: object = None
    existing: Publication | None = None
    twin: "Row | None" = None  # a duplicate's earlier row, whose paper it is
    fill: dict = field(default_factory=dict)
    authors: list = field(default_factory=list)
    choices: list = field(default_factory=list)  # AuthorChoice, for ambiguous names
    own_row: Authorship | None = None  # LINKED: the plain author row that names the owner
    claims: list = field(default_factory=list)  # NEW: (co-author's profile, listed at once)

    @property
    def status_label(self):
        return RowStatus(self.status).label

    @property
    def claim_notes(self):
        """What the preview says of the co-authors' pages a new paper goes to."""
        return [
            f"also listed on {coauthor.name}’s page at once (their settings accept your papers)"
            if at_once
            else f"proposed to {coauthor.name}: on their page once they accept it"
            for coauthor, at_once in self.claims
        ]

    @property
    def type_label(self):
        """The paper's type as pages name it (“Conference paper”)."""
        return Publication.Type(self.data.type).label if self.data else ""


@dataclass
class ImportPlan:
    profile: object
    rows: list

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def flagged(self):
        return sum(1 for row in self.rows if row.flags)

    def summary(self):
        parts = [
            f"{self.count(status)} {label.lower()}"
            for status, label in RowStatus.choices
            if status not in _RARE_STATUSES or self.count(status)
        ]
        return f"{len(self.rows)} entries: " + ", ".join(parts) + f"; {self.flagged} flagged."


def preview_import(
    profile, text, *, filename="the file", files_dir=None, resolutions=None, progress=None
):
    """What importing ``text`` onto ``profile`` would do; writes nothing.

    ``resolutions`` maps an ambiguous name's ``AuthorChoice.field_name`` to the pk of the
    author the person importing chose. Raises ``BibtexInputError`` when the whole file is
    refused. ``progress(done, total)`` is called as entries are planned.
    """
    parsed = read_bibtex(text, filename)
    crossref_targets = resolve_crossrefs(parsed.entries)
    rows = [
        Row(line=error.line, key=error.key, status=RowStatus.ERROR, reason=error.message)
        for error in parsed.errors
    ]
    for entry in parsed.entries:
        if entry.key.casefold() in crossref_targets:
            rows.append(
                Row(
                    line=entry.line,
                    key=entry.key,
                    title=latex_to_text(entry.fields.get("title", ""))[:200],
                    status=RowStatus.SKIPPED,
                    reason="a venue record other entries refer to with crossref",
                )
            )
    mapped = [
        map_entry(entry) for entry in parsed.entries if entry.key.casefold() not in crossref_targets
    ]
    return plan_entries(
        profile,
        mapped,
        files_dir=files_dir,
        resolutions=resolutions,
        progress=progress,
        rows=rows,
    )


def plan_entries(profile, entries, *, files_dir=None, resolutions=None, progress=None, rows=()):
    """The plan for mapped ``entries`` (``EntryData``), whatever they came from (a .bib,
    identifiers): new, merged, duplicate, linked, refused or error, by one set of rules.
    ``rows`` are rows already decided (errors of the input), sorted in by line."""
    registry = Registry.load()  # three queries for every entry's venue
    for data in entries:
        if not data.error:
            match = set_venue(data, data.venue_full or data.venue, data.year, registry=registry)
            data.venue_badges = match.badges if match else []
    planner = _Planner(profile, files_dir, entries, resolutions or {})
    rows = list(rows)
    for done, data in enumerate(entries, start=1):
        if progress:
            progress(done, len(entries))
        rows.append(planner.plan(data))
    rows.sort(key=lambda row: row.line)
    _note_claims(profile, rows)
    return ImportPlan(profile=profile, rows=rows)


def _coauthor_profiles(row):
    return dict.fromkeys(
        planned.author.profile_id
        for planned in row.authors
        if not planned.owner and planned.author is not None and planned.author.profile_id
    )


def _note_claims(profile, rows):
    """Which co-authors' pages each new paper goes to, and whether it waits for them
    (publications.claims), so the preview can say so: two queries for the whole plan."""
    new = [row for row in rows if row.status == RowStatus.NEW]
    wanted = {pk for row in new for pk in _coauthor_profiles(row)}
    outcome = {
        coauthor.pk: (coauthor, at_once)
        for coauthor, at_once in claims.outcomes(wanted, profile).items()
    }
    for row in new:
        row.claims = [outcome[pk] for pk in _coauthor_profiles(row) if pk in outcome]


def apply_plan(profile, make_plan, *, files_dir=None):
    """Plan (``make_plan()``) and write in one transaction; returns the plan written.

    Imports run one at a time (``lock_imports`` before planning), so a second run of the
    same input finds the first one's papers.
    """
    with transaction.atomic():
        lock_imports()
        plan = make_plan()
        writer = _Writer(profile, files_dir)
        writer.create_all([row for row in plan.rows if row.status == RowStatus.NEW])
        for row in plan.rows:
            if row.status == RowStatus.MERGED:
                writer.merge(row)
            elif row.status == RowStatus.LINKED:
                writer.link_own_name(row)
    return plan


def apply_import(profile, text, *, filename="the file", files_dir=None, resolutions=None):
    """Plan and write ``text`` in one transaction; returns the plan that was written."""
    return apply_plan(
        profile,
        lambda: preview_import(
            profile, text, filename=filename, files_dir=files_dir, resolutions=resolutions
        ),
        files_dir=files_dir,
    )


def _marks(person, profile):
    """The kinds of mark on one name ("equal", "corresponding", "joint_last"): its mark
    characters, the profile's own marks first, and its biblatex annotation words."""
    own = {
        profile.marker_equal: "equal",
        profile.marker_corresponding: "corresponding",
        profile.marker_joint_last: "joint_last",
    }
    kinds = {ANNOTATION_MARKS[word] for word in person.annotations if word in ANNOTATION_MARKS}
    for mark in person.marks:
        if mark in own:
            kinds.add(own[mark])
        elif mark in CONVENTIONAL_EQUAL:
            kinds.add("equal")
        elif mark in CONVENTIONAL_CORRESPONDING:
            kinds.add("corresponding")
        elif mark in CONVENTIONAL_JOINT_LAST:
            kinds.add("joint_last")
    return kinds


class _Planner:
    def __init__(self, profile, files_dir, entries, resolutions):
        self.profile = profile
        self.resolutions = resolutions
        self.files_dir = files_dir
        self.owner = OwnerNames(profile)
        self.existing = ExistingPapers(entries, profile, self.owner)
        self.index = AuthorIndex(Author.objects.only("id", "name", "profile_id"))
        self.seen = {}  # identity key → first row with that paper
        self.plain_authors = {}  # name → unlinked Author, for co-authors not linked
        self.profiles = {}  # pk → Profile, of co-authors linked to one

    def plan(self, data):
        row = Row(line=data.line, key=data.key, title=data.title, data=data)
        row.flags = list(data.notes)
        if data.error:
            row.reason = data.error
            return row
        error = _validation_error(data)
        if error:
            row.reason = error
            return row
        twin = self._twin(row)
        if twin:
            row.status = RowStatus.DUPLICATE
            row.twin = twin
            row.reason = f"same paper as line {twin.line} ({twin.key})"
            if is_published_version(data, twin.data):
                self._publish(twin, data)
                row.reason += (
                    ", its preprint: imported as this published version "
                    "(title, venue, year, DOI), the preprint kept as its arXiv link"
                )
            absorbed = self._absorb(twin, data)
            if absorbed:
                row.reason += f"; its {', '.join(absorbed)} added there"
            return row
        row.authors = self._authors(row)
        names_owner = any(person.owner for person in row.authors)
        if not names_owner:
            row.flags.insert(0, f"{self.profile.name} not found in the author list")
        self._teaser_flag(data, row.flags)
        existing, how, access = self.existing.find(data, names_owner=names_owner)
        if access == Access.EDIT:
            row.existing, row.status = existing, RowStatus.MERGED
            _plan_merge(row)
            return row
        paper = f"paper #{existing.pk} “{existing.title}”" if existing else ""
        name = self.profile.name
        if access == Access.OWN_NAME:
            row.existing, row.status = existing, RowStatus.LINKED
            row.own_row = self.existing.access.own_row(existing)
            row.reason = (
                f"{paper} is on someone else’s page and names {name} as "
                f"“{row.own_row.author.name}”: that name is linked to {name}’s profile and the "
                "paper listed there; nothing else about it changes"
            )
            return row
        if existing and how != "title and year":
            row.status = RowStatus.REFUSED
            row.reason = (
                f"the same {how} as {paper}, which is on someone else’s page and which {name} "
                "may not edit: nothing is changed there (its authors or an editor can add "
                f"{name} to it)"
            )
            return row
        if existing:
            row.flags.append(
                f"{paper} has the same title and year but is on someone else’s page; "
                "imported as a separate paper"
            )
        self._check_coauthor_links(row, names_owner)
        row.status = RowStatus.NEW
        row.reason = "new paper"
        return row

    def _check_coauthor_links(self, row, names_owner):
        """Co-authors linked to another profile stay linked (the paper goes on their page)
        only as ``link_coauthor`` allows; otherwise they are named by a plain author."""
        for planned in row.authors:
            author = planned.author
            if planned.owner or author is None or author.profile_id is None:
                continue
            if author.profile_id not in self.profiles:
                self.profiles[author.profile_id] = Profile.objects.get(pk=author.profile_id)
            decision = link_coauthor(
                acting_profile=self.profile,
                name=planned.name,
                coauthor_profile=self.profiles[author.profile_id],
                acting_is_author=names_owner,
            )
            if not decision.linked:
                planned.author = self._plain_author(planned.name)
                row.flags.append(decision.note)

    def _plain_author(self, name):
        if name not in self.plain_authors:
            self.plain_authors[name] = authors_matching(name).order_by("pk").first() or Author(
                name=name
            )
        return self.plain_authors[name]

    def _twin(self, row):
        """The earlier row of this file with the same paper; else ``row`` is remembered."""
        keys = _identity_keys(row.data)
        twin = next((self.seen[key] for key in keys if key in self.seen), None)
        if twin is None:
            for key in keys:
                self.seen[key] = row
        return twin

    def _absorb(self, twin, data):
        """Give ``twin`` what its duplicate adds (DOI, abstract, links…): the entries merge.

        Year and date stay the first entry's: they decide which paper it is.
        """
        absorbed = []
        for name in FILLABLE:
            value = getattr(data, name)
            if name in ("year", "date") or not value or getattr(twin.data, name):
                continue
            if name in ("doi", "arxiv") and self._identifier_taken(name, value):
                continue
            setattr(twin.data, name, value)
            absorbed.append(name)
        known_urls = {url for _, url in twin.data.links}
        new_links = [link for link in data.links if link[1] not in known_urls]
        new_tags = [tag for tag in data.tags if tag not in twin.data.tags]
        twin.data.links += new_links
        twin.data.tags += new_tags
        absorbed += ["links"] * bool(new_links) + ["keywords"] * bool(new_tags)
        for key in _identity_keys(twin.data):
            self.seen.setdefault(key, twin)
        if twin.status == RowStatus.MERGED:
            _plan_merge(twin)
        return absorbed

    def _publish(self, twin, data):
        """``twin`` (a preprint) becomes the published version ``data`` of the same paper."""
        for name in PUBLISHED_VERSION:
            setattr(twin.data, name, getattr(data, name))
        if data.doi and not self._identifier_taken("doi", data.doi):
            twin.data.doi = data.doi
        if data.bibtex:
            twin.data.bibtex = data.bibtex
        twin.title = data.title

    def _identifier_taken(self, name, value):
        if name == "doi":
            return f"doi:{value.casefold()}" in self.seen or value.casefold() in (
                self.existing.by_doi
            )
        return f"arxiv:{value}" in self.seen or value in self.existing.by_arxiv

    def _authors(self, row):
        data = row.data
        people = []
        owner_found = False
        for person in data.authors:
            kinds = _marks(person, self.profile)
            planned = PlannedAuthor(
                printed=person.printed,
                equal="equal" in kinds,
                corresponding="corresponding" in kinds,
                joint_last="joint_last" in kinds,
            )
            if not owner_found and not person.corporate and self.owner.matches(person.name):
                planned.owner = owner_found = True
            people.append(planned)
        if not owner_found:
            # biblatex "author+an = {1=me}" (Hugo Blox) says which author is the owner.
            for planned, person in zip(people, data.authors, strict=True):
                if OWNER_ANNOTATIONS & set(person.annotations):
                    planned.owner = True
                    break
        for position, planned in enumerate(people):
            if not planned.owner:
                planned.author = self._match(planned.name, row, f"author-{row.line}-{position}")
        return people

    def _match(self, name, row, field_name):
        matches, how = self.index.find(name)
        existing = [author for author in matches if author.pk]
        planned = [author for author in matches if not author.pk]  # new in this file
        if len(existing) == 1:
            if how == "initials" and existing[0].name != name:
                row.flags.append(f"“{name}” matched to “{existing[0].name}” by initials")
            return existing[0]
        if len(existing) > 1:
            chosen = self.resolutions.get(field_name)
            author = next((author for author in existing if author.pk == chosen), None)
            if author:
                row.flags.append(f"“{name}” is the author #{author.pk} you chose")
                return author
            listed = ", ".join(sorted({author.name for author in existing})[:3])
            row.flags.append(
                f"“{name}” is ambiguous ({len(existing)} authors on the site: {listed}); "
                "a new author is created unless you choose one"
            )
            row.choices.append(
                AuthorChoice(field_name, name, [(a.pk, _author_label(a)) for a in existing])
            )
        if planned:
            if how == "initials" and planned[0].name != name:
                row.flags.append(f"“{name}” matched to “{planned[0].name}” by initials")
            return planned[0]
        author = Author(name=name)
        self.index.add(author)  # later entries in this file reuse the same new author
        return author

    def _teaser_flag(self, data, flags):
        if not data.preview:
            return
        path = _preview_path(self.files_dir, data.preview)
        if not path:
            flags.append(f"preview image “{data.preview}” not available; no teaser")
            return
        try:
            with path.open("rb") as handle:
                inspect_image(File(handle, name=path.name))
        except ValidationError as error:
            flags.append(f"preview image “{data.preview}”: {' '.join(error.messages)}")


def _author_label(author):
    papers = author.authorships.count()
    linked = f", {author.profile.name}’s profile" if author.profile_id else ""
    return f"{author.name} (#{author.pk}{linked}, {papers} paper{'s' * (papers != 1)})"


def _identity_keys(data):
    keys = [f"title:{normalize_title(data.title)}:{data.year}"]
    if data.doi:
        keys.append(f"doi:{data.doi.casefold()}")
    if data.arxiv:
        keys.append(f"arxiv:{data.arxiv}")
    return keys


def _plan_merge(row):
    row.fill = _fill(row.existing, row.data)
    filled = ", ".join(_field_label(name) for name in row.fill) or "nothing to change"
    row.reason = f"merged with paper #{row.existing.pk} already on the site: {filled}"


def _validation_error(data):
    publication = _new_publication(data)
    try:
        publication.full_clean(exclude=["teaser", "tags"], validate_constraints=False)
    except ValidationError as error:
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return ""


def _new_publication(data):
    return Publication(
        title=data.title,
        title_key=normalize_title(data.title),  # save() sets it; bulk_create skips save()
        type=data.type,
        status=data.status,
        venue=data.venue,
        venue_full=data.venue_full,
        venue_note=data.venue_note,
        registered_venue=data.registered_venue,
        year=data.year,
        date=data.date,
        doi=data.doi,
        arxiv=data.arxiv,
        abstract=data.abstract,
        bibtex=data.bibtex,
        more_authors=data.more_authors,
    )


def _is_preprint(paper):
    return paper.type == Publication.Type.PREPRINT or paper.status == Publication.Status.PREPRINT


def is_published_version(data, paper):
    """Whether entry ``data`` is the published version of ``paper``, a preprint with the
    same arXiv id (an entry or a paper on the site)."""
    return (
        bool(data.arxiv)
        and data.arxiv == paper.arxiv
        and _is_preprint(paper)
        and not (_is_preprint(data))
    )


def _field_label(name):
    """A paper's field as the person importing knows it, never its internal name."""
    labels = {"venue_full": "full venue name", "venue_note": "venue note"}
    return labels.get(name) or str(Publication._meta.get_field(name).verbose_name)


def _fill(existing, data):
    """Fields of ``existing`` that are empty and that the entry gives; all of the paper
    as published when ``existing`` is the preprint of the entry."""
    if is_published_version(data, existing):
        fill = {name: getattr(data, name) for name in PUBLISHED_VERSION}
        if data.doi and not existing.doi and not find_existing_publication(doi=data.doi):
            fill["doi"] = data.doi
        return {name: value for name, value in fill.items() if value != getattr(existing, name)}
    fill = {}
    for name in FILLABLE:
        value = getattr(data, name)
        if value and not getattr(existing, name):
            if name in ("doi", "arxiv") and find_existing_publication(**{name: value}):
                continue  # another paper has it; merging them is an editor's decision
            fill[name] = value
    if data.registered_venue and not existing.registered_venue_id:
        fill["registered_venue"] = data.registered_venue
    year = fill.get("year") or existing.year
    if "date" in fill and year and fill["date"].year != year:
        del fill["date"]  # a date of another year (a later version): the paper's year stands
    if fill.get("year") and existing.status == Publication.Status.PREPRINT and not data.arxiv:
        fill["status"] = data.status
    return fill


def _preview_path(files_dir, name):
    # Only plain relative names: a .bib must not reach files elsewhere on the server.
    if not files_dir or not name or Path(name).is_absolute() or ".." in Path(name).parts:
        return None
    base = Path(files_dir)
    for folder in PREVIEW_FOLDERS:
        path = (base / folder / name).resolve()
        if path.is_file():
            return path
    return None


class _Writer:
    def __init__(self, profile, files_dir):
        self.profile = profile
        self.files_dir = files_dir
        self._owner_author = None
        self._tags = {}  # slug → Tag, so a file's hundred "machine learning" tags cost one query

    @property
    def owner_author(self):
        if self._owner_author is None:
            self._owner_author = self.profile.authors.order_by("id").first() or (
                Author.objects.create(name=self.profile.name, profile=self.profile)
            )
        return self._owner_author

    def create_all(self, rows):
        """Write the new papers with one insert per table.

        Bulk inserts send no signals, so this does what the signals would: list each
        paper on the profiles of its linked authors, and invalidate the cached pages.
        """
        papers = Publication.objects.bulk_create([_new_publication(row.data) for row in rows])
        new_authors = {
            id(planned.author): planned.author
            for row in rows
            for planned in row.authors
            if not planned.owner and planned.author.pk is None
        }
        Author.objects.bulk_create(new_authors.values())
        authorships, listings, tag_links, links = [], {}, set(), []
        for row, paper in zip(rows, papers, strict=True):
            row.existing = paper
            listings[self.profile.pk, paper.pk] = row.data.selected
            used = set()
            for position, planned in enumerate(row.authors):
                author = self.owner_author if planned.owner else planned.author
                if author.pk in used:  # two people with one name on one paper
                    author = Author.objects.create(name=planned.name)
                used.add(author.pk)
                authorships.append(
                    planned.authorship(publication=paper, author=author, position=position)
                )
                if author.profile_id:
                    listings.setdefault((author.profile_id, paper.pk), False)
            tag_links |= {(paper.pk, self._tag(name).pk) for name in row.data.tags}
            links += [
                PublicationLink(publication=paper, label=label, url=url, order=order)
                for order, (label, url) in enumerate(row.data.links)
            ]
        Authorship.objects.bulk_create(authorships)
        # Co-authors with a profile here get a claim (publications.claims).
        claims.list_papers(listings, proposer=self.profile)
        Publication.tags.through.objects.bulk_create(
            Publication.tags.through(publication_id=paper_id, tag_id=tag_id)
            for paper_id, tag_id in tag_links
        )
        PublicationLink.objects.bulk_create(links)
        for row in rows:
            self._teaser(row.existing, row.data)
        invalidate_publications([paper.pk for paper in papers], site=True)
        # Bulk inserts send no signal: new acceptances are announced here.
        accepted = [
            paper.pk for paper in papers if becomes_announced(None, paper.status, created=True)
        ]
        if accepted:
            transaction.on_commit(lambda: draft_acceptance_news(accepted))

    def merge(self, row):
        publication, data = row.existing, row.data
        listed = ProfilePublication.objects.filter(
            profile=self.profile, publication=publication
        ).exists()
        if row.fill:
            for name, value in row.fill.items():
                setattr(publication, name, value)
            publication.save(update_fields=[*row.fill, "updated_at"])
        owner = next((planned for planned in row.authors if planned.owner), None)
        if owner:
            position = row.authors.index(owner)
            current = publication.authorships.filter(author=self.owner_author).first()
            if current is None or (
                (owner.equal and not current.equal_contribution)
                or (owner.corresponding and not current.corresponding)
                or (owner.joint_last and not current.joint_last)
            ):
                merge_linked_author(
                    publication=publication,
                    credit=AuthorCredit(
                        author=self.owner_author,
                        equal_contribution=owner.equal,
                        corresponding=owner.corresponding,
                        joint_last=owner.joint_last,
                        printed=owner.printed,
                    ),
                    position=position,
                    names=self.profile.all_names,
                    listed=[planned.name for planned in row.authors],
                )
        self._add_tags_and_links(publication, data)
        if not listed:
            # A listing the researcher already has keeps their own flags (and a claim
            # they declined stays declined); a new one is their own, accepted.
            list_on_profile(profile=self.profile, publication=publication, selected=data.selected)

    def link_own_name(self, row):
        """Someone else's paper that names the owner: their row, and their page; no more."""
        publication = row.existing
        listed = ProfilePublication.objects.filter(
            profile=self.profile, publication=publication
        ).exists()
        link_author_row(authorship=row.own_row, author=self.owner_author)
        if not listed:
            list_on_profile(
                profile=self.profile, publication=publication, selected=row.data.selected
            )

    def _tag(self, name):
        key = slugify(name, allow_unicode=True)
        if key not in self._tags:
            self._tags[key] = tag_named(name)
        return self._tags[key]

    def _add_tags_and_links(self, publication, data):
        if data.tags:
            publication.tags.add(*{self._tag(name) for name in data.tags})
        if not data.links:
            return
        existing = list(publication.links.values_list("url", flat=True))
        known = set(existing)
        new_links = []
        for label, url in data.links:
            if url not in known:
                order = len(existing) + len(new_links)
                new_links.append(
                    PublicationLink(publication=publication, label=label, url=url, order=order)
                )
                known.add(url)
        PublicationLink.objects.bulk_create(new_links)

    def _teaser(self, publication, data):
        path = _preview_path(self.files_dir, data.preview)
        if not path:
            return
        with path.open("rb") as handle:
            image = File(handle, name=path.name)
            try:
                inspect_image(image)
            except ValidationError:
                return  # flagged in the preview; the paper is imported without a teaser
            publication.teaser.save(path.name, reencode(image), save=True)
