"""The fast export writes what the one-process export of the live views wrote, byte for byte.

Several processes render the pages (profiles.export.workers), requests are built without
django.test and the paper pages' citation counts are loaded a batch at a time: none of it
may change one byte of an export of the demo profiles.
"""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from profiles.export import render
from profiles.export.exporter import Exporter
from profiles.export.html import export_profile_html, plan_profile
from profiles.export.render import EXPORT_HOST, PageRenderer
from profiles.export.site import export_site, plan_site
from tests.processes import manage, site_environment
from tests.support import demo_slugs, load_demo_profiles


def tree(folder):
    """{relative path: bytes} of every file under ``folder``."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


class _Discard:
    def write(self, name, data):
        pass

    def copy(self, name, source):
        pass


def pages_the_old_way(plan, renderer):
    """{file: bytes} of every page of ``plan`` as the export made them before: each page
    requested on its own (no batch of papers loaded together), the request made by
    django.test's RequestFactory, in this one process."""
    factory = RequestFactory(SERVER_NAME=EXPORT_HOST)
    original = render._get_request
    render._get_request = lambda path: render._ExportRequest(factory.get(path).environ)
    try:
        exporter = Exporter(plan=plan, writer=_Discard(), renderer=renderer)
        return {
            file_path: exporter.render_page(live_path, file_path)[0]
            for live_path, file_path in plan.page_items()
        }
    finally:
        render._get_request = original


@pytest.mark.django_db
def test_the_export_of_each_demo_profile_and_of_the_site_is_what_the_old_path_rendered(
    tmp_path,
):
    profiles = load_demo_profiles()
    assert len(profiles) == 3
    for profile in profiles:
        out = tmp_path / profile.slug
        cache.clear()
        export_profile_html(profile=profile, out=out)
        written = tree(out)

        cache.clear()
        old = pages_the_old_way(plan_profile(profile, base_url=None), PageRenderer())
        assert len(old) > 3
        for file_path, data in old.items():
            assert written[file_path] == data, f"{profile.slug}: {file_path}"

    cache.clear()
    export_site(out=tmp_path / "site")
    written = tree(tmp_path / "site")
    cache.clear()
    renderer = PageRenderer()
    old = pages_the_old_way(plan_site(base_url=None, renderer=renderer), renderer)
    assert sum(file_path.endswith("/index.html") for file_path in old) > 20
    for file_path, data in old.items():
        assert written[file_path] == data, file_path


@pytest.fixture
def demo_site(tmp_path):
    """The demo profiles in a SQLite file, which processes forked by an export can open
    (the tests' in-memory database exists only in this process's connection)."""
    environment = site_environment(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_DIR=tmp_path / "cache",
        MEDIA_ROOT=tmp_path / "media",
    )
    result = manage(environment, "demo", timeout=300)
    assert result.returncode == 0, result.stderr
    return environment


def test_several_processes_write_the_same_bytes_as_one(demo_site, tmp_path):
    runs = {}
    for processes in (1, 3):
        (tmp_path / str(processes)).mkdir()
        for name, args in {
            "site.zip": ["export_site"],
            "site": ["export_site"],
            **{slug: ["export_profile", slug, "--format", "html"] for slug in demo_slugs()},
        }.items():
            out = tmp_path / str(processes) / name
            result = manage(
                demo_site, *args, "--out", str(out), "--processes", str(processes), "-v", "2"
            )
            assert result.returncode == 0, result.stderr
            word = "process." if processes == 1 else "processes."
            assert f"Rendering with {processes} {word}" in result.stdout
            runs[processes, name] = out.read_bytes() if name.endswith(".zip") else tree(out)

    assert len(runs[1, "site"]) > 50
    for (processes, name), output in runs.items():
        assert output == runs[1, name], f"{name} by {processes} processes"
