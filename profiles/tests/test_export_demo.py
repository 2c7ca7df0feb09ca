"""The export of every demo profile: same text as the live pages, valid, self-contained."""

import pytest

from profiles.export.html import export_profile_html, plan_profile
from profiles.export.site import export_site
from profiles.tests.export_checks import (
    folder_bytes,
    server_names_in,
    visible_text,
    walk_references,
)
from publications.models import Publication
from tests.harness import format_html_errors, validate_files
from tests.support import load_demo_profiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_profiles():
    return load_demo_profiles()


def test_every_demo_export_reads_exactly_like_the_live_site(demo_profiles, tmp_path, client):
    assert len(demo_profiles) == 3
    for profile in demo_profiles:
        out = tmp_path / profile.slug
        export_profile_html(profile=profile, out=out)
        pages = {
            live_path: file_path
            for live_path, file_path in plan_profile(profile, base_url=None).page_items()
            if file_path.endswith(".html")
        }

        assert len(pages) == 2 + Publication.objects.listed_on(profile).count()
        assert sorted(pages.values()) == sorted(
            str(path.relative_to(out)) for path in out.rglob("*.html")
        )
        for live_path, file_path in pages.items():
            live = client.get(live_path).content.decode()
            exported = (out / file_path).read_text()
            assert visible_text(exported) == visible_text(live), f"{profile.slug}: {live_path}"


def test_every_demo_export_is_self_contained_and_names_no_server(demo_profiles, tmp_path):
    for profile in demo_profiles:
        out = tmp_path / profile.slug
        export_profile_html(profile=profile, out=out)

        assert walk_references(out) == [], profile.slug
        assert server_names_in(out) == [], profile.slug
        if profile.email:
            for name, data in folder_bytes(out).items():
                assert profile.email.encode() not in data, f"{profile.slug}: {name}"


def test_every_exported_page_is_valid_html(demo_profiles, tmp_path):
    for profile in demo_profiles:
        export_profile_html(profile=profile, out=tmp_path / profile.slug)
    export_site(out=tmp_path / "site")

    errors = validate_files(sorted(tmp_path.rglob("*.html")))
    assert not any(errors.values()), format_html_errors(errors)


def test_demo_site_export_links_coauthors_inside_the_site_and_twice_is_identical(
    demo_profiles, tmp_path, client
):
    export_site(out=tmp_path / "one.zip")
    export_site(out=tmp_path / "two.zip")
    export_site(out=tmp_path / "site", base_url="https://lab.example.org/people/")

    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    site = tmp_path / "site"
    assert visible_text((site / "index.html").read_text()) == visible_text(
        client.get("/").content.decode()
    )
    assert walk_references(site) == []
    assert server_names_in(site) == []
    for profile in demo_profiles:
        assert (site / profile.slug / "index.html").is_file()
    links_to_profiles = {
        slug
        for page in (site / "papers").rglob("index.html")
        for slug in (profile.slug for profile in demo_profiles)
        if f'href="../../{slug}/index.html"' in page.read_text()
    }
    assert len(links_to_profiles) >= 2, "co-authors on the site are linked inside the export"
    assert (
        "<loc>https://lab.example.org/people/zikai-song/</loc>"
        in (site / "sitemap.xml").read_text()
    )
