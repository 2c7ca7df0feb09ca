"""With the embedded defaults (SQLite, no Redis), a change made by a command shows on the
next request to a server that is already running and has the page cached."""

import sys

import pytest
import yaml

from tests.processes import fetch, free_port, manage, server, site_environment

BIBTEX = """@inproceedings{late2026,
  title = {A Paper Imported From The Command Line},
  author = {Ada Across and Bo Other},
  booktitle = {CVPR},
  year = {2026},
}
"""


def write_bundle(folder, headline):
    folder.mkdir(exist_ok=True)
    bundle = {
        "format": "profile-bundle/1",
        "profile": {"slug": "ada-across", "name": "Ada Across", "headline": headline},
    }
    (folder / "profile.yaml").write_text(yaml.safe_dump(bundle), encoding="utf-8")
    return folder


@pytest.fixture
def site(tmp_path):
    """A fresh embedded site (SQLite file, version files) with one profile imported."""
    environment = site_environment(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_DIR=tmp_path / "cache",
        MEDIA_ROOT=tmp_path / "media",
    )
    for args in (("migrate",), ("import_profile", str(write_bundle(tmp_path / "v1", "Student")))):
        result = manage(environment, *args)
        assert result.returncode == 0, result.stderr
    return environment


def page(base, path="/ada-across/"):
    status, _, body = fetch(base + path)
    assert status == 200
    return body.decode()


def test_a_running_server_shows_changes_made_by_other_processes_at_once(site, tmp_path):
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with server(command, site, port=port) as base:
        assert "Student" in page(base)
        assert "Student" in page(base)  # served from this process's cache

        bundle = write_bundle(tmp_path / "v2", "Professor")
        result = manage(site, "import_profile", "--replace", str(bundle))
        assert result.returncode == 0, result.stderr
        assert "Professor" in page(base)

        (tmp_path / "new.bib").write_text(BIBTEX, encoding="utf-8")
        result = manage(site, "import_bibtex", "ada-across", str(tmp_path / "new.bib"))
        assert result.returncode == 0, result.stderr
        assert "A Paper Imported From The Command Line" in page(base)
        assert "A Paper Imported From The Command Line" in page(base, "/ada-across/publications/")
