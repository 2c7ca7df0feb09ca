"""Import a ``.bib`` onto a profile: an honest preview first, then one atomic write.

``preview_import`` plans every entry without writing: new paper, merged with a paper
already on the site, skipped as a duplicate within the file, or an error with its line.
``apply_import`` plans again inside a transaction and writes the plan: all or nothing.
Running it twice with the same file changes nothing the second time.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from profiles.images import inspect_image, reencode
from profiles.invalidation import invalidate_publications
from publications.announcements import becomes_announced, draft_acceptance_news
from publications.models import (
    Author,
    Authorship,
    ProfilePublication,
    Publication,
    PublicationLink,
    Tag,
)
from publications.normalize import normalize_title
from publications.services import (
    AuthorCredit,
    find_existing_publication,
    merge_linked_author,
)

from .mapping import map_entry, resolve_crossrefs
from .names import AuthorIndex, OwnerNames
from .parse import latex_to_text, read_bibtex

# Marks a profile does not use itself still carry their usual meaning.
CONVENTIONAL_EQUAL = "*#"
CONVENTIONAL_CORRESPONDING = "†‡"
# Fields an import may fill on a paper already on the site; it never overwrites.
FILLABLE = ("venue", "venue_full", "venue_note", "year", "date", "doi", "arxiv", "abstract")
# al-folio keeps teasers here, relative to the site root.
PREVIEW_FOLDERS = ("", "assets/img/publication_preview", "../assets/img/publication_preview")


class RowStatus(models.TextChoices):
    NEW = "new", "New"
    MERGED = "merged", "Merged"
    DUPLICATE = "duplicate", "Skipped: duplicate"
    SKIPPED = "skipped", "Skipped"
    ERROR = "error", "Error"


@dataclass
class PlannedAuthor:
    name: str
    author: Author | None = None  # an existing author; None means "create one"
    owner: bool = False
    equal: bool = False
    corresponding: bool = False


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
    fill: dict = field(default_factory=dict)
    authors: list = field(default_factory=list)
    choices: list = field(default_factory=list)  # AuthorChoice, for ambiguous names

    @property
    def status_label(self):
        return RowStatus(self.status).label


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
        parts = [f"{self.count(status)} {label.lower()}" for status, label in RowStatus.choices]
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
    mapped = [
        map_entry(entry) for entry in parsed.entries if entry.key.casefold() not in crossref_targets
    ]
    planner = _Planner(profile, files_dir, _ExistingPapers(mapped), resolutions or {})
    mapped = iter(mapped)
    rows = [
        Row(line=error.line, key=error.key, status=RowStatus.ERROR, reason=error.message)
        for error in parsed.errors
    ]
    for done, entry in enumerate(parsed.entries, start=1):
        if progress:
            progress(done, len(parsed.entries))
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
            continue
        rows.append(planner.plan(next(mapped)))
    rows.sort(key=lambda row: row.line)
    return ImportPlan(profile=profile, rows=rows)


def apply_import(profile, text, *, filename="the file", files_dir=None, resolutions=None):
    """Plan and write in one transaction; returns the plan that was written."""
    with transaction.atomic():
        plan = preview_import(
            profile, text, filename=filename, files_dir=files_dir, resolutions=resolutions
        )
        writer = _Writer(profile, files_dir)
        writer.create_all([row for row in plan.rows if row.status == RowStatus.NEW])
        for row in plan.rows:
            if row.status == RowStatus.MERGED:
                writer.merge(row)
    return plan


def _marks(marks, profile):
    """(equal, corresponding) for the marks on one name, the profile's own marks first."""
    equal = corresponding = False
    for mark in marks:
        if mark == profile.marker_equal:
            equal = True
        elif mark == profile.marker_corresponding:
            corresponding = True
        elif mark in CONVENTIONAL_EQUAL:
            equal = True
        elif mark in CONVENTIONAL_CORRESPONDING:
            corresponding = True
    return equal, corresponding


class _ExistingPapers:
    """``find_existing_publication`` for a whole file at once: three queries, not three
    per entry. Same rules in the same order: DOI, then arXiv id, then title and year."""

    def __init__(self, entries):
        dois = {data.doi.casefold() for data in entries if data.doi}
        arxiv_ids = {data.arxiv for data in entries if data.arxiv}
        titles = {normalize_title(data.title) for data in entries if data.title}
        papers = Publication.objects.all()
        self.by_doi, self.by_arxiv, self.by_title = {}, {}, {}
        if dois:
            for paper in papers.annotate(doi_key=Lower("doi")).filter(doi_key__in=dois):
                self.by_doi.setdefault(paper.doi_key, paper)
        if arxiv_ids:
            for paper in papers.filter(arxiv__in=arxiv_ids):
                self.by_arxiv.setdefault(paper.arxiv, paper)
        if titles:
            for paper in papers.filter(title_key__in=titles):
                self.by_title.setdefault((paper.title_key, paper.year), paper)

    def find(self, data):
        return (
            (data.doi and self.by_doi.get(data.doi.casefold()))
            or (data.arxiv and self.by_arxiv.get(data.arxiv))
            or self.by_title.get((normalize_title(data.title), data.year))
        )


class _Planner:
    def __init__(self, profile, files_dir, existing, resolutions):
        self.profile = profile
        self.resolutions = resolutions
        self.files_dir = files_dir
        self.existing = existing
        self.owner = OwnerNames(profile)
        self.index = AuthorIndex(Author.objects.only("id", "name", "profile_id"))
        self.seen = {}  # identity key → first row with that paper

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
            row.reason = f"same paper as line {twin.line} ({twin.key})"
            absorbed = self._absorb(twin, data)
            if absorbed:
                row.reason += f"; its {', '.join(absorbed)} added there"
            return row
        row.authors = self._authors(row)
        if not any(person.owner for person in row.authors):
            row.flags.insert(0, f"{self.profile.name} not found in the author list")
        self._teaser_flag(data, row.flags)
        row.existing = self.existing.find(data)
        if row.existing is None:
            row.status = RowStatus.NEW
            row.reason = "new paper"
            return row
        row.status = RowStatus.MERGED
        _plan_merge(row)
        return row

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
            equal, corresponding = _marks(person.marks, self.profile)
            equal = equal or "equal" in person.annotations
            corresponding = corresponding or "corresponding" in person.annotations
            planned = PlannedAuthor(name=person.name, equal=equal, corresponding=corresponding)
            if not owner_found and not person.corporate and self.owner.matches(person.name):
                planned.owner = owner_found = True
            people.append(planned)
        if not owner_found:
            # biblatex "author+an = {1=me}" (Hugo Blox) says which author is the owner.
            for planned, person in zip(people, data.authors, strict=True):
                if {"me", "highlight"} & set(person.annotations):
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
    filled = ", ".join(row.fill) or "nothing to change"
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
        year=data.year,
        date=data.date,
        doi=data.doi,
        arxiv=data.arxiv,
        abstract=data.abstract,
        bibtex=data.bibtex,
        more_authors=data.more_authors,
    )


def _fill(existing, data):
    """Fields of ``existing`` that are empty and that the entry gives."""
    fill = {}
    for name in FILLABLE:
        value = getattr(data, name)
        if value and not getattr(existing, name):
            if name in ("doi", "arxiv") and find_existing_publication(**{name: value}):
                continue  # another paper has it; merging them is an editor's decision
            fill[name] = value
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
                    Authorship(
                        publication=paper,
                        author=author,
                        position=position,
                        equal_contribution=planned.equal,
                        corresponding=planned.corresponding,
                    )
                )
                if author.profile_id:
                    listings.setdefault((author.profile_id, paper.pk), False)
            tag_links |= {(paper.pk, self._tag(name).pk) for name in row.data.tags}
            links += [
                PublicationLink(publication=paper, label=label, url=url, order=order)
                for order, (label, url) in enumerate(row.data.links)
            ]
        Authorship.objects.bulk_create(authorships)
        ProfilePublication.objects.bulk_create(
            ProfilePublication(profile_id=profile_id, publication_id=paper_id, selected=selected)
            for (profile_id, paper_id), selected in listings.items()
        )
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
            ):
                merge_linked_author(
                    publication=publication,
                    credit=AuthorCredit(
                        author=self.owner_author,
                        equal_contribution=owner.equal,
                        corresponding=owner.corresponding,
                    ),
                    position=position,
                    names=self.profile.all_names,
                    listed=[planned.name for planned in row.authors],
                )
        self._add_tags_and_links(publication, data)
        if not listed:
            # A listing the researcher already has keeps their own flags.
            ProfilePublication.objects.update_or_create(
                profile=self.profile, publication=publication, defaults={"selected": data.selected}
            )

    def _tag(self, name):
        key = slugify(name, allow_unicode=True)
        if key not in self._tags:
            self._tags[key] = Tag.objects.filter(
                Q(name__iexact=name) | Q(slug=key)
            ).first() or Tag.objects.create(name=name)
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
