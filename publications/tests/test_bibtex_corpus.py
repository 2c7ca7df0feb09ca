"""Every real-world file of the corpus imports without a crash, and every real entry is
either imported or reported with a reason (the README counts the entries)."""

import re

import pytest

from profiles.tests.factories import ProfileFactory
from publications.bibtex.importer import RowStatus, apply_import
from publications.models import Author, Publication

from .bibtex_support import CORPUS, song_profile

pytestmark = pytest.mark.django_db


def readme_counts():
    """file name → entry count, from the corpus README's table."""
    counts = {}
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 6 and cells[1].endswith(".bib") and re.fullmatch(r"\d+", cells[5]):
            counts[cells[1]] = int(cells[5])
    return counts


COUNTS = readme_counts()


def test_the_readme_lists_every_corpus_file():
    assert sorted(COUNTS) == sorted(path.name for path in CORPUS.glob("*.bib"))
    assert len(COUNTS) == 15


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_every_entry_is_imported_or_reported(name):
    profile = song_profile()
    plan = apply_import(profile, (CORPUS / name).read_text(encoding="utf-8"), filename=name)
    assert len(plan.rows) == COUNTS[name]
    for row in plan.rows:
        assert row.status in RowStatus.values
        assert row.line >= 1
        if row.status != RowStatus.NEW:
            assert row.reason, row
    assert Publication.objects.count() == plan.count(RowStatus.NEW)
    assert plan.count(RowStatus.ERROR) == 0


def marks(paper):
    return [
        (ship.author.name, ship.equal_contribution, ship.corresponding)
        for ship in paper.authorships.select_related("author").order_by("position")
    ]


def test_real_world_marks_land_on_the_right_people():
    shang = ProfileFactory(slug="yuzhang-shang", name="Yuzhang Shang")
    apply_import(shang, (CORPUS / "42Shawn__42Shawn.github.io__papers.bib").read_text())
    ecar = Publication.objects.get(arxiv="2412.14170")
    assert marks(ecar)[:3] == [
        ("Zhihang Yuan", True, False),
        ("Yuzhang Shang", True, False),
        ("Hanling Zhang", False, False),
    ]
    assert ecar.authorships.get(position=1).author.profile == shang

    wen = ProfileFactory(slug="zehao-wen", name="Zehao Wen")
    plan = apply_import(wen, (CORPUS / "0010SS__0010ss.github.io__papers.bib").read_text())
    anyhome = Publication.objects.get(title__startswith="AnyHome")
    assert marks(anyhome) == [
        ("Zehao Wen", True, False),
        ("Zichen Liu", True, False),
        ("Srinath Sridhar", False, False),
        ("Rao Fu", True, True),
    ]
    video = Publication.objects.get(title__startswith="Interpolating Video-LLMs")
    assert video.type == Publication.Type.PREPRINT and video.arxiv == "2409.12963"
    assert marks(video)[:2] == [("Yuzhang Shang", True, False), ("Bingxin Xu", True, False)]
    assert video.listings.filter(profile=wen).exists()
    assert all(row.status == RowStatus.NEW for row in plan.rows)


def test_real_world_accents_years_and_repeated_keys():
    profile = song_profile()
    plan = apply_import(
        profile, (CORPUS / "tusharkhot__tusharkhot.github.io__publications.bib").read_text()
    )
    no_year = [row for row in plan.rows if "no year: imported as a preprint" in row.flags]
    assert len(no_year) == 6
    assert Publication.objects.filter(year__isnull=True, status="preprint").count() == 6

    plan = apply_import(
        profile, (CORPUS / "2jungeuni__2jungeuni.github.io__papers.bib").read_text()
    )
    # One key on two different papers: both are imported, and the key is flagged.
    repeated = [row for row in plan.rows if row.key == "hhnoh2018beamforming"]
    assert [row.status for row in repeated] == [RowStatus.NEW, RowStatus.NEW]
    assert "the key hhnoh2018beamforming is used twice in the file" in repeated[1].flags
    # The template's two "Manuscript under double-blind review" placeholders are one paper.
    [duplicate] = [row for row in plan.rows if row.status == RowStatus.DUPLICATE]
    assert (duplicate.key, duplicate.reason) == (
        "shkim2026stomp",
        "same paper as line 151 (jelee2026qmixa)",
    )
    assert not Publication.objects.filter(title__icontains="relativity").exists()

    apply_import(profile, (CORPUS / "20001LastOrder__boqi-chen.github.io__papers.bib").read_text())
    assert Author.objects.filter(name="José Antonio Hernández López").exists()
    assert Author.objects.filter(name="Dániel Varró").exists()
