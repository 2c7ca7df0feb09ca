"""A name as printed on one paper, with its parts: given, particle, family, suffix.

An ``Author`` is a person (linked to a profile, highlighted, merged); how that person's
name is printed on one paper belongs to the ``Authorship``: "F Lavergne" on one paper,
"Francis Lavergne" on another. Every page and export prints ``name``; citation formats
that want structure (BibTeX, CSL-JSON) use the parts. A ``literal`` name (an
organisation, or a name the source gave as one unit) has no parts and is never split.
"""

import re
from dataclasses import dataclass

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

MAX_LENGTH = 200
PART_LENGTHS = {"given": 200, "particle": 100, "family": 200, "suffix": 50}
PARTS = tuple(PART_LENGTHS)
_AND = re.compile(r"\s(?:and|&)\s", re.IGNORECASE)


@dataclass(frozen=True)
class PrintedName:
    name: str
    given: str = ""
    particle: str = ""  # "von", "van der", "de la": lower-case words before the family name
    family: str = ""
    suffix: str = ""  # "Jr", "III"
    literal: bool = False  # printed as one unit: an organisation, "{Barnes and Noble}"

    @classmethod
    def from_parts(cls, *, given="", particle="", family="", suffix=""):
        """The name in natural order ("given particle family suffix"), as the parts say."""
        name = " ".join(part for part in (given, particle, family, suffix) if part)
        return cls(name=name, given=given, particle=particle, family=family, suffix=suffix)

    @classmethod
    def parse(cls, text):
        """A name as someone typed it: printed exactly so, its parts read by BibTeX's rules.

        ``Jean de la Fontaine`` and ``de la Fontaine, Jean`` both have particle "de la";
        a name wholly in braces (``{Barnes and Noble}``) is a literal, printed without them,
        and so is one with "and" in it.
        """
        text = " ".join((text or "").split())
        if is_braced_whole(text):
            return cls(name=" ".join(text[1:-1].split()), literal=True)
        if _AND.search(text):
            return cls(name=text, literal=True)  # "Barnes and Noble, Inc.": no person's name
        try:
            parts = parse_single_name_into_parts(text, strict=False)
        except InvalidNameError:
            return cls(name=text, literal=True)
        words = {"given": parts.first, "particle": parts.von, "family": parts.last}
        values = {key: _unbraced(value) for key, value in words.items()}
        if not values["family"]:
            return cls(name=text, literal=True)
        return cls(name=text, suffix=_unbraced(parts.jr), **values)

    def __post_init__(self):
        # Every stored part fits its column: a source that overflows one is cut, not refused.
        object.__setattr__(self, "name", self.name[:MAX_LENGTH])
        for part, length in PART_LENGTHS.items():
            object.__setattr__(self, part, getattr(self, part)[:length])

    @property
    def parts(self):
        """The structured fields as stored on an authorship (``name`` excluded)."""
        return {part: getattr(self, part) for part in PARTS} | {"literal": self.literal}

    @property
    def surname(self):
        """Particle and family name ("van der Berg"); a literal name whole."""
        if self.literal:
            return self.name
        return " ".join(part for part in (self.particle, self.family) if part)

    def with_name(self, name):
        """The same parts printed as ``name`` (e.g. with the spacing a source used)."""
        return PrintedName(name=name, **self.parts)


def _unbraced(words):
    return " ".join(word.replace("{", "").replace("}", "") for word in words)


def is_braced_whole(text):
    """``{Barnes and Noble}``: one brace group around the whole text."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True
