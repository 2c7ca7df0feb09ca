"""Shared helpers of the BibTeX tests: the test data folder and the importing researcher."""

from pathlib import Path

from profiles.tests.factories import ProfileFactory

DATA = Path(__file__).parent / "data"
STYLES = DATA / "bibtex"
CORPUS = DATA / "corpus"


def song_profile(**fields):
    """The researcher the style files are written for, with the spellings papers use."""
    return ProfileFactory(
        slug=fields.pop("slug", "zikai-song"),
        name="Zikai Song",
        native_name="宋子恺",
        aliases=["Z. Song", "Song, Zikai"],
        **fields,
    )
