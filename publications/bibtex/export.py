"""Publications as classic BibTeX: stable readable keys, fixed field order, LaTeX-escaped.

A publication whose researcher supplied BibTeX (``Publication.bibtex``) is exported
verbatim (but for marks written into names); every other one is generated from its
fields, each author's name from its parts as printed on the paper.
"""

import re

from profiles.partial_dates import PartialDate
from publications.models import Publication
from publications.normalize import strip_accents

from .author_field import author_annotations, bibtex_name, without_name_marks
from .latex import MATH, latex_escape

ENTRY_TYPES = {
    Publication.Type.JOURNAL: "article",
    Publication.Type.CONFERENCE: "inproceedings",
    Publication.Type.WORKSHOP: "inproceedings",
    Publication.Type.THESIS: "phdthesis",
    Publication.Type.BOOK: "book",
    Publication.Type.CHAPTER: "incollection",
}
# The field that holds the venue, per entry type; other types use ``howpublished``.
VENUE_FIELDS = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "phdthesis": "school",
    "book": "publisher",
}
# biblatex's publication states, which this site reads back (mapping.PUBSTATES).
PUBSTATES = {
    Publication.Status.ACCEPTED: "forthcoming",
    Publication.Status.UNDER_REVIEW: "submitted",
    Publication.Status.PREPRINT: "prepublished",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Words too common to make a citation key readable.
KEY_STOPWORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "from", "by", "at"}
    | {"via", "towards", "toward", "is", "are"}
)

_VERBATIM_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,")
# Words with a capital after their first letter (BERT, GPT-4, iPhone) keep their case.
_CASE_WORD = re.compile(r"(?<![\w{\\])(\w*[A-Z]\w*(?:[-:]\w+)*)")


def _protect_case(text):
    """Brace words whose capitals must survive a bibliography style's lower-casing."""
    parts = []
    for index, part in enumerate(MATH.split(text)):
        if index % 2:
            parts.append(part)
        else:
            parts.append(
                _CASE_WORD.sub(
                    lambda match: (
                        "{" + match.group(1) + "}"
                        if any(char.isupper() for char in match.group(1)[1:])
                        else match.group(1)
                    ),
                    part,
                )
            )
    return "".join(parts)


def _ascii_word(text):
    return re.sub(r"[^a-z0-9]", "", strip_accents(text).casefold())


def citation_key(publication, authors=None):
    """``song2023compact``: first author's surname, year, first significant title word."""
    authors = authors if authors is not None else publication.author_list()
    surname = _ascii_word(_surname(authors[0].printed)) if authors else ""
    word = next(
        (
            _ascii_word(word)
            for word in re.split(r"[\s\-:/]+", publication.title or "")
            if _ascii_word(word) and _ascii_word(word) not in KEY_STOPWORDS
        ),
        "",
    )
    return f"{surname or 'anon'}{publication.year or 'nd'}{word}"


def _surname(printed):
    if printed.literal:
        words = printed.name.split()
        return words[-1] if words else ""
    return printed.family


def _fields(publication, authors):
    entry_type = ENTRY_TYPES.get(publication.type, "misc")
    fields = []
    names = [bibtex_name(row.printed) for row in authors]
    if publication.more_authors:
        names.append("others")
    if names:
        fields.append(("author", " and ".join(names)))
        annotations = author_annotations(authors)
        if annotations:
            fields.append(("author+an", annotations))
    fields.append(("title", _protect_case(latex_escape(publication.title))))
    venue = publication.venue_full or publication.venue
    if venue:
        fields.append((VENUE_FIELDS.get(entry_type, "howpublished"), latex_escape(venue)))
    if publication.venue:
        fields.append(("abbr", latex_escape(publication.venue)))  # al-folio's short venue
    if publication.venue_note:
        fields.append(("note", latex_escape(publication.venue_note)))
    if publication.year:
        fields.append(("year", str(publication.year)))
    date = PartialDate.parse(publication.date) if publication.date else None
    if date and date.month:
        fields.append(("month", MONTHS[date.month - 1]))
    if publication.status in PUBSTATES:
        fields.append(("pubstate", PUBSTATES[publication.status]))
    if publication.doi:
        fields.append(("doi", publication.doi))
    if publication.arxiv:
        fields.append(("eprint", publication.arxiv))
        fields.append(("archiveprefix", "arXiv"))
    url = _main_url(publication)
    if url:
        fields.append(("url", url))
    tags = [tag.name for tag in publication.tags.all()]
    if tags:
        fields.append(("keywords", latex_escape(", ".join(tags))))
    if publication.abstract:
        fields.append(("abstract", latex_escape(publication.abstract)))
    return entry_type, fields


def _main_url(publication):
    links = {link.label.casefold(): link.url for link in publication.links.all()}
    for label in ("paper", "html", "pdf", "project", "website"):
        if label in links:
            return links[label]
    if publication.doi:
        return f"https://doi.org/{publication.doi}"
    if publication.arxiv:
        return f"https://arxiv.org/abs/{publication.arxiv}"
    return ""


def _render(entry_type, key, fields):
    width = max(len(name) for name, _ in fields)
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def _generated(publication, key=None):
    authors = publication.author_list()
    entry_type, fields = _fields(publication, authors)
    return _render(entry_type, key or citation_key(publication, authors), fields)


def _verbatim(publication):
    """The researcher's own entry, its names without the marks some files write in them
    (``Wang, Zeqing*``): those are in ``author+an``."""
    return without_name_marks(publication.bibtex.strip(), publication.author_list)


def bibtex_for_publication(publication):
    """One entry: the researcher's own BibTeX when given, otherwise generated."""
    if publication.bibtex.strip():
        return _verbatim(publication)
    return _generated(publication)


def verbatim_key(publication):
    """The key of the researcher's own BibTeX entry, or ``""`` when there is none."""
    match = _VERBATIM_KEY.match(publication.bibtex.strip())
    return match.group(1) if match else ""


def unique_keys(publications):
    """Citation keys for ``publications`` (pk → key), unique and deterministic.

    Verbatim entries keep their own keys, generated ones are ``song2023compact``. Papers
    sharing a key are ordered by id: the oldest keeps the plain key, the next ones get
    ``b``, ``c``… so adding a paper never renames an existing paper's key.
    """
    keys = {}
    groups = {}
    for publication in sorted(publications, key=lambda publication: publication.pk):
        key = verbatim_key(publication) or citation_key(publication)
        groups.setdefault(key, []).append(publication.pk)
    taken = set(groups)
    for key, pks in groups.items():
        keys[pks[0]] = key
        index = 1
        for pk in pks[1:]:
            while key + _suffix(index) in taken:
                index += 1
            keys[pk] = key + _suffix(index)
            taken.add(keys[pk])
            index += 1
    return keys


def _suffix(index):
    # 1 → "b", 2 → "c", … 25 → "z", 26 → "ba": never collides with another base key's end.
    letters = ""
    while index:
        index, remainder = divmod(index, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[remainder] + letters
    return letters


def _with_key(verbatim, key):
    """The researcher's entry under ``key`` (changed only when two entries shared one)."""
    match = _VERBATIM_KEY.match(verbatim)
    return verbatim[: match.start(1)] + key + verbatim[match.end(1) :] if match else verbatim


def bibtex_for_publications(publications):
    """A whole ``.bib`` file, entries in the order given, separated by blank lines."""
    publications = list(publications)
    keys = unique_keys(publications)
    entries = [
        _with_key(_verbatim(publication), keys[publication.pk])
        if publication.bibtex.strip()
        else _generated(publication, keys[publication.pk])
        for publication in publications
    ]
    return "\n\n".join(entries) + ("\n" if entries else "")
