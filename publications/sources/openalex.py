"""OpenAlex (api.openalex.org): ``cited_by_count`` and ``counts_by_year`` of works.

Up to 50 DOIs per request with the OR filter ``doi:a|b|…`` (what OpenAlex recommends
instead of one request per work). arXiv preprints are looked up by their DataCite DOI
10.48550/arXiv.<id>. OpenAlex asks for an API key (OPENALEX_API_KEY; free), without which
the daily budget is tiny.
"""

from django.conf import settings

from .counts import Counted, batches, filter_safe
from .http import Service, SourceError

OPENALEX = Service("OpenAlex", "https://api.openalex.org", per_second=10)
BATCH = 50
DOI_PREFIX = "https://doi.org/"


def doi_of(paper):
    return paper.doi.lower() if paper.doi else f"10.48550/arxiv.{paper.arxiv}".lower()


def citation_counts(client, papers):
    """Yield (batch of papers, {pk: Counted} or SourceError) for the papers OpenAlex can find."""
    papers = [paper for paper in papers if filter_safe(doi_of(paper))]
    for batch in batches(papers, BATCH):
        by_doi = {doi_of(paper): paper.pk for paper in batch}
        params = {
            "filter": "doi:" + "|".join(by_doi),
            "select": "id,doi,cited_by_count,counts_by_year",
            "per-page": BATCH,
        }
        if settings.OPENALEX_API_KEY:
            params["api_key"] = settings.OPENALEX_API_KEY
        if settings.CONTACT_EMAIL:
            params["mailto"] = settings.CONTACT_EMAIL
        try:
            yield batch, _read(client.get_json("/works", params=params), by_doi)
        except SourceError as error:
            yield batch, error


def _read(body, by_doi):
    try:
        found = {}
        for work in body["results"]:
            doi = (work.get("doi") or "").removeprefix(DOI_PREFIX).lower()
            if doi in by_doi:
                years = {
                    int(row["year"]): int(row["cited_by_count"])
                    for row in work.get("counts_by_year") or []
                }
                found[by_doi[doi]] = Counted(int(work["cited_by_count"]), years)
        return found
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SourceError("OpenAlex: an answer of unexpected shape (no list of works).") from None
