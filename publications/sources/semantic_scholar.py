"""Semantic Scholar (api.semanticscholar.org): ``citationCount`` of papers.

Up to 500 ids per ``POST /graph/v1/paper/batch`` (``DOI:…`` or ``ARXIV:…``); the answer
is a list in the same order, ``null`` where the id is unknown. The API key is optional
(SEMANTIC_SCHOLAR_API_KEY); without one, requests share a public pool that answers 429
when busy.
"""

from django.conf import settings

from .counts import Counted, batches
from .http import Service, SourceError

SEMANTIC_SCHOLAR = Service("Semantic Scholar", "https://api.semanticscholar.org", per_second=1)
BATCH = 500


def paper_id(paper):
    return f"DOI:{paper.doi}" if paper.doi else f"ARXIV:{paper.arxiv}"


def citation_counts(client, papers):
    """Yield (batch of papers, {pk: Counted} or SourceError)."""
    headers = (
        {"x-api-key": settings.SEMANTIC_SCHOLAR_API_KEY}
        if settings.SEMANTIC_SCHOLAR_API_KEY
        else None
    )
    for batch in batches(papers, BATCH):
        try:
            body = client.post_json(
                "/graph/v1/paper/batch",
                params={"fields": "citationCount"},
                json={"ids": [paper_id(paper) for paper in batch]},
                headers=headers,
            )
            yield batch, _read(body, batch)
        except SourceError as error:
            yield batch, error


def _read(body, batch):
    if not isinstance(body, list) or len(body) != len(batch):
        raise SourceError("Semantic Scholar: an answer of unexpected shape (not one row per id).")
    try:
        return {
            paper.pk: Counted(int(row["citationCount"]), {})
            for paper, row in zip(batch, body, strict=True)
            if row is not None and row.get("citationCount") is not None
        }
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SourceError("Semantic Scholar: an answer of unexpected shape.") from None
