"""A source's record of one work → the ``EntryData`` the BibTeX importer plans with.

Records are what the sources answered (JSON-able dicts, kept in the preview between
"Preview" and "Confirm"); ``entry_for`` maps one without the database. No source
carries equal-contribution or corresponding marks, so none are set, and each entry
says so in the preview.
"""

import html
import re

from profiles.partial_dates import PartialDate
from publications.bibtex.mapping import EntryData, Person, set_venue
from publications.bibtex.parse import BibtexInputError, read_bibtex, split_names
from publications.models import Publication
from publications.normalize import arxiv_base, clean_arxiv, clean_doi, is_valid_arxiv, is_valid_doi
from publications.printed_names import PrintedName

Type = Publication.Type
Status = Publication.Status
SOURCE_NAMES = {"crossref": "Crossref", "arxiv": "arXiv", "orcid": "ORCID"}
CROSSREF_TYPES = {
    "journal-article": Type.JOURNAL,
    "proceedings-article": Type.CONFERENCE,
    "book-chapter": Type.CHAPTER,
    "book-section": Type.CHAPTER,
    "book-part": Type.CHAPTER,
    "book": Type.BOOK,
    "monograph": Type.BOOK,
    "edited-book": Type.BOOK,
    "reference-book": Type.BOOK,
    "posted-content": Type.PREPRINT,
    "dissertation": Type.THESIS,
    "dataset": Type.DATASET,
}
ORCID_TYPES = {
    "JOURNAL_ARTICLE": Type.JOURNAL,
    "CONFERENCE_PAPER": Type.CONFERENCE,
    "BOOK_CHAPTER": Type.CHAPTER,
    "BOOK": Type.BOOK,
    "EDITED_BOOK": Type.BOOK,
    "DISSERTATION": Type.THESIS,
    "DISSERTATION_THESIS": Type.THESIS,
    "PREPRINT": Type.PREPRINT,
    "WORKING_PAPER": Type.PREPRINT,
    "DATA_SET": Type.DATASET,
    "PATENT": Type.PATENT,
}
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_JATS_P = re.compile(r"<jats:p\b[^>]*>(.*?)</jats:p>", re.S)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
NO_MARKS = "{source} gives no equal-contribution or corresponding marks: none set"


def entry_for(record, line):
    """``EntryData`` for ``record`` ({"source", "asked", …}); ``line`` is its place in the
    list asked for (the preview's row order and its form fields' names)."""
    source = record["source"]
    data = EntryData(key=record["asked"], line=line, entry_type=source)
    if source == "crossref":
        _from_crossref(record["item"], data)
    elif source == "arxiv":
        _from_arxiv(record["entry"], data)
    else:
        _from_orcid(record["work"], data)
    data.title = _plain(data.title)[:500]
    if not data.title:
        data.error = f"{SOURCE_NAMES[source]} gives no title"
    elif not data.authors:
        data.error = f"{SOURCE_NAMES[source]} gives no author list"
    else:
        data.notes.append(NO_MARKS.format(source=SOURCE_NAMES[source]))
    if data.year is None and not data.error:
        data.status = Status.PREPRINT
        data.notes.append("no year: imported as a preprint")
    return data


def arxiv_of_doi(doi):
    """The arXiv id of arXiv's own (DataCite) DOI ``10.48550/arXiv.<id>``, else ""."""
    match = ARXIV_DOI.match(doi or "")
    return arxiv_base(match.group(1)) if match and is_valid_arxiv(match.group(1)) else ""


def _plain(text):
    """Text without JATS/HTML tags and entities, on one line (titles, abstracts)."""
    return " ".join(html.unescape(_TAG.sub(" ", text or "")).split())


def _abstract(text):
    """A JATS abstract's paragraphs as plain text; the copyright notes and section titles
    some publishers deposit beside them are left out."""
    paragraphs = _JATS_P.findall(text or "")
    return _plain(" ".join(paragraphs) if paragraphs else text)


def _workshop(data):
    if data.type == Type.CONFERENCE and "workshop" in data.venue_full.casefold():
        data.type = Type.WORKSHOP


def _set_date(data, parts):
    """Year and date from ``[year, month, day]`` (any of them may be missing)."""
    parts = [int(part) for part in parts if part not in (None, "")]
    if not parts:
        return
    data.year = parts[0]
    text = "-".join(f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate(parts))
    try:
        date = PartialDate.parse(text)
    except ValueError:
        return
    data.date = None if date.precision == "year" else date


def source_doi(value):
    """A DOI as a source gives it, bare and valid, else ""."""
    doi = clean_doi((value or "").replace("\\", ""))  # ORCID keeps BibTeX's "\_" escapes
    return doi[:200] if is_valid_doi(doi) else ""


def _from_crossref(item, data):
    data.title = (item.get("title") or [""])[0]
    subtitle = (item.get("subtitle") or [""])[0]
    if subtitle and subtitle.casefold() not in data.title.casefold():
        data.title = f"{data.title}: {subtitle}"
    data.type = CROSSREF_TYPES.get(item.get("type"), Type.OTHER)
    if data.type == Type.PREPRINT:
        data.status = Status.PREPRINT
    data.doi = source_doi(item.get("DOI"))
    for when in ("issued", "published-print", "published-online", "published"):
        parts = ((item.get(when) or {}).get("date-parts") or [[]])[0]
        if parts and parts[0]:
            _set_date(data, parts)
            break
    set_venue(data, _plain((item.get("container-title") or [""])[0]), data.year)
    _workshop(data)
    data.abstract = _abstract(item.get("abstract"))
    for relation in (item.get("relation") or {}).get("has-preprint") or []:
        kind, value = relation.get("id-type"), relation.get("id", "")
        arxiv = arxiv_of_doi(value) if kind == "doi" else ""
        if kind == "arxiv" and is_valid_arxiv(clean_arxiv(value)):
            arxiv = arxiv_base(clean_arxiv(value))
        if arxiv:
            data.arxiv = arxiv
            break
    for person in item.get("author") or []:
        if person.get("family"):
            printed = PrintedName.from_parts(
                given=" ".join((person.get("given") or "").split()),
                family=" ".join(person["family"].split()),
                suffix=person.get("suffix") or "",
            )
        elif person.get("name"):
            printed = PrintedName(name=" ".join(person["name"].split()), literal=True)
        else:
            continue
        data.authors.append(Person(printed=printed))


def _from_arxiv(entry, data):
    data.title = entry["title"]
    data.arxiv = entry["id"]
    data.abstract = entry["summary"]
    data.doi = source_doi(entry.get("doi"))
    published = entry.get("published", "")[:10].split("-")
    journal_ref = entry.get("journal_ref", "")
    if journal_ref:
        # Published: the journal's year, when its reference gives one ("Eur.Phys.J. C31
        # (2003) 17-29"), is the paper's; the preprint's date is of another version.
        data.type = Type.JOURNAL
        years = _YEAR.findall(journal_ref)
        if years:
            data.year = int(years[-1])
        else:
            _set_date(data, published)
        set_venue(data, journal_ref, data.year)
    else:
        data.type = Type.PREPRINT
        data.status = Status.PREPRINT
        _set_date(data, published)
        set_venue(data, "arXiv", data.year)
        if entry.get("primary_category"):
            data.venue_note = entry["primary_category"]
    data.authors = [Person(printed=PrintedName.parse(name)) for name in entry["authors"] if name]


def _value(node, *keys):
    """``node[k1][k2]…`` of ORCID's nested ``{"value": …}`` objects, "" where missing."""
    for key in keys:
        if not isinstance(node, dict):
            return ""
        node = node.get(key)
    return node if isinstance(node, str) else ""


def _from_orcid(work, data):
    data.title = _value(work, "title", "title", "value")
    kind = (work.get("type") or "").upper().replace("-", "_")
    data.type = ORCID_TYPES.get(kind, Type.OTHER)
    if data.type == Type.PREPRINT:
        data.status = Status.PREPRINT
    date = work.get("publication-date") or {}
    _set_date(
        data,
        [_value(date, part, "value") for part in ("year", "month", "day")]
        if _value(date, "year", "value")
        else [],
    )
    for external in (work.get("external-ids") or {}).get("external-id") or []:
        kind = (external.get("external-id-type") or "").casefold()
        value = external.get("external-id-value") or ""
        if kind == "doi" and not data.doi:
            data.doi = source_doi(value)
            data.arxiv = data.arxiv or arxiv_of_doi(data.doi)
        elif kind == "arxiv" and not data.arxiv and is_valid_arxiv(clean_arxiv(value)):
            data.arxiv = arxiv_base(clean_arxiv(value))
    set_venue(data, _value(work, "journal-title", "value"), data.year)
    _workshop(data)
    data.abstract = _plain(work.get("short-description") or "")
    contributors = (work.get("contributors") or {}).get("contributor") or []
    names = [_value(person, "credit-name", "value") for person in contributors]
    data.authors = [
        Person(printed=PrintedName.parse(name)) for name in names if name and name.strip()
    ]
    if not data.authors:
        data.authors = _citation_authors(work.get("citation") or {})


def _citation_authors(citation):
    """Authors of a work's BibTeX citation (what ORCID keeps of works imported from HAL
    and other repositories, whose contributors list is often empty). Marks in it are
    not the source's: dropped."""
    if (citation.get("citation-type") or "").upper() != "BIBTEX":
        return []
    try:
        parsed = read_bibtex(citation.get("citation-value") or "", "ORCID's citation")
    except BibtexInputError:
        return []
    for entry in parsed.entries:
        field = {name.casefold(): value for name, value in entry.fields.items()}.get("author")
        if field:
            names, _ = split_names(field)  # LaTeX accents decoded, as in a .bib
            return [Person(printed=name.printed) for name in names if name.name]
    return []
