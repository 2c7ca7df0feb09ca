"""The ORCID public API v3.0: a record's works.

``/v3.0/{orcid}/works`` gives each work's summary (title, type, date, journal title,
identifiers) but no authors; ``/v3.0/{orcid}/works/{put-codes}`` (up to 100 at a time)
gives whole works, whose contributors or BibTeX citation name them. ORCID allows 24
requests a second to the public API; this site keeps to 12.
"""

from .counts import batches
from .http import Service, SourceError

ORCID = Service("ORCID", "https://pub.orcid.org", per_second=12)
BULK = 100
ACCEPT = {"Accept": "application/json"}


def work_summaries(client, orcid):
    """The record's works, one summary per group (ORCID groups a work's versions from
    several sources; the preferred one, first, stands for the group); None when ORCID
    has no such record."""
    body = client.get_json(f"/v3.0/{orcid}/works", headers=ACCEPT, missing_ok=True)
    if body is None:
        return None
    try:
        return [group["work-summary"][0] for group in body["group"] if group["work-summary"]]
    except (KeyError, TypeError, IndexError):
        raise SourceError("ORCID: an answer of unexpected shape (no list of works).") from None


def full_works(client, orcid, put_codes):
    """{put-code: whole work} of the record's works asked for; a work ORCID does not
    return is left out."""
    found = {}
    for batch in batches(put_codes, BULK):
        path = f"/v3.0/{orcid}/works/{','.join(str(code) for code in batch)}"
        body = client.get_json(path, headers=ACCEPT)
        try:
            for item in body["bulk"]:
                work = item.get("work")
                if work:
                    found[int(work["put-code"])] = work
        except (KeyError, TypeError, ValueError, AttributeError):
            raise SourceError("ORCID: an answer of unexpected shape (no bulk works).") from None
    return found
