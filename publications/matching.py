"""Finding the paper an imported entry is, and what the importing profile may do to it.

Shared by the BibTeX importer and profile bundles, so both match papers the same way and
ask ``publications.permissions`` the same question.
"""

from django.db.models.functions import Lower

from .models import Publication
from .normalize import normalize_title
from .permissions import Access, ImportAccess


class ExistingPapers:
    """``find_existing_publication`` for a whole import at once, with what the profile may
    do to each paper found: five queries, not five per entry. Same rules in the same order:
    DOI, then arXiv id, then title and year, where of several papers with one title the
    profile's own is preferred (so a re-import finds the copy it made, not someone else's).

    ``entries`` have ``doi`` (bare), ``arxiv`` (base id), ``title`` and ``year``;
    ``owner`` is the profile's ``OwnerNames``.
    """

    def __init__(self, entries, profile, owner):
        dois = {data.doi.casefold() for data in entries if data.doi}
        arxiv_ids = {data.arxiv for data in entries if data.arxiv}
        titles = {normalize_title(data.title) for data in entries if data.title}
        papers = Publication.objects.order_by("pk")
        self.by_doi, self.by_arxiv, self.by_title = {}, {}, {}
        if dois:
            for paper in papers.annotate(doi_key=Lower("doi")).filter(doi_key__in=dois):
                self.by_doi.setdefault(paper.doi_key, paper)
        if arxiv_ids:
            for paper in papers.filter(arxiv__in=arxiv_ids):
                self.by_arxiv.setdefault(paper.arxiv, paper)
        if titles:
            for paper in papers.filter(title_key__in=titles):
                self.by_title.setdefault((paper.title_key, paper.year), []).append(paper)
        found = [*self.by_doi.values(), *self.by_arxiv.values()]
        found += [paper for same_title in self.by_title.values() for paper in same_title]
        self.access = ImportAccess(profile, {paper.pk for paper in found}, owner)

    def find(self, data, *, names_owner, taken=()):
        """(paper, what matched, Access), or (None, "", None) for a new paper.

        ``taken``: papers other entries matched; a title match never picks them again.
        """
        matches = [
            (data.doi and self.by_doi.get(data.doi.casefold()), "DOI"),
            (data.arxiv and self.by_arxiv.get(data.arxiv), "arXiv id"),
        ]
        for paper, how in matches:
            if paper:
                return paper, how, self.access.of(paper, entry_names_owner=names_owner)
        same_title = self.by_title.get((normalize_title(data.title), data.year), [])
        ranked = sorted(
            (list(Access).index(self.access.of(paper, entry_names_owner=names_owner)), index)
            for index, paper in enumerate(same_title)
            if paper.pk not in taken
        )
        if not ranked:
            return None, "", None
        paper = same_title[ranked[0][1]]
        return paper, "title and year", self.access.of(paper, entry_names_owner=names_owner)
