"""Papers described in front matter (academicpages, Hugo Blox without ``cite.bib``) as
bundle publications; papers that come as BibTeX go to the BibTeX importer instead."""

import html
import re

from profiles.models import Profile
from publications.bibtex.names import OwnerNames
from publications.normalize import normalize_title

from .documents import as_list, as_partial_date, as_text

_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\*\*|__")
_MARKS = {"*": "equal", "#": "equal", "†": "corresponding", "‡": "corresponding"}
_TYPES = [
    (re.compile(r"\b(arxiv|corr|preprint|biorxiv|medrxiv|ssrn)\b", re.I), "preprint"),
    (re.compile(r"\bworkshops?\b", re.I), "workshop"),
    (re.compile(r"\b(thesis|dissertation)\b", re.I), "thesis"),
    (re.compile(r"\b(journal|transactions|letters|review|magazine)\b", re.I), "journal"),
    (
        re.compile(r"\b(conference|proceedings|proc\.|symposium|congress|meeting)\b", re.I),
        "conference",
    ),
]


def owner_names(profile_values):
    """An OwnerNames for the profile the site describes (name and aliases)."""
    return OwnerNames(
        Profile(name=profile_values.get("name", ""), aliases=profile_values.get("aliases", []))
    )


def split_authors(value):
    """Authors as printed: a list stays a list; "A, B and C" or "A; B" is split."""
    if isinstance(value, list):
        names = [as_text(name) for name in value]
    else:
        text = as_text(value)
        separator = ";" if ";" in text else ","
        names = [part for chunk in text.split(separator) for part in re.split(r"\s+and\s+", chunk)]
    return [name for name in (_clean_name(name) for name in names) if name[0]]


def _clean_name(name):
    name = html.unescape(_MARKUP.sub("", name)).strip().strip(".").strip()
    marks = set()
    while name and name[-1] in _MARKS:
        marks.add(_MARKS[name[-1]])
        name = name[:-1].strip()
    return re.sub(r"\s+", " ", name), marks


def author_list(names, owner, *, owner_keys=()):
    """Bundle authors; the first name that is the owner (or a Hugo Blox user name such as
    ``me``/``admin`` in ``owner_keys``) gets ``me: true``."""
    authors, found = [], False
    for name, marks in names:
        author = {"name": name}
        if not found and (name in owner_keys or owner.matches(name)):
            author["me"] = found = True
        for mark in marks:
            author[mark] = True
        authors.append(author)
    return authors


def guess_type(venue, *, default="other"):
    for pattern, kind in _TYPES:
        if pattern.search(venue or ""):
            return kind
    return default


def set_venue(paper, venue):
    """Short names in ``venue``, long ones in ``venue_full`` (as the BibTeX import does)."""
    venue = re.sub(r"\s+", " ", html.unescape(_MARKUP.sub("", venue))).strip().strip("*_")
    if venue:
        paper["venue" if len(venue) <= 40 else "venue_full"] = venue[:300]


def publication_date(value, *, generated_days=False):
    """A partial date; PubsFromBib writes 01 for an unknown day and month, so with
    ``generated_days`` ``2018-01-01`` is the year and ``2018-06-01`` the month."""
    date = as_partial_date(value)
    if generated_days and len(date) == 10:
        if date.endswith("-01-01"):
            return date[:4]
        if date.endswith("-01"):
            return date[:7]
    return date


def add_link(paper, label, url):
    url = as_text(url)
    if url.startswith(("http://", "https://")) and url not in {
        link["url"] for link in paper.get("links", [])
    }:
        paper.setdefault("links", []).append({"label": label, "url": url})


def identity_keys(paper):
    """What makes two papers of one site the same paper (the bundle importer's merge keys)."""
    date = paper.get("date", "")
    year = paper.get("year") or (int(date[:4]) if date else None)
    keys = [("title", normalize_title(paper["title"]), year)]
    if paper.get("doi"):
        keys.append(("doi", paper["doi"].casefold()))
    if paper.get("arxiv"):
        keys.append(("arxiv", paper["arxiv"]))
    return keys


def as_list_of_text(value):
    return [as_text(item) for item in as_list(value) if as_text(item)]
