"""Crossref (api.crossref.org): ``is-referenced-by-count`` of works with a Crossref DOI.

Up to 50 DOIs per request (``filter=doi:a,doi:b``: a repeated filter means "or"), only the
two fields needed (``select``). arXiv ids have DataCite DOIs, which Crossref does not
hold. The contact address goes along as ``mailto`` (Crossref's "polite pool").
"""

from urllib.parse import quote

from django.conf import settings

from .counts import Counted, batches, filter_safe
from .http import Service, SourceError

CROSSREF = Service("Crossref", "https://api.crossref.org", per_second=5)
BATCH = 50


def citation_counts(client, papers):
    """Yield (batch of papers, {pk: Counted} or SourceError) for papers with a DOI."""
    papers = [paper for paper in papers if filter_safe(paper.doi)]
    for batch in batches(papers, BATCH):
        by_doi = {paper.doi.lower(): paper.pk for paper in batch}
        params = {
            "filter": ",".join(f"doi:{doi}" for doi in by_doi),
            "select": "DOI,is-referenced-by-count",
            "rows": BATCH,
        }
        if settings.CONTACT_EMAIL:
            params["mailto"] = settings.CONTACT_EMAIL
        try:
            yield batch, _read(client.get_json("/works", params=params), by_doi)
        except SourceError as error:
            yield batch, error


def _read(body, by_doi):
    try:
        found = {}
        for item in body["message"]["items"]:
            doi = item["DOI"].lower()
            if doi in by_doi:
                found[by_doi[doi]] = Counted(int(item["is-referenced-by-count"]), {})
        return found
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SourceError("Crossref: an answer of unexpected shape (no list of works).") from None


def works(client, dois):
    """{doi (lower case): Crossref's work record, None when Crossref has no such DOI,
    or the SourceError that kept the answer away}, for the import by identifier.

    DOIs that fit a filter are asked for 50 at a time (``filter=doi:a,doi:b``: the same
    records as ``/works/{doi}``, one request instead of fifty); the rare others one by one.
    """
    found = {}
    safe = [doi for doi in dois if filter_safe(doi)]
    for batch in batches(safe, BATCH):
        params = {"filter": ",".join(f"doi:{doi}" for doi in batch), "rows": BATCH}
        if settings.CONTACT_EMAIL:
            params["mailto"] = settings.CONTACT_EMAIL
        try:
            items = _items(client.get_json("/works", params=params))
        except SourceError as error:
            found.update(dict.fromkeys((doi.lower() for doi in batch), error))
            continue
        by_doi = {item["DOI"].lower(): item for item in items}
        found.update({doi.lower(): by_doi.get(doi.lower()) for doi in batch})
    for doi in dois:
        if filter_safe(doi):
            continue
        try:
            body = client.get_json(f"/works/{quote(doi, safe='/')}", missing_ok=True)
            found[doi.lower()] = None if body is None else body["message"]
        except SourceError as error:
            found[doi.lower()] = error
        except (KeyError, TypeError):
            found[doi.lower()] = SourceError("Crossref: an answer of unexpected shape.")
    return found


def _items(body):
    try:
        items = body["message"]["items"]
        if all(isinstance(item, dict) and isinstance(item.get("DOI"), str) for item in items):
            return items
    except (KeyError, TypeError):
        pass
    raise SourceError("Crossref: an answer of unexpected shape (no list of works).")
