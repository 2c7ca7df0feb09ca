"""BibTeX fields → our publication fields, for one parsed entry.

``map_entry`` needs no database: it returns the values a ``Publication`` would get,
the author names with their marks, the links, and notes for the preview.
"""

import html
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from profiles.fields import MAX_LIST_ITEMS
from profiles.partial_dates import ACCEPTED_FORMS, PartialDate
from publications.models import Publication
from publications.normalize import (
    arxiv_base,
    clean_arxiv,
    clean_doi,
    is_valid_arxiv,
    is_valid_doi,
)
from publications.printed_names import PrintedName

# The one door of every import's venue (BibTeX, identifiers, site imports): the registry
# maps the text to a venue (publications.venues).
from publications.venues.registry import Registry  # noqa: F401 (for importers)
from publications.venues.services import set_venue

from .parse import latex_to_text, split_names

Type = Publication.Type

TYPES = {
    "article": Type.JOURNAL,
    "inproceedings": Type.CONFERENCE,
    "conference": Type.CONFERENCE,
    "proceedings": Type.BOOK,
    "phdthesis": Type.THESIS,
    "mastersthesis": Type.THESIS,
    "thesis": Type.THESIS,
    "book": Type.BOOK,
    "incollection": Type.CHAPTER,
    "inbook": Type.CHAPTER,
    "patent": Type.PATENT,
    "dataset": Type.DATASET,
    "misc": Type.OTHER,
    "unpublished": Type.OTHER,
    "online": Type.OTHER,
    "techreport": Type.OTHER,
    "report": Type.OTHER,
    # biblatex's other standard types.
    "booklet": Type.OTHER,
    "manual": Type.OTHER,
    "electronic": Type.OTHER,
    "www": Type.OTHER,
    "software": Type.OTHER,
    "collection": Type.BOOK,
    "mvbook": Type.BOOK,
    "reference": Type.BOOK,
    "inreference": Type.CHAPTER,
}
# Where each type keeps its venue, in order of preference (biblatex spellings too).
VENUE_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "eventtitle",
    "school",
    "institution",
    "publisher",
    "howpublished",
)
CROSSREF_FIELDS = ("booktitle", "year", "month", "publisher", "series", "volume", "address")
# al-folio link fields → our link labels.
LINK_FIELDS = {
    "html": "paper",
    "pdf": "pdf",
    "code": "code",
    "website": "project",
    "video": "video",
    "slides": "slides",
    "poster": "poster",
    "supp": "supplement",
    "blog": "blog",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# biblatex's pubstate (what this site's export writes for a paper's status).
PUBSTATES = {
    "forthcoming": Publication.Status.ACCEPTED,
    "inpress": Publication.Status.ACCEPTED,
    "submitted": Publication.Status.UNDER_REVIEW,
    "prepublished": Publication.Status.PREPRINT,
}
STATUS_NOTES = (
    (re.compile(r"under (?:review|submission)|submitted", re.I), Publication.Status.UNDER_REVIEW),
    (re.compile(r"accepted|to appear|in press|forthcoming", re.I), Publication.Status.ACCEPTED),
)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
_LATEX_URL = re.compile(r"\\(?:url|href)\s*\{([^}]*)\}")
_TAG = re.compile(r"<[^>]+>")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# biblatex ``author+an = {1=highlight,first; 2:family=last}``: item (and part) = words.
_ANNOTATION = re.compile(r"(\d+)\s*(?::\s*\w+\s*)?=\s*([^;]+)")
# A note saying the first (last) authors share the first (last) authorship: they get the
# equal-contribution (joint-last) mark. "First two authors contributed equally…",
# "The last two authors jointly supervised this work."
_SHARED_NOTE = re.compile(
    r"^\W*(?:the\s+)?(first|last)\s+(two|three|four|five|2|3|4|5)\s+authors?\s+"
    r"(?:have\s+|are\s+)?(?:contributed\s+equally|(?:made\s+)?equal(?:ly)?\s+contribut\w*"
    r"|equal(?:ly)?\s+(?:supervis|advis)\w*|jointly\s+(?:supervis|advis)\w*"
    r"|co-?(?:senior|last)\s+authors?)",
    re.IGNORECASE,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
# Web addresses of arXiv abstracts and PDFs, and of the DOI resolver, in any URL field.
_ARXIV_URL = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/", re.I)
_DOI_URL = re.compile(r"^https?://(?:dx\.|www\.)?doi\.org/", re.I)
# Custom link fields: al-folio/academicpages ``code_url``, Hugo Blox ``url_pdf``.
_URL_FIELD = re.compile(r"^(?:url_([a-z]+)|([a-z]+)_url)$")
_valid_url = URLValidator(schemes=["http", "https"])

TRUE_VALUES = {"true", "yes", "1"}


@dataclass
class Person:
    printed: PrintedName  # as the file prints it, marks removed
    marks: str = ""
    annotations: tuple = ()  # biblatex ``author+an`` words: first, last, corresponding, me…

    @property
    def name(self):
        return self.printed.name

    @property
    def corporate(self):
        return self.printed.literal


@dataclass
class EntryData:
    key: str
    line: int
    entry_type: str
    title: str = ""
    type: str = Type.OTHER
    status: str = Publication.Status.PUBLISHED
    venue: str = ""
    venue_full: str = ""
    venue_note: str = ""
    registered_venue: object = None  # a publications.venues Venue, set by set_venue
    venue_badges: list = field(default_factory=list)  # its ranks in the paper's year
    year: int | None = None
    date: PartialDate | None = None
    doi: str = ""
    arxiv: str = ""
    abstract: str = ""
    tags: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (label, url)
    selected: bool = False
    preview: str = ""  # al-folio teaser image file name
    authors: list = field(default_factory=list)  # Person
    more_authors: bool = False
    bibtex: str = ""
    notes: list = field(default_factory=list)
    error: str = ""


def clean_url(value):
    """A URL from a field that may hold ``<a href>`` HTML or ``\\url{}`` LaTeX."""
    value = (value or "").strip()
    match = _HREF.search(value) or _LATEX_URL.search(value)
    if match:
        value = match.group(1)
    value = _TAG.sub("", value).strip().strip("{}<>")
    return value


def _text(fields, name):
    """A field as plain text: LaTeX decoded, HTML tags and entities (``&amp;``) removed."""
    return html.unescape(_TAG.sub("", latex_to_text(fields.get(name, "")))).strip()


def _first(fields, names):
    return next((fields[name] for name in names if fields.get(name, "").strip()), "")


def _month(value):
    value = latex_to_text(value).strip().rstrip(".").casefold()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTHS.get(value) or MONTHS.get(value[:3])


def _year_and_date(fields, data):
    date_value = fields.get("date", "").strip()
    match = _DATE.match(date_value)
    year_value = latex_to_text(fields.get("year", ""))
    year_match = _YEAR.search(year_value)
    if year_match:
        data.year = int(year_match.group(1))
    elif match:
        data.year = int(match.group(1))
    elif year_value:
        data.notes.append(f"year “{year_value}” is not a year")
    if date_value and not match:
        data.notes.append(f"date “{date_value}” ignored: expected {ACCEPTED_FORMS}")
    if not data.year:
        return
    month = day = None
    if match and int(match.group(1)) == data.year:
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
    if month is None and fields.get("month"):
        month = _month(fields["month"])
    try:
        data.date = PartialDate.parse(
            "-".join(
                part
                for part in (f"{data.year:04d}", month and f"{month:02d}", day and f"{day:02d}")
                if part
            )
        )
    except ValueError as error:
        data.notes.append(f"date “{date_value or data.year}” ignored: {error}")
    if data.date and data.date.precision == "year":
        data.date = None  # the year alone says it


def _url_values(fields):
    """The web addresses among the fields, ``url`` and ``html`` first, then the rest in
    file order (``url_paper``, ``preprint_url``, ``howpublished = {\\url{…}}``…)."""
    names = ["url", "html", *(name for name in fields if name not in ("url", "html"))]
    for name in names:
        value = clean_url(fields.get(name, ""))
        if value.casefold().startswith(("https://", "http://")) and " " not in value:
            yield value


def _identifiers(fields, data):
    urls = list(_url_values(fields))
    doi = clean_doi(latex_to_text(fields.get("doi", "")))
    if not doi:
        found = (clean_doi(url) for url in urls if _DOI_URL.match(url))
        doi = next((candidate for candidate in found if is_valid_doi(candidate)), "")
    if doi and is_valid_doi(doi):
        data.doi = doi[:200]
    elif doi:
        data.notes.append(f"DOI “{doi}” is not a DOI (10.NNNN/…); left out")
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().casefold()
    candidates = [fields.get("arxiv", "")]
    if prefix == "arxiv" or not prefix:
        candidates.append(fields.get("eprint", ""))
    candidates += [url for url in urls if _ARXIV_URL.match(url)]
    candidates.append(fields.get("journal", ""))
    for candidate in candidates:
        arxiv = clean_arxiv(latex_to_text(candidate).replace("arXiv preprint", "").strip())
        arxiv = arxiv.removeprefix("arXiv:").removeprefix("arxiv:").strip()
        if arxiv and is_valid_arxiv(arxiv):
            data.arxiv = arxiv_base(arxiv)
            break


def _custom_links(fields):
    """(label, url) of ``code_url``/``url_code``-style fields; a preprint on arXiv is "arxiv"."""
    for name, value in fields.items():
        match = _URL_FIELD.match(name)
        url = clean_url(value)
        if not match or not url:
            continue
        word = match.group(1) or match.group(2)
        if word == "preprint" and _ARXIV_URL.match(url):
            word = "arxiv"
        yield LINK_FIELDS.get(word, word), url


def _links(fields, data):
    url = clean_url(fields.get("url", ""))
    seen = set()
    pairs = [("paper", url)] if url else []
    pairs += [
        (label, clean_url(fields[name])) for name, label in LINK_FIELDS.items() if fields.get(name)
    ]
    pairs += list(_custom_links(fields))
    for label, value in pairs:
        if value in seen:
            continue
        try:
            _valid_url(value)
        except ValidationError:
            data.notes.append(f"{label} “{value[:80]}” is not a web address; not linked")
            continue
        seen.add(value)
        data.links.append((label, value[:1000]))


def read_annotations(value):
    """biblatex ``author+an`` → {0-based position: words}; a part's words (``2:family=…``)
    count for the whole name."""
    annotations = {}
    for position, words in _ANNOTATION.findall(latex_to_text(value or "")):
        annotations.setdefault(int(position) - 1, ())
        annotations[int(position) - 1] += tuple(
            word.strip().casefold() for word in words.split(",") if word.strip()
        )
    return annotations


def _persons(fields, data):
    names, data.more_authors = split_names(fields.get("author") or fields.get("editor", ""))
    annotations = read_annotations(fields.get("author+an", ""))
    data.authors = [
        Person(printed=name.printed, marks=name.marks, annotations=annotations.get(index, ()))
        for index, name in enumerate(names)
        if name.name
    ]


def _shared_note(note):
    """("first" or "last", how many authors) when a note says that many first authors
    contributed equally or last authors share the last authorship; else None."""
    match = _SHARED_NOTE.match(note)
    if not match:
        return None
    return match.group(1).casefold(), _COUNTS.get(match.group(2).casefold()) or int(match.group(2))


def type_from_fields(fields):
    """The type of an entry whose entry type is not a standard one (``@articlebold``)."""
    if fields.get("journal") or fields.get("journaltitle"):
        return Type.JOURNAL
    if fields.get("booktitle") or fields.get("eventtitle"):
        return Type.CONFERENCE
    if fields.get("school"):
        return Type.THESIS
    return Type.OTHER


def _is_arxiv_venue(venue):
    """Empty, "arXiv preprint arXiv:…" (Google Scholar) or "CoRR" (DBLP)."""
    venue = venue.casefold().strip()
    return not venue or "arxiv" in venue or venue == "corr"


def map_entry(entry):
    """``EntryData`` for one ``ParsedEntry``; ``error`` says why it cannot be imported."""
    fields = entry.fields
    data = EntryData(
        key=entry.key,
        line=entry.line,
        entry_type=entry.entry_type,
        # An entry that needs its crossref target or an @string is not valid on its own;
        # the export generates those instead of repeating them verbatim.
        bibtex="" if entry.fields.get("crossref") or entry.uses_strings else entry.raw,
        notes=list(entry.notes),
    )
    data.title = _text(fields, "title")
    if not data.title:
        data.error = (
            "syntax error: the title field could not be read (a missing comma before it?)"
            if re.search(r"\btitle\s*=", entry.raw, re.IGNORECASE)
            else "no title"
        )
        return data
    if len(data.title) > 500:
        data.error = f"the title is {len(data.title)} characters long; the limit is 500"
        return data
    _year_and_date(fields, data)
    _identifiers(fields, data)
    data.type = TYPES.get(entry.entry_type)
    if data.type is None:
        data.type = type_from_fields(fields)
        data.notes.append(
            f"@{entry.entry_type} is not a BibTeX entry type; read as "
            f"{Type(data.type).label.lower()} from its fields"
        )
    venue_field = next((name for name in VENUE_FIELDS if fields.get(name, "").strip()), "")
    set_venue(data, _text(fields, venue_field) if venue_field else "", data.year)
    if data.arxiv and (data.type == Type.OTHER or _is_arxiv_venue(data.venue_full)):
        data.type = Type.PREPRINT
        data.status = Publication.Status.PREPRINT
    if data.type == Type.CONFERENCE and "workshop" in data.venue_full.casefold():
        data.type = Type.WORKSHOP
    data.venue = _text(fields, "abbr")[:200]
    if data.venue and data.venue_full == data.venue:
        data.venue_full = ""  # only a short name, written in both fields
    note = _text(fields, "note")
    pubstate = PUBSTATES.get(_text(fields, "pubstate").casefold())
    # Without a pubstate, a note may say the status ("accepted to CVPR"); with one (as
    # this site's export writes it), the note is the venue's.
    said = (status for pattern, status in STATUS_NOTES if pattern.search(note))
    note_status = None if pubstate else next(said, None)
    if pubstate:
        data.status = pubstate
        if data.type == Type.OTHER and pubstate != Publication.Status.ACCEPTED:
            data.type = Type.PREPRINT  # a @misc that is not out yet
    elif note_status:
        data.status = note_status
    shared = _shared_note(note)
    if note and not note_status and not shared and len(note) <= 200:
        data.venue_note = note
    data.abstract = _text(fields, "abstract")
    data.tags = [
        tag[:100]
        for tag in dict.fromkeys(
            word.strip() for word in re.split(r"[;,]", _text(fields, "keywords")) if word.strip()
        )
    ]
    _links(fields, data)
    data.selected = fields.get("selected", "").strip().casefold() in TRUE_VALUES
    data.preview = fields.get("preview", "").strip()
    _persons(fields, data)
    if shared:
        end, count = shared
        marked = data.authors[:count] if end == "first" else data.authors[-count:]
        for person in marked:
            person.annotations += (end,)  # the biblatex words: "first" and "last"
    if not data.authors:
        # Every paper on the site names an author (the admin and bundles require one).
        data.error = "no author (or editor) field: a paper needs at least one author"
        return data
    for what, count in (("authors", len(data.authors)), ("keywords", len(data.tags))):
        if count > MAX_LIST_ITEMS:  # what a profile bundle holds (docs/security.md)
            data.error = f"{count:,} {what}; a paper may have at most {MAX_LIST_ITEMS:,}"
            return data
    if data.year is None:
        if data.status not in (Publication.Status.PREPRINT, Publication.Status.UNDER_REVIEW):
            data.status = Publication.Status.PREPRINT
        data.notes.append("no year: imported as a preprint")
    return data


def resolve_crossrefs(entries):
    """Fill fields of entries from the ``crossref`` entry they name (DBLP's proceedings).

    Returns the keys used as crossref targets: those entries describe venues, not papers.
    """
    by_key = {entry.key.casefold(): entry for entry in entries}
    targets = set()
    for entry in entries:
        target_key = entry.fields.get("crossref", "").strip().casefold()
        parent = by_key.get(target_key)
        if not parent or parent is entry:
            continue
        targets.add(target_key)
        inherited = dict(parent.fields)
        if "title" in inherited:
            inherited.setdefault("booktitle", inherited["title"])
        # Only venue fields: the proceedings' own DOI and URL are not the paper's.
        for name in CROSSREF_FIELDS:
            if inherited.get(name):
                entry.fields.setdefault(name, inherited[name])
    return targets
