"""The query parameters of the public pages: one parser per page, built from a few checks.

A parser turns a query string into the only values its page reads. A value that cannot be
valid counts as absent (a hand-edited or hostile URL gets the page without that filter,
never an error), and text loses what no search needs and some databases refuse: NUL
(PostgreSQL rejects it), other control characters, and anything past a length bound.
Parameters a page does not read are dropped, so the parsed values alone make the page's
cache key (``profiles.cache``): ``?utm=…`` shares the canonical page's entry.
"""

import re
from urllib.parse import urlencode

from publications.models import Publication

# C0 and C1 control characters, DEL included; tab and newline too (a search box has one line).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
# ASCII digits only: "²".isdigit() is true.
_DIGITS = re.compile(r"[0-9]{1,9}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

SEARCH_LENGTH = 200


def text(query, name, *, limit=SEARCH_LENGTH):
    """Free text: control characters become spaces, runs of spaces one, at most ``limit``."""
    value = query.get(name, "")[: limit * 4]
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def number(query, name, *, low, high):
    """An integer in [low, high] written in ASCII digits, else None."""
    value = query.get(name, "")
    if not _DIGITS.fullmatch(value):
        return None
    found = int(value)
    return found if low <= found <= high else None


def choice(query, name, choices):
    value = query.get(name, "")
    return value if value in choices else ""


def slug(query, name):
    value = query.get(name, "")
    return value if len(value) <= 80 and _SLUG.fullmatch(value) else ""


def canonical(params):
    """The query string of parsed values: sorted, absent ones left out."""
    return urlencode(sorted((name, value) for name, value in params.items() if value))


def directory(query):
    """``/``: the search text and the page number."""
    return {"q": text(query, "q"), "page": number(query, "page", low=1, high=10**6) or 1}


def publication_list(query):
    """``/<slug>/publications/``: the filters."""
    return {
        "q": text(query, "q"),
        "year": number(query, "year", low=1, high=9999),
        "type": choice(query, "type", Publication.Type.values),
        "tag": text(query, "tag", limit=100),
    }


def paper(query):
    """``/papers/<id>/<slug>/``: whose page the visitor came from (``?from=<slug>``)."""
    return {"from": slug(query, "from")}
