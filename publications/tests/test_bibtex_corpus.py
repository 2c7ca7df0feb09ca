"""Every real-world file of the corpus imports without a crash, and every real entry is
either imported or reported with a reason (the README counts the entries)."""

import re

import pytest

from publications.bibtex.importer import RowStatus, apply_import
from publications.models import Publication

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
