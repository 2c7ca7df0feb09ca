"""Imports running at the same time write what one import would: no duplicate papers,
authors or tags, no traceback, and a preview is confirmed once.

Real processes with their own database connections race (``concurrent_steps.py``). On
PostgreSQL they share the test database (committed: ``transactional_db``); SQLite's test
database belongs to the test run, so the SQLite variant races on a database file made for
the test. CI's SQLite run has the SQLite variant; its PostgreSQL run has both.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from profiles.tests.bundle_helpers import document, paper, write_folder

# Committed data, so that the child processes see it (PostgreSQL); flushed after each test.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
OWNER = ("zikai", "zikai-song", "Zikai Song")
FIRST = ["Ann", "Bo", "Chen", "Dara", "Eli", "Fay", "Gus", "Hana"]
LAST = ["Lee", "Moss", "Nagy", "Ortiz", "Park"]
COAUTHORS = [f"{last}, {first}" for first in FIRST for last in LAST]  # 40 people
KEYWORDS = [f"topic {n}" for n in range(15)]
ME_ADA = {"name": "Ada Lovelace", "me": True}


def bib(entries=300, *, title="Concurrent Paper", start=0):
    """A .bib whose entries share 40 co-authors and 15 keywords; half carry a DOI."""
    parts = []
    for n in range(start, start + entries):
        authors = " and ".join(["Song, Zikai", COAUTHORS[n % 40], COAUTHORS[(n * 7 + 3) % 40]])
        doi = f"  doi = {{10.1000/race.{n}}},\n" if n % 2 else ""
        keywords = ", ".join({KEYWORDS[n % 15], KEYWORDS[(n + 4) % 15]})
        parts.append(
            f"@inproceedings{{p{n},\n  title = {{{title} {n}}},\n  author = {{{authors}}},\n"
            f"  booktitle = {{Proc. Races}},\n  year = {{{2020 + n % 5}}},\n{doi}"
            f"  keywords = {{{keywords}}},\n}}\n"
        )
    return "".join(parts)


class Database:
    """A database the test and its child processes all reach."""

    def __init__(self, url):
        self.url = url
        self.env = {**os.environ, "DATABASE_URL": url, "ALLOWED_HOSTS": "testserver"}
        self.env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    def start(self, *args):
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args):
        process = self.start(*args)
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]
        return out

    def step(self, *args):
        return json.loads(self.run("-m", "tests.security.concurrent_steps", *args).splitlines()[-1])

    def together(self, *commands, go_file=None):
        """Start every command at once; (returncode, stdout, stderr) of each."""
        processes = [self.start(*command) for command in commands]
        if go_file:
            time.sleep(2)  # each has logged in and waits for the signal
            Path(go_file).touch()
        results = []
        for process in processes:
            out, err = process.communicate(timeout=300)
            results.append((process.returncode, out, err))
        return results


def pytest_generate_tests(metafunc):
    # The PostgreSQL variant races on the PostgreSQL test database, so it exists only in
    # the PostgreSQL run; the SQLite-file variant runs in both.
    if "database_kind" in metafunc.fixturenames:
        kinds = ["sqlite-file"]
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            kinds.insert(0, "postgresql")
        metafunc.parametrize("database_kind", kinds)


@pytest.fixture
def database(database_kind, tmp_path):
    if database_kind == "postgresql":
        settings_dict = connection.settings_dict
        url = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )
        return Database(url)
    database = Database(f"sqlite:///{tmp_path / 'race.sqlite3'}")
    database.run("manage.py", "migrate", "--noinput", "-v0")
    return database


def import_command(path, slug=OWNER[1]):
    return ["manage.py", "import_bibtex", slug, str(path)]


def test_two_imports_of_one_file_at_once_write_it_once(database, tmp_path):
    path = tmp_path / "papers.bib"
    path.write_text(bib(300), encoding="utf-8")
    database.step("create_profile", *OWNER)
    results = database.together(import_command(path), import_command(path))
    for returncode, _, err in results:
        assert returncode == 0, err[-3000:]
        assert "Traceback" not in err
    summaries = sorted(out.strip().splitlines()[-1] for _, out, _ in results)
    assert summaries[0].startswith("Imported. 300 entries: 0 new, 300 merged")
    assert summaries[1].startswith("Imported. 300 entries: 300 new, 0 merged")
    assert database.step("counts") == {
        "papers": 300,
        "authors": 41,
        "duplicate_author_names": 0,
        "tags": 15,
        "authorships": 900,
        "listings": 300,
    }


def test_imports_onto_two_profiles_at_once_share_their_keywords_without_a_traceback(
    database, tmp_path
):
    first, second = tmp_path / "first.bib", tmp_path / "second.bib"
    first.write_text(bib(150, title="First Lab"), encoding="utf-8")
    second.write_text(bib(150, title="Second Lab", start=1000), encoding="utf-8")
    database.step("create_profile", *OWNER)
    database.step("create_profile", "wei", "wei-yang", "Wei Yang")
    results = database.together(import_command(first), import_command(second, "wei-yang"))
    for returncode, _, err in results:
        assert returncode == 0, err[-3000:]
        assert "Traceback" not in err and "IntegrityError" not in err
    found = database.step("counts")
    assert (found["papers"], found["tags"], found["listings"]) == (300, 15, 300)


def test_a_preview_confirmed_twice_at_once_is_imported_once(database, tmp_path):
    path = tmp_path / "papers.bib"
    path.write_text(bib(100), encoding="utf-8")
    database.step("create_profile", *OWNER)
    shown = database.step("preview", OWNER[0], OWNER[1], str(path))
    go = tmp_path / "go"
    confirm = ["-m", "tests.security.concurrent_steps", "confirm", shown["session"]]
    results = database.together(
        [*confirm, shown["token"], str(go)], [*confirm, shown["token"], str(go)], go_file=go
    )
    messages = []
    for returncode, out, err in results:
        assert returncode == 0, err[-3000:]
        messages += json.loads(out.splitlines()[-1])["messages"]
    assert sorted(message.split(".")[0] for message in messages) == [
        "Imported onto Zikai Song’s page",
        "This preview is no longer available; upload the file again",
    ]
    found = database.step("counts")
    assert (found["papers"], found["listings"], found["duplicate_author_names"]) == (100, 100, 0)


def test_a_bundle_and_a_bibtex_import_at_once_share_one_paper(database, tmp_path):
    # Ada's bundle and Zikai's .bib name one paper (one DOI): whichever is first creates
    # it; the other, planned after it, links its own name on it instead of a second copy.
    shared = {"doi": "10.1000/race.shared"}
    papers = [paper(f"Ada {n}", ME_ADA, tags=KEYWORDS[:5]) for n in range(100)]
    papers.append(paper("Shared Race", ME_ADA, "Zikai Song", **shared))
    folder = write_folder(tmp_path / "ada", document(publications=papers))
    path = tmp_path / "papers.bib"
    path.write_text(
        bib(100) + "@article{shared, title = {Shared Race}, author = {Lovelace, Ada and "
        "Song, Zikai}, year = {2024}, doi = {10.1000/race.shared}}\n",
        encoding="utf-8",
    )
    database.step("create_profile", *OWNER)
    results = database.together(["manage.py", "import_profile", str(folder)], import_command(path))
    for returncode, _, err in results:
        assert returncode == 0, err[-3000:]
    found = database.step("counts")
    assert (found["papers"], found["tags"]) == (201, 15)
    # The shared paper is on both pages, once.
    assert found["listings"] == 202


def test_one_new_bundle_imported_twice_at_once_is_created_once(database, tmp_path):
    folder = write_folder(tmp_path / "ada", document(publications=[paper("P", ME_ADA)]))
    command = ["manage.py", "import_profile", str(folder)]
    results = sorted(database.together(command, command))
    assert [returncode for returncode, _, _ in results] == [0, 1]
    error = results[1][2].strip()
    assert error.endswith(
        "profile.slug: a profile 'ada-lovelace' already exists; use --replace to replace its "
        "content"
    )
    assert "Traceback" not in error and "\n" not in error
    assert database.step("counts")["papers"] == 1
