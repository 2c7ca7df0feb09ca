"""A researcher whose papers the recorded citation answers know (recorded.KNOWN_PAPERS)."""

from profiles.tests.factories import ProfileFactory

from .factories import make_publication
from .recorded import KNOWN_PAPERS


def cited_profile(*, show_citations=True, slug="cited", names=None):
    """A published profile listing one paper per known identifier, titled by its key."""
    profile = ProfileFactory(slug=slug, name="Ada Cited", show_citations=show_citations)
    papers = {}
    for key in KNOWN_PAPERS if names is None else names:
        ids = KNOWN_PAPERS[key]
        papers[key] = make_publication(
            authors=[profile, "B. Colleague"],
            title=f"Paper {key}",
            doi=ids.get("doi", ""),
            arxiv=ids.get("arxiv", ""),
            year=2020,
        )
    return profile, papers
