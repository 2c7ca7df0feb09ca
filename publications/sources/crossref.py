"""Crossref (api.crossref.org): ``is-referenced-by-count`` of works with a Crossref DOI.

Up to 50 DOIs per request (``filter=doi:a,doi:b``: a repeated filter means "or"), only the
two fields needed (``select``). arXiv ids have DataCite DOIs, which Crossref does not
hold. The contact address goes along as ``mailto`` (Crossref's "polite pool").
"""

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
