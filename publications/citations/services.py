"""Refreshing citation counts: each source asked in batches, one write per table."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from profiles.invalidation import invalidate_publications
from publications.sources import crossref, openalex, semantic_scholar
from publications.sources.counts import PaperIds
from publications.sources.http import HttpClient, SourceError

from .models import CitationCount, CitationHistory, CitationSource

# Source → (its HTTP service, its batched citation_counts function).
SOURCES = {
    CitationSource.OPENALEX: (openalex.OPENALEX, openalex.citation_counts),
    CitationSource.SEMANTIC_SCHOLAR: (
        semantic_scholar.SEMANTIC_SCHOLAR,
        semantic_scholar.citation_counts,
    ),
    CitationSource.CROSSREF: (crossref.CROSSREF, crossref.citation_counts),
}


def configured_sources():
    unknown = [name for name in settings.CITATION_SOURCES if name not in SOURCES]
    if unknown:
        raise ImproperlyConfigured(
            f"CITATION_SOURCES: unknown source {unknown[0]!r}; known: {', '.join(SOURCES)}."
        )
    return [CitationSource(name) for name in settings.CITATION_SOURCES]


@dataclass
class RefreshReport:
    papers: int = 0
    read: Counter = field(default_factory=Counter)  # source → counts read
    failures: list = field(default_factory=list)  # one line each, as the sources said

    def summary(self):
        if not self.papers:
            return "No paper with a DOI or arXiv id to refresh."
        read = ", ".join(
            f"{CitationSource(source).label} {number}" for source, number in self.read.items()
        )
        text = f"Refreshed citation counts of {self.papers} papers ({read or 'none found'})."
        if self.failures:
            text += " Kept the last counts where a source failed: " + " ".join(self.failures)
        return text


def refresh_citations(publications, *, progress=None, now=None):
    """Read the citation counts of ``publications`` (a queryset) from every configured
    source and store them, with today's point of their history.

    A source that fails leaves that source's last counts as they were (its rows say why
    and when); the others are stored. ``progress(done, total)`` is called per batch.
    """
    now = now or timezone.now()
    papers = [
        PaperIds(*row)
        for row in publications.exclude(doi="", arxiv="").values_list("pk", "doi", "arxiv")
    ]
    report = RefreshReport(papers=len(papers))
    if not papers:
        return report
    sources = configured_sources()
    read, missing = [], []
    steps = [0, len(sources)]
    for source in sources:
        service, citation_counts = SOURCES[source]
        with HttpClient(service) as client:
            for batch, result in citation_counts(client, papers):
                if isinstance(result, SourceError):
                    if str(result) not in report.failures:
                        report.failures.append(str(result))
                    missing += [_row(paper.pk, source, now, error=str(result)) for paper in batch]
                    continue
                for paper in batch:
                    if paper.pk in result:
                        read.append(_row(paper.pk, source, now, counted=result[paper.pk]))
                    else:
                        missing.append(
                            _row(paper.pk, source, now, error=f"Not found at {source.label}.")
                        )
                report.read[source] += len(result)
        steps[0] += 1
        if progress:
            progress(*steps)
    _store(read, missing, now)
    invalidate_publications([paper.pk for paper in papers])
    return report


def _row(pk, source, now, *, counted=None, error=""):
    row = CitationCount(publication_id=pk, source=source, checked_at=now, error=error)
    if counted is not None:
        row.count, row.by_year, row.read_at = counted.count, counted.by_year, now
    return row


def _store(read, missing, now):
    """Three statements whatever the number of papers (in batches of the database's size)."""
    key = ["publication", "source"]
    CitationCount.objects.bulk_create(
        read,
        update_conflicts=True,
        unique_fields=key,
        update_fields=["count", "by_year", "read_at", "checked_at", "error"],
    )
    # A failed or empty answer keeps the last good count; only the attempt is recorded.
    CitationCount.objects.bulk_create(
        missing, update_conflicts=True, unique_fields=key, update_fields=["checked_at", "error"]
    )
    CitationHistory.objects.bulk_create(
        [
            CitationHistory(
                publication_id=row.publication_id,
                source=row.source,
                date=now.date(),
                count=row.count,
            )
            for row in read
        ],
        update_conflicts=True,
        unique_fields=["publication", "source", "date"],
        update_fields=["count"],
    )
