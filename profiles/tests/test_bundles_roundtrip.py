"""Export → import into an empty database → export gives identical YAML and media."""

import json
import zipfile
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from profiles.bundles.exporter import write_bundle
from profiles.bundles.importer import import_bundle
from profiles.management.commands.demo import DEMO_DIR, add_placeholder_images
from profiles.models import Profile
from publications.models import Author, Publication, Tag

from .bundle_helpers import write_folder
from .test_bundles_import import FULL, FULL_MEDIA

pytestmark = pytest.mark.django_db

DEMO_SLUGS = sorted(path.name for path in DEMO_DIR.iterdir() if path.is_dir())


def empty_database():
    Publication.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    Profile.objects.all().delete()


def tree(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def as_json_bundle(folder, target):
    """The same bundle with profile.json instead of profile.yaml."""
    files = tree(folder)
    document = yaml.safe_load(files.pop("profile.yaml"))
    return write_folder(target, document, files, fmt="json")


def round_trip(profile, tmp_path, variant):
    slug = profile.slug
    first = tmp_path / ("first.zip" if variant == "zip" else "first")
    write_bundle(profile, first)
    empty_database()
    source = as_json_bundle(first, tmp_path / "json") if variant == "json" else first
    import_bundle(source)
    second = tmp_path / ("second.zip" if variant == "zip" else "second")
    write_bundle(Profile.objects.get(slug=slug), second)
    if variant == "zip":
        assert first.read_bytes() == second.read_bytes()
        with zipfile.ZipFile(second) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    assert tree(first) == tree(second)
    return tree(second)


@pytest.mark.parametrize("variant", ["folder", "zip", "json"])
@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_demo_profile_round_trips_identically(tmp_path, slug, variant):
    profile = import_bundle(DEMO_DIR / slug).profile
    add_placeholder_images(profile)
    files = round_trip(profile, tmp_path, variant)
    assert "media/photo.png" in files
    document = yaml.safe_load(files["profile.yaml"])
    original = yaml.safe_load((DEMO_DIR / slug / "profile.yaml").read_text("utf-8"))
    assert len(document.get("publications", [])) == len(original["publications"])
    assert document["profile"]["name"] == original["profile"]["name"]


@pytest.mark.parametrize("variant", ["folder", "zip"])
def test_bundle_with_every_field_round_trips_identically(tmp_path, variant):
    profile = import_bundle(write_folder(tmp_path / "full", FULL, FULL_MEDIA)).profile
    files = round_trip(profile, tmp_path, variant)
    assert files["media/cv.pdf"] == b"%PDF-1.4 tiny"
    exported = yaml.safe_load(files["profile.yaml"])
    assert exported["profile"]["links"][1] == {"kind": "cv", "url": "media/cv.pdf"}
    assert exported["awards"][0] == {"title": "One", "year": 2020}
    assert exported["services"][0]["venues"] == [
        {"name": "CVPR", "years": [2023, 2024]},
        {"name": "ICCV"},
    ]
    babbage, ada = exported["publications"][0]["authors"]
    assert babbage == {"name": "Charles Babbage", "orcid": "0000-0002-1825-0097"}
    assert ada == {"name": "Ada Lovelace", "me": True, "equal": True, "corresponding": True}


def test_exported_yaml_follows_the_spec_order_and_omits_defaults(tmp_path):
    profile = import_bundle(DEMO_DIR / "zixuan-tang").profile
    write_bundle(profile, tmp_path / "out")
    text = (tmp_path / "out" / "profile.yaml").read_text("utf-8")
    assert text.startswith("format: profile-bundle/1\nprofile:\n  slug: zixuan-tang\n")
    document = yaml.safe_load(text)
    assert list(document) == ["format", "profile", "publications"]
    assert list(document["profile"]) == ["slug", "name"]
    publications = document["publications"]
    assert list(publications[0]) == [
        "title", "authors", "year", "date", "type", "status", "abstract", "tags",
    ]  # fmt: skip
    # Newest first: 2026 papers, then 2025, 2024, 2023.
    assert [item["year"] for item in publications] == [2026, 2026, 2025, 2024, 2023, 2023]
    assert '    date: "2026-04-19"' in text


def test_zip_entries_are_sorted_with_a_fixed_date_and_mode(tmp_path):
    profile = import_bundle(DEMO_DIR / "zikai-song").profile
    add_placeholder_images(profile)
    write_bundle(profile, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names) and "profile.yaml" in names
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o644}


def test_shared_paper_exports_the_coauthor_as_a_profile_link(tmp_path):
    bob = {"format": "profile-bundle/1", "profile": {"slug": "bob", "name": "Bob"}}
    import_bundle(write_folder(tmp_path / "bob", bob))
    Profile.objects.filter(slug="bob").update(accept_claims="everyone")
    ada = dict(FULL, publications=[
        {"title": "Joint", "type": "other", "year": 2020,
         "authors": [{"name": "Ada Lovelace", "me": True}, {"name": "Bob", "profile": "bob"}]},
    ])  # fmt: skip
    import_bundle(write_folder(tmp_path / "ada", ada, FULL_MEDIA))
    write_bundle(Profile.objects.get(slug="bob"), tmp_path / "out")
    exported = yaml.safe_load((tmp_path / "out" / "profile.yaml").read_text("utf-8"))
    assert exported["publications"][0]["authors"] == [
        {"name": "Ada Lovelace", "profile": "ada-lovelace"},
        {"name": "Bob", "me": True},
    ]


def test_export_command_refuses_to_overwrite_without_force(tmp_path):
    import_bundle(DEMO_DIR / "zixuan-tang")
    out = tmp_path / "out"
    call_command("export_profile", "zixuan-tang", "--format", "bundle", "--out", str(out))
    with pytest.raises(CommandError, match="is not empty; use --force"):
        call_command("export_profile", "zixuan-tang", "--out", str(out))
    call_command("export_profile", "zixuan-tang", "--out", str(out), "--force")
    assert (out / "profile.yaml").is_file()


def test_export_command_never_replaces_a_folder_that_is_not_a_bundle(tmp_path):
    import_bundle(DEMO_DIR / "zixuan-tang")
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(CommandError, match="is not a bundle folder"):
        call_command("export_profile", "zixuan-tang", "--out", str(tmp_path), "--force")
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def test_export_command_unknown_slug(tmp_path):
    with pytest.raises(CommandError, match="No profile with slug 'nobody'"):
        call_command("export_profile", "nobody", "--out", str(tmp_path / "x"))


def test_exported_json_is_equivalent_to_exported_yaml(tmp_path):
    profile = import_bundle(DEMO_DIR / "zeqing-wang").profile
    write_bundle(profile, tmp_path / "out")
    document = yaml.safe_load((tmp_path / "out" / "profile.yaml").read_text("utf-8"))
    assert json.loads(json.dumps(document)) == document
