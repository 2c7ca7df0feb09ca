"""Venue texts to registry keys: one normal form for every spelling of a venue.

``venue_key`` removes what varies between editions and citation styles (case, accents,
punctuation, "Proceedings of the", years, ordinals, volume and part numbers, the
publisher's name before a title), so "Proceedings of the 2020 Conference on Empirical
Methods in Natural Language Processing" and "Conference on Empirical Methods in Natural
Language Processing" share a key. ``candidate_keys`` adds the parts of a long DBLP or
Crossref title that can name a venue alone: its acronym ("…, COCOON 2015, Beijing…"),
a parenthesised acronym ("(CVPR)") and the title before its place and dates.
"""

import re

from publications.normalize import strip_accents

_ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "thirtieth|fortieth|fiftieth|sixtieth"
)
_DROPPED = [
    # Editions: years (also glued to an acronym or abbreviated: ISPA2012, SAC '22), ordinals.
    re.compile(r"(?<=[a-z])(?:19|20)\d\d\b"),
    re.compile(r"\b(?:19|20)\d\d\b"),
    re.compile(r"'\d\d\b"),
    re.compile(r"(?:\b|(?<=[a-z]))\d+\s*(?:st|nd|rd|th)\b"),
    re.compile(rf"\b(?:(?:twenty|thirty|forty|fifty|sixty)[\s-]?)?(?:{_ORDINAL_WORDS})\b"),
    re.compile(r"\b(?:twenty|thirty|forty|fifty|sixty)\b"),
    # An arXiv id after "arXiv preprint" names the paper, not the venue.
    re.compile(r"\barxiv:\s*[\w./-]+"),
    # Volumes and parts of one edition's proceedings; a series' volume (Simulation X).
    re.compile(r"\bvol(?:ume)?\.?\s*\d+\b"),
    re.compile(r"\bpart\s+(?:[ivx]+|\d+)\b"),
    re.compile(r"(?<=\w)\s+[ivx]+\s*$"),
    re.compile(r"\b(?:long|short)(?:\s+and\s+short)?\s+papers\b"),
    re.compile(r"\bmain\s+(?:volume|conference)\b"),
    # Citation-style words around the venue's name.
    re.compile(r"\bproc(?:eedings|eeding|eeedings)?\b\.?(?:\s+of)?(?:\s+the)?"),
    re.compile(r"^(?:in|submitted to|to appear in|accepted (?:at|to|in))\s+"),
    # Publishers printed before the name: "IEEE/CVF Conference on…" is the conference.
    re.compile(r"\b(?:ieee|acm|cvf)\b"),
]
_STOP_WORDS = {"the", "and", "of", "on", "in", "for", "a", "an"}
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Texts that name something other than a venue's main track: a workshop, the Findings,
# a companion volume, a session "at" a conference.
_QUALIFIED = re.compile(r"workshop|findings|companion|@|\bat\b|doctoral|tutorial", re.I)
_PARENTHESES = re.compile(r"\(([^()]{2,40})\)")
# "CCC 2020", "Allerton 2014", "SAC '22", or an acronym alone ("WACV").
_ACRONYM = re.compile(r"^\s*(?:([A-Z][\w&+/\-]*)\s*'?(?:19|20)?\d\d|([A-Z][A-Z0-9&+/\-]+))\s*$")


def venue_key(text):
    """The normal form of a venue text: ``"Proc. AAAI"`` → ``"aaai"``; "" for no name."""
    text = strip_accents(text or "").casefold().replace("&", " and ")
    for pattern in _DROPPED:
        text = pattern.sub(" ", text)
    words = [word for word in _NON_WORD.sub(" ", text).split() if word not in _STOP_WORDS]
    # A number left alone is an edition ("60. Kongress", "CCC 2020 - 35"), not a name.
    words = [word for word in words if not word.isdigit()]
    return " ".join(words)


def is_qualified(text):
    """Whether ``text`` names a workshop, the Findings, a companion… of some venue."""
    return bool(_QUALIFIED.search(text or ""))


def candidate_keys(text):
    """Keys to look up for ``text``, the most specific first, without repeats."""
    text = " ".join((text or "").split())
    keys = [venue_key(text), venue_key(_PARENTHESES.sub(" ", text))]
    segments = [segment.strip() for segment in re.split(r",|\.\s", text)]
    head = _PARENTHESES.sub(" ", segments[0])
    qualified = _QUALIFIED.search(text)
    if qualified:
        # A workshop's or the Findings' own name, never the main conference's parts.
        if _QUALIFIED.search(head):
            keys.append(venue_key(head))
        return [key for key in dict.fromkeys(keys) if key]
    # "CCC 2020", "ACL-IJCNLP 2021": a venue's acronym and the edition's year (DBLP's
    # titles name it after the series' title, which may name something else).
    for segment in segments[1:] if len(segments) > 1 else segments:
        match = _ACRONYM.match(segment)
        if match:
            keys.append(venue_key(match.group(1) or match.group(2)))
    keys.append(venue_key(head))
    keys += [venue_key(inner) for inner in _PARENTHESES.findall(text)]
    # "Computing and Combinatorics - 21st International Conference": either half.
    for separator in (" - ", ": "):
        if separator in head:
            keys += [venue_key(part) for part in head.split(separator)]
    return [key for key in dict.fromkeys(keys) if key]
