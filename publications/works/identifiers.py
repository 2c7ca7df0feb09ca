"""What a person pastes → DOIs, arXiv ids and ORCID iDs, each in its bare form.

DOIs bare, as ``doi:…`` or as a ``https://doi.org/…`` link; arXiv ids old
(``hep-ex/0307015``) and new style (``1706.03762``), with or without a version,
``arXiv:`` or an arxiv.org link; ORCID iDs bare or as an orcid.org link, with their
check digit verified. arXiv's own DOIs (``10.48550/arXiv.<id>``) are read as arXiv ids.
"""

import re
from dataclasses import dataclass

from publications.normalize import arxiv_base, clean_arxiv, clean_doi, is_valid_arxiv, is_valid_doi

from .records import arxiv_of_doi

MAX_IDENTIFIERS = 500
_ORCID = re.compile(r"^(?:https?://(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$", re.I)
_EDGES = ".,;()<>[]\"'"


class IdentifierError(ValueError):
    """The whole list is refused (too long, or nothing in it)."""


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi", "arxiv" or "orcid"
    value: str  # bare: 10.1038/nature14539, 1706.03762, 0000-0002-1825-0097
    asked: str  # as typed

    @property
    def label(self):
        return f"arXiv:{self.value}" if self.kind == "arxiv" else self.value


def orcid_checksum_ok(orcid):
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1].upper() == ("X" if check == 10 else str(check))


def read_identifier(text, kind=None):
    """An ``Identifier`` for ``text``, or a one-line message saying what it is not.

    ``kind`` ("doi", "arxiv", "orcid") when the person said which it is (the command's
    ``--doi``/``--arxiv``/``--orcid``); else it is recognised by its form.
    """
    text = text.strip().strip(_EDGES)
    orcid = _ORCID.match(text)
    if kind in (None, "orcid") and orcid:
        if not orcid_checksum_ok(orcid.group(1)):
            return f"{text}: not an ORCID iD (its check digit is wrong)"
        return Identifier("orcid", orcid.group(1).upper(), text)
    arxiv = clean_arxiv(text)
    if kind in (None, "arxiv") and is_valid_arxiv(arxiv):
        return Identifier("arxiv", arxiv_base(arxiv), text)
    doi = clean_doi(text)
    if kind in (None, "doi") and is_valid_doi(doi):
        if arxiv_of_doi(doi):
            return Identifier("arxiv", arxiv_of_doi(doi), text)
        return Identifier("doi", doi, text)
    expected = {
        "doi": "a DOI (10.NNNN/…)",
        "arxiv": "an arXiv id (2301.01234 or hep-th/9901001)",
        "orcid": "an ORCID iD (0000-0002-1825-0097)",
    }.get(kind, "a DOI, arXiv id or ORCID iD")
    return f"{text}: not {expected}"


def read_identifiers(text):
    """(identifiers in the order given, without repeats; one message per unreadable one)."""
    words = [word for word in re.split(r"[\s,;]+", text or "") if word.strip(_EDGES)]
    if len(words) > MAX_IDENTIFIERS:
        raise IdentifierError(
            f"{len(words):,} identifiers; the limit is {MAX_IDENTIFIERS} per import."
        )
    return _unique(read_identifier(word) for word in words)


def _unique(results):
    identifiers, errors, seen = [], [], set()
    for result in results:
        if isinstance(result, str):
            errors.append(result)
        elif (result.kind, result.value.casefold()) not in seen:
            seen.add((result.kind, result.value.casefold()))
            identifiers.append(result)
    return identifiers, errors
