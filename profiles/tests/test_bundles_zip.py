"""Zipped bundles: both layouts load; archives that could escape or explode are refused."""

import stat
import zipfile

import pytest

from profiles.bundles import reader
from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError
from profiles.models import Profile

from .bundle_helpers import document, png, write_zip, yaml_bytes

pytestmark = pytest.mark.django_db

PROFILE_YAML = yaml_bytes(document(profile={"photo": "media/photo.png"}))


def refused(path, match):
    with pytest.raises(BundleError, match=match):
        import_bundle(path)
    assert Profile.objects.count() == 0


def test_zip_with_bundle_at_its_root_imports(tmp_path):
    path = write_zip(tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML, "media/photo.png": png()})
    profile = import_bundle(path).profile
    assert profile.photo.name.startswith("photos/photo")


def test_zip_with_bundle_in_one_top_folder_imports(tmp_path):
    path = write_zip(
        tmp_path / "b.zip",
        {"ada/profile.yaml": PROFILE_YAML, "ada/media/photo.png": png()},
    )
    assert import_bundle(path).profile.slug == "ada-lovelace"


def test_zip_made_by_macos_finder_imports(tmp_path):
    # Finder's "Compress" adds resource forks under __MACOSX/ and .DS_Store files.
    path = write_zip(
        tmp_path / "b.zip",
        {
            "ada/profile.yaml": PROFILE_YAML,
            "ada/media/photo.png": png(),
            "ada/.DS_Store": b"\0\0\0\1Bud1",
            "__MACOSX/ada/._profile.yaml": b"\0\5\26\7",
            "__MACOSX/ada/media/._photo.png": b"\0\5\26\7",
            ".": b"",  # odd, but seen: an entry for the archive's own folder
        },
    )
    assert import_bundle(path).profile.photo.name.startswith("photos/photo")


def test_zip_without_a_profile_document_is_refused(tmp_path):
    path = write_zip(tmp_path / "b.zip", {"a/profile.yaml": b"", "b/readme.txt": b"hi"})
    refused(path, "no profile.yaml or profile.json at the root of the archive")


def test_entry_escaping_the_bundle_is_refused(tmp_path):
    path = write_zip(tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML, "../evil.txt": b"x"})
    refused(path, r"the entry '\.\./evil\.txt' leaves the bundle folder")


def test_entry_escaping_from_a_subfolder_is_refused(tmp_path):
    path = write_zip(
        tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML, "media/../../evil.txt": b"x"}
    )
    refused(path, "leaves the bundle folder")


def test_absolute_entry_is_refused(tmp_path):
    path = write_zip(tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML, "/etc/cron.d/x": b"x"})
    refused(path, "has an absolute path")


def test_symlink_entry_is_refused(tmp_path):
    link = zipfile.ZipInfo("media/photo.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = write_zip(
        tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML, "link": (link, "/etc/passwd")}
    )
    refused(path, "'media/photo.png' is a symbolic link")


def test_archive_declaring_more_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 10_000)
    path = write_zip(
        tmp_path / "b.zip",
        {"profile.yaml": PROFILE_YAML, "media/padding.bin": b"\0" * 20_000},
    )
    assert path.stat().st_size < 10_000  # small on disk, large unpacked
    refused(path, "unpacks to more than 200 MB")


def test_reading_stops_at_the_limit_even_when_declared_sizes_pass(tmp_path, monkeypatch):
    path = write_zip(tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML, "media/photo.png": png()})
    with reader.open_bundle(path) as bundle:
        bundle._budget = 10  # what is left after reading other entries
        with pytest.raises(BundleError, match="unpacks to more than 200 MB"):
            bundle.read("media/photo.png")


def test_archive_with_too_many_entries_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ENTRIES", 3)
    entries = {f"media/{n}.txt": b"" for n in range(3)}
    path = write_zip(tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML, **entries})
    refused(path, "holds more than 3 entries")


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "b.zip"
    path.write_bytes(b"PK but not really")
    refused(path, "not a readable zip archive")


def test_zip_media_path_missing_is_named(tmp_path):
    path = write_zip(tmp_path / "b.zip", {"profile.yaml": PROFILE_YAML})
    refused(path, r"b\.zip:profile\.yaml: profile\.photo: media/photo\.png is named here")


def test_folder_media_symlink_out_of_the_bundle_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(png())
    root = tmp_path / "bundle"
    (root / "media").mkdir(parents=True)
    (root / "profile.yaml").write_bytes(PROFILE_YAML)
    (root / "media" / "photo.png").symlink_to(outside)
    refused(root, "profile.photo: media/photo.png is or passes a symbolic link; refused")
