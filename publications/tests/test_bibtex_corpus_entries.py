"""The real-world corpus entry by entry: names as printed (with their parts), marks, titles
with text macros and escaped LaTeX, identifiers from URL fields (issue 17)."""

import pytest

from profiles.tests.factories import ProfileFactory
from profiles.tests.page_helpers import get_page
from publications.bibtex.importer import RowStatus, apply_import

from .bibtex_support import CORPUS

pytestmark = pytest.mark.django_db

EQUAL, CORRESPONDING, ME = "equal contribution", "corresponding author", "me"

# file, key → what the page shows: title, authors as printed, marks (and "me" for the
# owner) of each author by position, and identifiers.
ENTRIES = {
    ("20001LastOrder__boqi-chen.github.io__papers.bib", "lopez2024inter"): {
        "title": "On inter-dataset code duplication and data leakage in large language models",
        "authors": [
            "José Antonio Hernández López",
            "Boqi Chen",
            "Mootez Saad",
            "Tushar Sharma",
            "Dániel Varró",
        ],
    },
    ("4C-multiphysics__website__papers.bib", "Köglmeier2026"): {
        "authors": [
            "Lea J. Köglmeier",
            "Barbara Wirthl",
            "Carolin M. Eichinger",
            "Buğrahan Z. Temür",
            "Wolfgang A. Wall",
        ],
        "doi": "10.1007/s10237-026-02064-8",
    },
    # "Wall, W.A.," with a stray comma: W.A. are his given names, not a suffix.
    ("4C-multiphysics__website__papers.bib", "gravemeier.wall.ea_2004_three-level"): {
        "authors": ["V. Gravemeier", "W.A. Wall", "E. Ramm"],
    },
    ("jstueckler__jstueckler.github.io__publications.bib", "kreber2025_physnap"): {
        "authors": ["Jens U. Kreber", "Joerg Stueckler"],
        "arxiv": "2508.00558",  # from preprint_url
    },
    ("nutanlimaye__nutanlimaye.github.io__dblp-withcrossref.bib", "DBLP:conf/fsttcs/Limaye0T19"): {
        "title": "More on AC^0[oplus] and Variants of the Majority Function",
    },
    (
        "nutanlimaye__nutanlimaye.github.io__dblp-withcrossref.bib",
        "DBLP:journals/siamcomp/LimayeSSTV21",
    ): {
        # DBLP's escaped LaTeX source ({\textdollar}{\textbackslash}mathrm\{AC\}…) as math.
        "title": "A Fixed-Depth Size-Hierarchy Theorem for AC⁰[⊕] via the Coin Problem",
        "authors": [
            "Nutan Limaye",
            "Karteek Sreenivasaiah",
            "Srikanth Srinivasan",
            "Utkarsh Tripathi",
            "S. Venkitesh",
        ],
    },
    ("42Shawn__42Shawn.github.io__papers.bib", "Yuan_2024_ECAR"): {
        "authors": [
            "Zhihang Yuan",
            "Yuzhang Shang",
            "Hanling Zhang",
            "Tongcheng Fang",
            "Rui Xie",
            "Bingxin Xu",
            "Yan Yan",
            "Shengen Yan",
            "Guohao Dai",
            "Yu Wang",
        ],
        "marks": {0: {EQUAL}, 1: {EQUAL}},
        "arxiv": "2412.14170",
    },
    ("0010SS__0010ss.github.io__papers.bib", "fu2024anyhome"): {
        "authors": ["Zehao Wen", "Zichen Liu", "Srinath Sridhar", "Rao Fu"],
        "marks": {0: {EQUAL}, 1: {EQUAL}, 3: {EQUAL, CORRESPONDING}},
    },
    # Equal contribution said in the note, not on the names.
    ("201younghanlee__201younghanlee.github.io__papers.bib", "kim2023exploring"): {
        "authors": ["Hyunjun Kim", "Yungi Cho", "Younghan Lee", "Ho Bae", "Yunheung Paek"],
        "marks": {0: {EQUAL}, 1: {EQUAL}},
    },
    # biblatex "author+an = {2=me}": the owner is the second author, whatever the name.
    ("AlexandreAmice__AlexandreAmice.github.io__cite.bib", "chamon2019matroid"): {
        "authors": ["Luiz F.O. Chamon", "Alexandre Amice", "Alejandro Ribeiro"],
        "marks": {1: {ME}},
    },
    ("tusharkhot__tusharkhot.github.io__publications.bib", "khot2011learning"): {
        "authors": ["Tushar Khot", "Sriraam Natarajan", "Kristian Kersting", "Jude Shavlik"],
    },
    ("25sal__25sal__papers.bib", "11591_526410"): {
        "authors": [
            "A. Esposito",
            "R. Aversa",
            "E. Barbierato",
            "M. C. Calzarossa",
            "B. Di Martino",
            "L. Massari",
            "I. G. Mongiardo",
            "D. Tessera",
            "S. Venticinque",
            "L. Zanussi",
            "R. Zieni",
        ],
        "doi": "10.1007/978-3-031-57931-8_25",
    },
}
# Name parts that splitting the printed name again would get wrong.
PARTS = {
    ("4C-multiphysics__website__papers.bib", "Hervas-Raluy2023"): {
        "Jaime Font de Mora Sainz": ("Jaime Font", "", "de Mora Sainz", ""),
        "Gil Robalo Rei": ("Gil", "", "Robalo Rei", ""),
    },
    ("25sal__25sal__papers.bib", "11591_526410"): {"B. Di Martino": ("B.", "", "Di Martino", "")},
}


def imported(name, owner="Corpus Owner"):
    profile = ProfileFactory(slug="owner", name=owner)
    plan = apply_import(profile, (CORPUS / name).read_text(encoding="utf-8"), filename=name)
    return profile, plan


def paper_of(plan, key):
    return next(row.existing for row in plan.rows if row.key == key)


def article_of(client, profile, paper):
    page = get_page(client, f"/{profile.slug}/publications/")
    return page.select_one(f"#pub-{paper.pk}")


@pytest.mark.parametrize(("name", "key"), list(ENTRIES), ids=[key for _, key in ENTRIES])
def test_corpus_entry_shows_as_printed(client, name, key):
    expected = ENTRIES[name, key]
    profile, plan = imported(name)
    paper = paper_of(plan, key)
    article = article_of(client, profile, paper)
    if "title" in expected:
        assert article.select_one(".pub-title").get_text(strip=True) == expected["title"]
    names, marks = [], {}
    for position, span in enumerate(article.select(".pub-authors .author")):
        kinds = {sup["title"] for sup in span.select("sup.mark")}
        kinds |= {ME} if "author-self" in span["class"] else set()
        if kinds:
            marks[position] = kinds
        for sup in span.select("sup"):
            sup.decompose()
        names.append(span.get_text("", strip=True))
    if "authors" in expected:
        assert names == expected["authors"]
    assert marks == expected.get("marks", {})
    for identifier in ("doi", "arxiv"):
        if identifier in expected:
            assert getattr(paper, identifier) == expected[identifier]


@pytest.mark.parametrize(("name", "key"), list(PARTS), ids=[key for _, key in PARTS])
def test_corpus_name_parts_are_kept(name, key):
    _, plan = imported(name)
    ships = paper_of(plan, key).authorships.all()
    parts = {ship.name: (ship.given, ship.particle, ship.family, ship.suffix) for ship in ships}
    for printed, expected in PARTS[name, key].items():
        assert parts[printed] == expected


@pytest.mark.parametrize("name", sorted(path.name for path in CORPUS.glob("*.bib")))
def test_every_corpus_paper_keeps_each_name_as_its_entry_prints_it(name):
    """No paper takes another entry's spelling of a co-author (the same person)."""
    _, plan = imported(name)
    for row in plan.rows:
        if row.status != RowStatus.NEW:
            continue
        stored = list(
            row.existing.authorships.values_list(
                "name", "given", "particle", "family", "suffix", "literal"
            )
        )
        printed = [person.printed for person in row.data.authors]
        assert stored == [
            (p.name, p.given, p.particle, p.family, p.suffix, p.literal) for p in printed
        ], row.key
