"""Every style of BibTeX people have (Google Scholar, DBLP, al-folio, ACM, IEEE and the
nastiest cases) imports into the expected publications: titles, ordered authors, marks,
venue, year."""

import json

import pytest

from publications.bibtex.importer import apply_import
from publications.models import ProfilePublication, Publication
from publications.normalize import normalize_title

from .bibtex_support import STYLES, song_profile

pytestmark = pytest.mark.django_db

STYLE_NAMES = ["scholar", "dblp", "alfolio", "acm", "ieee", "nasty"]


def expectations(style):
    return json.loads((STYLES / f"{style}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_style_imports_as_expected(style):
    profile = song_profile()
    apply_import(profile, (STYLES / f"{style}.bib").read_text(encoding="utf-8"))
    expected_items = expectations(style)
    assert Publication.objects.count() == len(expected_items)
    owner_author = profile.authors.get()
    for expected in expected_items:
        paper = Publication.objects.get(title_key=normalize_title(expected["title"]))
        ships = list(paper.authorships.select_related("author").order_by("position"))
        assert paper.title == expected["title"]
        # The owner's authorship uses the profile's author, whatever spelling the file had.
        names = list(expected["authors"])
        if expected["owner"] is not None:
            names[expected["owner"]] = profile.name
        assert [ship.author.name for ship in ships] == names, paper.title
        if expected["owner"] is None:
            assert owner_author not in [ship.author for ship in ships]
        else:
            assert ships[expected["owner"]].author == owner_author
        equal = [index for index, ship in enumerate(ships) if ship.equal_contribution]
        corresponding = [index for index, ship in enumerate(ships) if ship.corresponding]
        assert equal == expected.get("equal", []), paper.title
        assert corresponding == expected.get("corresponding", []), paper.title
        assert paper.more_authors == expected.get("more_authors", False)
        assert paper.year == expected["year"]
        assert paper.type == expected["type"]
        for name in ("venue", "venue_full", "doi", "arxiv", "status", "abstract"):
            if name in expected:
                assert getattr(paper, name) == expected[name], (paper.title, name)
        if "date" in expected:
            assert str(paper.date) == expected["date"]
        if "tags" in expected:
            assert sorted(paper.tags.values_list("name", flat=True), key=str.casefold) == sorted(
                expected["tags"], key=str.casefold
            )
        if "links" in expected:
            links = [[link.label, link.url] for link in paper.links.all()]
            assert links == expected["links"]
        listing = ProfilePublication.objects.get(profile=profile, publication=paper)
        assert listing.selected == expected.get("selected", False)
        assert not listing.hidden


def test_owner_found_under_an_initial_is_stored_under_the_profiles_author():
    profile = song_profile()
    apply_import(profile, (STYLES / "scholar.bib").read_text(encoding="utf-8"))
    paper = Publication.objects.get(title__startswith="Transformer tracking")
    assert paper.authorships.get(position=0).author.profile == profile
