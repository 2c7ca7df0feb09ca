"""The structure of a profile bundle (profile-bundle.md), checked before anything is written.

``validate_document`` walks the whole document and collects every structural error with
its item path (``publications[7].authors[2].name``), so a user fixes them all in one go.
It returns a cleaned copy: partial dates as ISO strings, ORCID iDs and DOIs in bare form.

The ``Obj`` key order follows the spec tables; the exporter writes keys in the same order.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from profiles.models import (
    SECTION_NAMES,
    LinkKind,
    Position,
    Profile,
    Service,
    unknown_section_names,
)
from profiles.partial_dates import PartialDate, invalid_date_message
from profiles.validators import normalize_orcid
from publications.badges import BadgeKind
from publications.models import Author, Publication, Tag
from publications.normalize import (
    arxiv_base,
    clean_arxiv,
    clean_doi,
    is_valid_arxiv,
    is_valid_doi,
)

FORMAT = "profile-bundle/1"
MAX_ERRORS = 20
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class Invalid(Exception):
    """One value is not what the spec expects; the message says what was expected."""


@dataclass(frozen=True)
class Issue:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message


class BundleError(Exception):
    """A bundle that cannot be imported; names the file and every item that is wrong."""

    def __init__(self, source, issues):
        self.source = source
        self.issues = list(issues)
        super().__init__(str(self))

    def __str__(self):
        shown = "; ".join(str(issue) for issue in self.issues[:MAX_ERRORS])
        more = len(self.issues) - MAX_ERRORS
        if more > 0:
            shown += f"; and {more} more"
        return f"{self.source}: {shown}" if self.source else shown


class Issues:
    def __init__(self):
        self.items = []

    def add(self, path, message):
        self.items.append(Issue(path, message))


def join(path, key):
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def describe(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# Scalars. Each takes (value, path, issues) and returns the cleaned value or raises Invalid.


def text(value, path, issues):
    if not isinstance(value, str):
        raise Invalid(f"expected a string, got {describe(value)}")
    if "\x00" in value:
        # PostgreSQL cannot store NUL in text; say so instead of failing at the database.
        raise Invalid("contains a NUL character (\\x00)")
    return value


def bounded(max_length):
    """Text the site keeps in a field of ``max_length`` characters (names, tags); refused
    here, with its path, rather than by the database."""

    def check(value, path, issues):
        value = text(value, path, issues)
        if len(value) > max_length:
            raise Invalid(f"at most {max_length} characters, got {len(value)}")
        return value

    return check


def text_or_number(value, path, issues):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return text(value, path, issues)


def boolean(value, path, issues):
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {describe(value)}")
    return value


def positive_int(value, path, issues):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Invalid(f"expected a whole number of at least 1, got {describe(value)}")
    return value


def year(value, path, issues):
    if not isinstance(value, int) or isinstance(value, bool) or not 1000 <= value <= 9999:
        raise Invalid(f"expected a four-digit year like 2024, got {describe(value)}")
    return value


def partial_date(value, path, issues):
    if isinstance(value, datetime.datetime):
        raise Invalid(f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got a time {value}")
    try:
        return PartialDate.parse(value).isoformat()
    except ValueError as error:
        raise Invalid(invalid_date_message(str(value), error)) from None


def url(value, path, issues):
    value = text(value, path, issues)
    if not value.startswith(("https://", "http://")):
        raise Invalid(f"expected a URL starting with https:// or http://, got {describe(value)}")
    return value


def media_path(value, path, issues):
    """A file inside the bundle, relative to its root: ``media/photo.jpg``."""
    value = text(value, path, issues)
    parts = value.replace("\\", "/").split("/")
    if not value or value.startswith(("/", "\\")) or _SCHEME.match(value):
        raise Invalid(f"expected a path inside the bundle like media/photo.jpg, got {value!r}")
    if ".." in parts:
        raise Invalid(f"the path {value!r} leaves the bundle folder ('..' is not allowed)")
    return "/".join(part for part in parts if part not in ("", "."))


def image_source(value, path, issues):
    """An image in the bundle (``media/photo.jpg``) or on the web (``https://…``), fetched
    once on import (profiles.remote_images)."""
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return value
    return media_path(value, path, issues)


def section_titles(value, path, issues):
    if not isinstance(value, dict):
        raise Invalid(f"expected a mapping of section to heading, got {describe(value)}")
    cleaned = {}
    for name, title in value.items():
        key_path = join(path, str(name))
        if name not in SECTION_NAMES:
            issues.add(
                key_path,
                f"not a section; headings are given for {', '.join(SECTION_NAMES)} "
                "(custom sections have their own titles)",
            )
            continue
        try:
            cleaned[name] = bounded(200)(title, key_path, issues)
            if not cleaned[name].strip():
                raise Invalid("expected a heading, got an empty string")
        except Invalid as error:
            issues.add(key_path, str(error))
    return cleaned


def badge(value, path, issues):
    """A badge: its text, or ``{text: …, kind: …}`` to choose how it looks."""
    if isinstance(value, dict):
        return BADGE(value, path, issues)
    return text(value, path, issues)


def orcid(value, path, issues):
    try:
        return normalize_orcid(text(value, path, issues))
    except ValidationError as error:
        raise Invalid(error.messages[0]) from None


def doi(value, path, issues):
    value = clean_doi(text(value, path, issues))
    if not is_valid_doi(value):
        raise Invalid(f"expected a DOI like 10.1145/3460426.3463629, got {value!r}")
    return value


def arxiv(value, path, issues):
    if isinstance(value, float | int) and not isinstance(value, bool):
        raise Invalid(
            f'expected an arXiv id as a string; write it in quotes: arxiv: "{value}" '
            "(unquoted, YAML reads it as a number and drops trailing zeros)"
        )
    value = arxiv_base(clean_arxiv(text(value, path, issues)))
    if not is_valid_arxiv(value):
        raise Invalid(f"expected an arXiv id like 2301.10938, got {value!r}")
    return value


def choice(choices):
    values = list(choices.values) if hasattr(choices, "values") else list(choices)

    def check(value, path, issues):
        if value not in values:
            raise Invalid(f"expected one of {', '.join(values)}, got {describe(value)}")
        return value

    return check


def literal(expected):
    def check(value, path, issues):
        if value != expected:
            raise Invalid(f"expected exactly {expected!r}, got {describe(value)}")
        return value

    return check


def list_of(item, *, min_items=0):
    def check(value, path, issues):
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {describe(value)}")
        if len(value) < min_items:
            raise Invalid(f"expected a list of at least {min_items}, got an empty list")
        cleaned = []
        for index, element in enumerate(value):
            item_path = join(path, index)
            try:
                cleaned.append(item(element, item_path, issues))
            except Invalid as error:
                issues.add(item_path, str(error))
        return cleaned

    return check


@dataclass(frozen=True)
class Key:
    check: Any
    required: bool = False


class Obj:
    """A mapping with known keys; unknown keys and missing required keys are errors."""

    def __init__(self, keys, *, rules=()):
        self.keys = keys
        self.rules = rules

    def __call__(self, value, path, issues):
        if not isinstance(value, dict):
            raise Invalid(
                f"expected a mapping with keys {', '.join(self.keys)}, got {describe(value)}"
            )
        for key in value:
            if key not in self.keys:
                issues.add(
                    join(path, str(key)), f"unknown key; expected one of {', '.join(self.keys)}"
                )
        cleaned = {}
        for key, spec in self.keys.items():
            raw = value.get(key)
            key_path = join(path, key)
            if raw is None or (spec.required and isinstance(raw, str) and not raw.strip()):
                if spec.required:
                    issues.add(key_path, "required; missing or empty")
                continue
            try:
                cleaned[key] = spec.check(raw, key_path, issues)
            except Invalid as error:
                issues.add(key_path, str(error))
        for rule in self.rules:
            rule(cleaned, path, issues, raw=value)
        return cleaned


def required(check):
    return Key(check, required=True)


def optional(check):
    return Key(check)


# Cross-field rules: run on the cleaned mapping, after its keys were checked.


def _markers_differ(markers, path, issues, raw):
    equal = markers.get("equal", "*")
    corresponding = markers.get("corresponding", "†")
    if equal == corresponding:
        issues.add(join(path, "corresponding"), f"must differ from markers.equal ({equal!r})")
    if markers.get("joint_last", "§") in (equal, corresponding):
        issues.add(
            join(path, "joint_last"),
            f"must differ from markers.equal ({equal!r}) and markers.corresponding "
            f"({corresponding!r})",
        )


def _end_not_before_start(item, path, issues, raw):
    start, end = item.get("start"), item.get("end")
    if start and end and PartialDate.parse(end) < PartialDate.parse(start):
        issues.add(join(path, "end"), f"{end} is before the start {start}")


def _one_award_date(item, path, issues, raw):
    given = [key for key in ("year", "years", "date") if key in item]
    if len(given) > 1:
        issues.add(path, f"give only one of year, years or date, not {' and '.join(given)}")


def _link_rules(link, path, issues, raw):
    kind, target = link.get("kind"), link.get("url")
    if kind and kind not in LinkKind.values and not link.get("label"):
        issues.add(
            join(path, "label"),
            f"a link of kind {kind!r} needs a label (known kinds: {', '.join(KNOWN_LINK_KINDS)})",
        )
    if kind == LinkKind.ORCID and target:
        try:
            link["url"] = "https://orcid.org/" + normalize_orcid(target)
        except ValidationError as error:
            issues.add(join(path, "url"), error.messages[0])
    elif target and link_is_file(link):
        try:
            link["url"] = media_path(target, path, issues)
        except Invalid as error:
            issues.add(join(path, "url"), str(error))


def link_is_file(link):
    """True when a profile link's ``url`` names a file in the bundle (``media/cv.pdf``)."""
    target = link.get("url", "")
    return link.get("kind") not in (LinkKind.EMAIL, LinkKind.ORCID) and not _SCHEME.match(target)


def _authors_rules(publication, path, issues, raw):
    authors = publication.get("authors") or []
    mine = [index for index, author in enumerate(authors) if author.get("me")]
    if len(mine) > 1:
        issues.add(
            join(path, "authors"),
            f"only one author may be me: true; authors {', '.join(map(str, mine))} are",
        )
    for index, author in enumerate(authors):
        author_path = join(join(path, "authors"), index)
        if author.get("me") and author.get("profile"):
            issues.add(author_path, "give me: true or profile, not both")
        parts = [part for part in ("given", "particle", "suffix") if author.get(part)]
        if author.get("literal") and (parts or author.get("family")):
            issues.add(author_path, "a literal name (literal: true) has no name parts")
        elif parts and not author.get("family"):
            issues.add(join(author_path, "family"), f"required with {' and '.join(parts)}")
    status = publication.get("status", Publication.Status.PUBLISHED)
    date = publication.get("date")
    if raw.get("year") is None and not date and status in ("published", "accepted"):
        issues.add(join(path, "year"), "required unless status is preprint or under_review")
    if date and "year" in publication and PartialDate.parse(date).year != publication["year"]:
        issues.add(join(path, "date"), f"{date} is not in the year {publication['year']}")


KNOWN_LINK_KINDS = [kind for kind in LinkKind.values if kind != LinkKind.OTHER]

MARKERS = Obj(
    {"equal": optional(text), "corresponding": optional(text), "joint_last": optional(text)},
    rules=[_markers_differ],
)

SETTINGS = Obj(
    {
        "self_style": optional(choice(Profile.SelfStyle)),
        "markers": optional(MARKERS),
        "publication_style": optional(choice(Profile.PublicationStyle)),
        "group_publications_by": optional(choice(Profile.Grouping)),
        "author_limit": optional(positive_int),
        "news_limit": optional(positive_int),
        "section_order": optional(list_of(text)),
        # Not in the v1 tables: the page's accent colour, kept so export → import loses nothing.
        "accent_color": optional(text),
        # Extensions of this installation, like accent_color.
        "show_citations": optional(boolean),
        "draft_acceptance_news": optional(boolean),
        "rank_badges": optional(choice(Profile.RankBadges)),
        # Page settings (issue 12): how the page says what the researcher's own page says.
        "section_titles": optional(section_titles),
        "publication_order": optional(choice(Profile.PublicationOrder)),
        "venue_display": optional(choice(Profile.VenueDisplay)),
        "title_link": optional(choice(Profile.TitleLink)),
        "abstracts_open": optional(boolean),
        "show_topics": optional(boolean),
        "show_exact_date": optional(boolean),
        "teaser_in_list": optional(boolean),
        "position_grouping": optional(choice(Profile.PositionGrouping)),
        "education_label": optional(bounded(100)),
        "experience_label": optional(bounded(100)),
        "news_display": optional(choice(Profile.NewsDisplay)),
        "show_last_updated": optional(boolean),
    }
)

LINK = Obj(
    {"kind": required(text), "url": required(text), "label": optional(text)},
    rules=[_link_rules],
)

PROFILE = Obj(
    {
        "slug": required(text),
        "name": required(text),
        "native_name": optional(text),
        "aliases": optional(list_of(text)),
        "pronouns": optional(text),
        "headline": optional(text),
        "affiliation": optional(text),
        "affiliation_url": optional(url),
        "location": optional(text),
        "email": optional(text),
        "photo": optional(image_source),
        "bio": optional(text),
        "interests": optional(list_of(text)),
        "announcement": optional(text),
        "links": optional(list_of(LINK)),
        "settings": optional(SETTINGS),
    }
)

NEWS = Obj(
    {
        "date": required(partial_date),
        "text": required(text),
        "pinned": optional(boolean),
        # An extension of this installation: a draft is kept but not shown.
        "draft": optional(boolean),
    }
)

POSITION = Obj(
    {
        "kind": required(choice(Position.Kind)),
        "organization": required(text),
        "organization_url": optional(url),
        "unit": optional(text),
        "role": optional(text),
        "start": required(partial_date),
        "end": optional(partial_date),
        "location": optional(text),
        "advisors": optional(list_of(text)),
        "description": optional(text),
        "logo": optional(image_source),
    },
    rules=[_end_not_before_start],
)

AWARD = Obj(
    {
        "title": required(text),
        "year": optional(year),
        "years": optional(list_of(year)),
        "date": optional(partial_date),
        "issuer": optional(text),
        "description": optional(text),
    },
    rules=[_one_award_date],
)

VENUE = Obj({"name": required(text), "years": optional(list_of(year))})

SERVICE = Obj(
    {
        "role": required(choice(Service.Role)),
        "venue_kind": required(choice(Service.VenueKind)),
        "venues": required(list_of(VENUE, min_items=1)),
        "note": optional(text),
    }
)

GRANT = Obj(
    {
        "title": required(text),
        "funder": optional(text),
        "role": optional(text),
        "start": optional(partial_date),
        "end": optional(partial_date),
        "amount": optional(text_or_number),
        "description": optional(text),
    },
    rules=[_end_not_before_start],
)

SECTION = Obj({"title": required(text), "body": required(text)})

AUTHOR = Obj(
    {
        "name": required(bounded(Author._meta.get_field("name").max_length)),
        "me": optional(boolean),
        "equal": optional(boolean),
        "corresponding": optional(boolean),
        "joint_last": optional(boolean),
        # The parts of the printed name, given only when reading ``name`` by BibTeX's
        # rules would get them wrong ("Ben Fraj" is one family name).
        "given": optional(text),
        "particle": optional(text),
        "family": optional(text),
        "suffix": optional(text),
        "literal": optional(boolean),
        "orcid": optional(orcid),
        "profile": optional(text),
    }
)

BADGE = Obj({"text": required(text), "kind": required(choice(BadgeKind))})

PUBLICATION_LINK = Obj({"label": required(text), "url": required(url)})

PUBLICATION = Obj(
    {
        "title": required(text),
        "authors": required(list_of(AUTHOR, min_items=1)),
        "more_authors": optional(boolean),
        "year": optional(year),
        "date": optional(partial_date),
        "type": required(choice(Publication.Type)),
        "status": optional(choice(Publication.Status)),
        "venue": optional(text),
        "venue_full": optional(text),
        "venue_note": optional(text),
        "badges": optional(list_of(badge)),
        "doi": optional(doi),
        "arxiv": optional(arxiv),
        "links": optional(list_of(PUBLICATION_LINK)),
        "abstract": optional(text),
        "tldr": optional(text),
        "teaser": optional(image_source),
        "tags": optional(list_of(bounded(Tag._meta.get_field("name").max_length))),
        "selected": optional(boolean),
        "bibtex": optional(text),
    },
    rules=[_authors_rules],
)


def _section_order_known(document, path, issues, raw):
    order = document.get("profile", {}).get("settings", {}).get("section_order")
    titles = [section.get("title") for section in document.get("sections", [])]
    unknown = unknown_section_names(order or [], titles)
    for index, name in enumerate(order or []):
        if name in unknown:
            issues.add(
                f"profile.settings.section_order[{index}]",
                f"{name!r} is neither a section ({', '.join(SECTION_NAMES)}) "
                "nor the title of one of this bundle's sections",
            )


def _sections_unique(document, path, issues, raw):
    seen = set()
    for index, section in enumerate(document.get("sections", [])):
        if section.get("title") in seen:
            issues.add(f"sections[{index}].title", f"{section['title']!r} is used twice")
        seen.add(section.get("title"))


def _no_duplicate_publications(document, path, issues, raw):
    """Two entries for one paper would silently merge into one; say so instead.

    Two papers with one title and year are allowed (the admin keeps them apart too): the
    importer names them in a note.
    """
    seen = {}
    for index, item in enumerate(document.get("publications", [])):
        keys = []
        if item.get("doi"):
            keys.append(("DOI", item["doi"].lower()))
        if item.get("arxiv"):
            keys.append(("arXiv id", item["arxiv"]))
        for key in keys:
            if key in seen:
                issues.add(
                    f"publications[{index}]",
                    f"the same paper as publications[{seen[key]}] (same {key[0]})",
                )
                break
            seen[key] = index


DOCUMENT = Obj(
    {
        "format": required(literal(FORMAT)),
        "profile": required(PROFILE),
        "news": optional(list_of(NEWS)),
        "positions": optional(list_of(POSITION)),
        "awards": optional(list_of(AWARD)),
        "services": optional(list_of(SERVICE)),
        "grants": optional(list_of(GRANT)),
        "sections": optional(list_of(SECTION)),
        "publications": optional(list_of(PUBLICATION)),
    },
    rules=[_section_order_known, _sections_unique, _no_duplicate_publications],
)


def validate_document(data, *, source):
    """Return the cleaned document, or raise BundleError listing every structural error."""
    if data is None:
        raise BundleError(source, [Issue("", "the file is empty; expected a profile bundle")])
    issues = Issues()
    try:
        cleaned = DOCUMENT(data, "", issues)
    except Invalid as error:
        raise BundleError(source, [Issue("", f"the document: {error}")]) from None
    if issues.items:
        raise BundleError(source, issues.items)
    return cleaned
