"""Citation counts as pages show them: per paper, per profile (total, h-index, per year)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from publications.models import ProfilePublication
from publications.selectors import batch_lookup

from .models import CitationCount, CitationSource

# Which source wins a tie between equal counts.
SOURCE_ORDER = list(CitationSource.values)
# The only source that says in which years a paper was cited.
YEARS_SOURCE = CitationSource.OPENALEX


@dataclass(frozen=True)
class PaperCount:
    """The count a page shows for a paper: the highest among the sources, named."""

    count: int
    source: str

    @property
    def source_label(self):
        return CitationSource(self.source).label


@dataclass
class CitationSummary:
    total: int = 0
    h_index: int = 0
    papers: int = 0  # papers with a count
    by_year: list = field(default_factory=list)  # [(year, citations)], oldest first
    years_source: str = YEARS_SOURCE.label

    def __bool__(self):
        return self.papers > 0


def h_index(counts):
    """The largest h such that h papers have at least h citations each."""
    ranked = sorted(counts, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def attach_citations(papers):
    """Set ``citations`` (a PaperCount or None) on each paper and return the profile's
    CitationSummary. One query for all papers."""
    best, years = {}, {}
    rows = CitationCount.objects.filter(
        publication__in=[paper.pk for paper in papers], count__isnull=False
    ).values_list("publication_id", "source", "count", "by_year")
    for pk, source, count, by_year in rows:
        current = best.get(pk)
        if current is None or (count, -SOURCE_ORDER.index(source)) > (
            current.count,
            -SOURCE_ORDER.index(current.source),
        ):
            best[pk] = PaperCount(count, source)
        if source == YEARS_SOURCE:
            for year, cited in (by_year or {}).items():
                years[int(year)] = years.get(int(year), 0) + cited
    for paper in papers:
        paper.citations = best.get(paper.pk)
    counts = [count.count for count in best.values()]
    return CitationSummary(
        total=sum(counts),
        h_index=h_index(counts),
        papers=len(counts),
        by_year=sorted(years.items()),
    )


def counts_for_paper_page(pk):
    """The sources' counts of paper ``pk`` (one query; one for a whole batch of paper
    pages within ``preloaded_publications``), when a profile listing it shows citations;
    each with when it was read and, after a failed refresh, why."""
    return batch_lookup("citation_counts", pk, _counts_for_papers)


def _counts_for_papers(pks):
    shown = ProfilePublication.objects.filter(
        publication=OuterRef("publication"),
        hidden=False,
        status=ProfilePublication.Status.ACCEPTED,
        profile__show_citations=True,
        profile__is_published=True,
    )
    found = {pk: [] for pk in pks}
    counts = CitationCount.objects.filter(publication__in=list(pks), count__isnull=False)
    for count in counts.filter(Exists(shown)):
        found[count.publication_id].append(count)
    for counts in found.values():
        counts.sort(key=lambda count: SOURCE_ORDER.index(count.source))
    return found
