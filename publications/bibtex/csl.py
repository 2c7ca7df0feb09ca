"""Publications as CSL-JSON, the format Zotero and citeproc processors read."""

from profiles.partial_dates import PartialDate
from publications.models import Publication

from .export import unique_keys

CSL_TYPES = {
    Publication.Type.JOURNAL: "article-journal",
    Publication.Type.CONFERENCE: "paper-conference",
    Publication.Type.WORKSHOP: "paper-conference",
    Publication.Type.PREPRINT: "article",
    Publication.Type.THESIS: "thesis",
    Publication.Type.BOOK: "book",
    Publication.Type.CHAPTER: "chapter",
    Publication.Type.DATASET: "dataset",
    Publication.Type.PATENT: "patent",
    Publication.Type.OTHER: "document",
}


def csl_name(printed):
    """A ``PrintedName`` as a CSL name: its parts (a particle is non-dropping: it stays
    with the family name, as BibTeX prints "von Last"), or a literal for an organisation."""
    if printed.literal or not printed.family:
        return {"literal": printed.name}
    name = {
        "family": printed.family,
        "given": printed.given,
        "non-dropping-particle": printed.particle,
        "suffix": printed.suffix,
    }
    return {key: value for key, value in name.items() if value}


def csl_item(publication, key):
    item = {
        "id": key,
        "citation-key": key,
        "type": CSL_TYPES.get(publication.type, "document"),
        "title": publication.title,
        "author": [csl_name(row.printed) for row in publication.author_list()],
    }
    date = PartialDate.parse(publication.date) if publication.date else None
    if publication.year:
        parts = [publication.year]
        if date and date.month:
            parts.append(date.month)
            if date.day:
                parts.append(date.day)
        item["issued"] = {"date-parts": [parts]}
    venue = publication.venue_full or publication.venue
    if venue:
        item["container-title"] = venue
    if publication.venue and publication.venue_full:
        item["container-title-short"] = publication.venue
    if publication.doi:
        item["DOI"] = publication.doi
    if publication.arxiv and publication.type == Publication.Type.PREPRINT:
        # Zotero's reading of an arXiv preprint; a published paper's publisher is not arXiv.
        item["number"] = f"arXiv:{publication.arxiv}"
        item["publisher"] = "arXiv"
    links = {link.label.casefold(): link.url for link in publication.links.all()}
    url = links.get("paper") or links.get("pdf")
    if url:
        item["URL"] = url
    elif publication.doi:
        item["URL"] = f"https://doi.org/{publication.doi}"
    elif publication.arxiv:
        item["URL"] = f"https://arxiv.org/abs/{publication.arxiv}"
    if publication.abstract:
        item["abstract"] = publication.abstract
    tags = [tag.name for tag in publication.tags.all()]
    if tags:
        item["keyword"] = ", ".join(tags)
    return item


def csl_for_publications(publications):
    """A CSL-JSON list, keys shared with the BibTeX export."""
    publications = list(publications)
    keys = unique_keys(publications)
    return [csl_item(publication, keys[publication.pk]) for publication in publications]
