"""Machine-readable descriptions of a paper: schema.org JSON-LD and Highwire meta tags.

Both read ``publication.author_rows`` (see publications.selectors.attach_author_rows).
"""

from .models import Publication
from .presentation import pdf_url

JOURNAL_TYPES = {Publication.Type.JOURNAL}
CONFERENCE_TYPES = {Publication.Type.CONFERENCE, Publication.Type.WORKSHOP}


def scholarly_article(publication, absolute_url):
    """A schema.org ScholarlyArticle with its authors in printed order."""
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": publication.title,
        "name": publication.title,
        "url": absolute_url,
        "author": [{"@type": "Person", "name": row.name} for row in publication.author_rows],
    }
    if publication.date:
        data["datePublished"] = publication.date.isoformat()
    elif publication.year:
        data["datePublished"] = str(publication.year)
    venue = publication.venue_full or publication.venue
    if venue:
        data["isPartOf"] = {"@type": "Periodical" if publication.type in JOURNAL_TYPES else
                            "CreativeWork", "name": venue}  # fmt: skip
    same_as = []
    if publication.doi:
        same_as.append(f"https://doi.org/{publication.doi}")
    if publication.arxiv:
        same_as.append(f"https://arxiv.org/abs/{publication.arxiv}")
    if same_as:
        data["sameAs"] = same_as
    return data


def citation_meta(publication):
    """``[(name, content)]`` Highwire Press tags, as Google Scholar's inclusion guidelines ask."""
    tags = [("citation_title", publication.title)]
    tags += [("citation_author", row.name) for row in publication.author_rows]
    if publication.date:
        date = publication.date
        parts = [f"{date.year:04d}"]
        if date.month:
            parts.append(f"{date.month:02d}")
            if date.day:
                parts.append(f"{date.day:02d}")
        tags.append(("citation_publication_date", "/".join(parts)))
    elif publication.year:
        tags.append(("citation_publication_date", str(publication.year)))
    venue = publication.venue_full or publication.venue
    if venue and publication.type in JOURNAL_TYPES:
        tags.append(("citation_journal_title", venue))
    elif venue and publication.type in CONFERENCE_TYPES:
        tags.append(("citation_conference_title", venue))
    if publication.doi:
        tags.append(("citation_doi", publication.doi))
    if publication.arxiv:
        tags.append(("citation_arxiv_id", publication.arxiv))
    pdf = pdf_url(publication)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    return tags
