"""The author field as written out: names from their printed parts, marks as biblatex
``author+an``, and verbatim entries cleared of marks written into names."""

import re

import bibtexparser
from bibtexparser.middlewares.names import split_multiple_persons_names

from .latex import latex_escape
from .parse import parse_name

# What a mark written into a name may look like (``Wang*``, ``Wang$^\dagger$``); an entry
# without any of these is exported as it is, unparsed.
_MAYBE_MARKED = re.compile(r"[*∗⋆†‡#§^]|\\dag|\\ddag|\\S\b|\\textsuperscript")
# Mark characters → biblatex annotation words, by their conventional meaning.
_MARK_WORDS = {"*": "equal", "⋆": "equal", "#": "equal", "§": "last"}
_MARK_WORDS |= {"†": "corresponding", "‡": "corresponding"}


def _name_part(text):
    """One part of a name, escaped; braced when BibTeX would split it (a comma, "and")."""
    escaped = latex_escape(text)
    if "," in text or " and " in f" {text.casefold()} ":
        return "{" + escaped + "}"
    return escaped


def bibtex_name(printed):
    """A ``PrintedName`` as BibTeX reads it back: ``von Last, Jr, First`` from its parts;
    a literal name (an organisation) as one brace-protected unit."""
    if printed.literal or not printed.family:
        return "{" + latex_escape(printed.name) + "}"
    if not printed.given:
        # Without a given name, "Ben Fraj" would be read as given "Ben", family "Fraj".
        surname = latex_escape(" ".join(part for part in (printed.family, printed.suffix) if part))
        surname = "{" + surname + "}" if " " in surname else surname
        return " ".join(part for part in (_name_part(printed.particle), surname) if part)
    parts = [
        " ".join(part for part in (printed.particle, printed.family) if part),
        printed.suffix,
        printed.given,
    ]
    return ", ".join(_name_part(part) for part in parts if part)


def author_annotations(authors):
    """biblatex's ``author+an`` for the marks of ``authors`` (author rows), e.g.
    ``1=equal; 2=equal; 4=last,corresponding``. Classic BibTeX ignores the field, so
    citations print clean names; this site reads it back. The owner is not written as
    ``highlight``: whoever imports the file would be taken for them."""
    parts = []
    for position, row in enumerate(authors, start=1):
        marks = {"equal": row.equal, "last": row.joint_last, "corresponding": row.corresponding}
        words = [word for word, on in marks.items() if on]
        if words:
            parts.append(f"{position}={','.join(words)}")
    return "; ".join(parts)


def _conventional_annotations(names):
    parts = []
    for position, name in enumerate(names, start=1):
        words = dict.fromkeys(_MARK_WORDS[mark] for mark in name.marks if mark in _MARK_WORDS)
        if words:
            parts.append(f"{position}={','.join(words)}")
    return "; ".join(parts)


def without_name_marks(entry, authors):
    """``entry`` (a researcher's verbatim BibTeX) with the marks written into its names
    taken out: a marked name is rewritten from its parts, other names stay as written, and
    the marks go to ``author+an`` unless the entry has that field already.

    ``authors`` gives the paper's author rows (called only for a marked entry): their
    marks are the paper's, read with the profile's own marks at import.
    """
    if not _MAYBE_MARKED.search(entry):
        return entry
    library = bibtexparser.parse_string(entry, parse_stack=[])
    if len(library.entries) != 1:
        return entry
    fields = {field.key.casefold(): str(field.value) for field in library.entries[0].fields}
    raw = fields.get("author", "")
    delimited = raw[:1] + raw[-1:] in ("{}", '""')
    persons = split_multiple_persons_names(raw[1:-1] if delimited else raw)
    names = [parse_name(person) for person in persons]
    if not any(name.marks for name in names):
        return entry
    written = " and ".join(
        bibtex_name(name.printed) if name.marks else " ".join(person.split())
        for person, name in zip(persons, names, strict=True)
    )
    value = f"{raw[0]}{written}{raw[-1]}" if delimited else "{" + written + "}"
    field = re.compile(r"(?<![\w+:.-])author\s*=\s*" + re.escape(raw), re.IGNORECASE)
    match = field.search(entry)
    if not match:
        return entry
    written_field = match.group(0)[: -len(raw)] + value
    if "author+an" not in fields:
        listed = [name for name in names if name.name.casefold() != "others"]
        rows = authors()
        annotations = (
            author_annotations(rows)
            if len(rows) == len(listed)
            else _conventional_annotations(listed)
        )
        line = entry[entry.rfind("\n", 0, match.start()) + 1 : match.start()]
        indent = line if not line.strip() else "  "
        written_field += f",\n{indent}author+an = {{{annotations}}}"
    return entry[: match.start()] + written_field + entry[match.end() :]
