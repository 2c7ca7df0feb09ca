"""``manage.py import_bibtex SLUG PATH [--dry-run]``."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from publications.models import Publication

from .bibtex_support import STYLES, song_profile

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_bibtex", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_preview_and_writes_nothing():
    song_profile()
    output = run("zikai-song", str(STYLES / "nasty.bib"), "--dry-run")
    assert "line 14 marks2021: new — new paper — Marks Everywhere in Author Lists" in output
    assert "line 48 marks2021again: duplicate — same paper as line 14 (marks2021)" in output
    assert "line 56 broken2020: error — syntax error" in output
    assert output.strip().endswith(
        "Dry run, nothing written. 9 entries: 7 new, 0 merged, 1 skipped: duplicate, "
        "0 skipped, 1 error; 2 flagged."
    )
    assert not Publication.objects.exists()


def test_import_writes_and_a_second_run_merges():
    profile = song_profile()
    output = run("zikai-song", str(STYLES / "ieee.bib"))
    assert "Imported. 2 entries: 2 new" in output
    assert Publication.objects.listed_on(profile).count() == 2
    output = run("zikai-song", str(STYLES / "ieee.bib"))
    assert "0 new, 2 merged" in output
    assert Publication.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "papers.bib holds no BibTeX entries"),
        (b"\x00\x01\x02binary", "papers.bib is a binary file"),
        (
            b"@misc{x, title=" + b"{" * 5000 + b"}" * 5000 + b"}",
            "papers.bib, line 1: braces nested",
        ),
    ],
)
def test_bad_files_exit_with_a_one_line_reason(tmp_path, content, message):
    song_profile()
    path = tmp_path / "papers.bib"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as error:
        run("zikai-song", str(path))
    assert "\n" not in str(error.value)


def test_an_oversized_file_is_refused_before_reading(tmp_path):
    song_profile()
    path = tmp_path / "huge.bib"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match=re.escape("huge.bib is 50.0 MB; the limit is 5 MB")):
        run("zikai-song", str(path))


def test_unknown_profile_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No profile with the slug “nobody”"):
        run("nobody", str(STYLES / "ieee.bib"))
    song_profile()
    with pytest.raises(CommandError, match="no such file"):
        run("zikai-song", str(tmp_path / "missing.bib"))
