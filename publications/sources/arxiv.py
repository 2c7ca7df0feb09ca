"""The arXiv API (export.arxiv.org/api/query): preprints by id, in Atom.

Up to 50 ids per request (``id_list=a,b,c``); arXiv asks for no more than one request
every three seconds. The Atom is parsed with defusedxml (no entity expansion, no
external entities: the answer comes from the network).
"""

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from .counts import batches
from .http import Service, SourceError

ARXIV = Service("arXiv", "https://export.arxiv.org", per_second=1 / 3)
BATCH = 50
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
ERROR_ID = "arxiv.org/api/errors"


def entries(client, ids):
    """{id as asked (no version): entry dict, None when arXiv has no such paper, or the
    SourceError that kept the answer away}."""
    found = {}
    for batch in batches(ids, BATCH):
        params = {"id_list": ",".join(batch), "max_results": len(batch)}
        try:
            parsed = parse_feed(client.get_text("/api/query", params=params))
        except SourceError as error:
            found.update(dict.fromkeys(batch, error))
            continue
        for arxiv_id in batch:
            found[arxiv_id] = parsed.get(arxiv_id)
    return found


def parse_feed(text):
    """{base id: entry} of an Atom answer; an error entry raises SourceError."""
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException):
        raise SourceError("arXiv: the answer was not Atom XML.") from None
    found = {}
    for entry in root.iter(f"{ATOM}entry"):
        url = _text(entry, f"{ATOM}id")
        if ERROR_ID in url:
            raise SourceError(f"arXiv: {_text(entry, f'{ATOM}summary') or 'an error'}.")
        if "/abs/" not in url:
            continue
        versioned = url.split("/abs/", 1)[1]
        base = versioned.rsplit("v", 1)[0] if _has_version(versioned) else versioned
        primary = entry.find(f"{ARXIV_NS}primary_category")
        found[base] = {
            "id": base,
            "title": _text(entry, f"{ATOM}title"),
            "summary": _text(entry, f"{ATOM}summary"),
            "published": _text(entry, f"{ATOM}published"),
            "authors": [
                " ".join((author.findtext(f"{ATOM}name") or "").split())
                for author in entry.findall(f"{ATOM}author")
            ],
            "doi": _text(entry, f"{ARXIV_NS}doi"),
            "journal_ref": _text(entry, f"{ARXIV_NS}journal_ref"),
            "primary_category": primary.get("term", "") if primary is not None else "",
        }
    return found


def _has_version(versioned):
    head, _, tail = versioned.rpartition("v")
    return bool(head) and tail.isdigit()


def _text(element, tag):
    return " ".join((element.findtext(tag) or "").split())
