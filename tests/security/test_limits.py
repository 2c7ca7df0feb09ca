"""Every input is bounded before it is parsed or written, and refused fast in one line
naming the item: bundle documents (size, nesting, items per list, string length), names
and tags, BibTeX entries, exports that would make a bundle the importer refuses; and a
bundle never shows the content of a file it may not contain (a symbolic link).
"""

import json
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from profiles.bundles.exporter import BundleExportError, write_bundle
from profiles.bundles.importer import import_bundle
from profiles.bundles.reader import MAX_DEPTH
from profiles.bundles.schema import BundleError
from profiles.fields import MAX_LIST_ITEMS, MAX_TEXT_LENGTH
from profiles.models import NewsItem, Profile
from profiles.tests.bundle_helpers import document, paper, write_folder, write_zip, yaml_bytes
from profiles.tests.factories import ProfileFactory
from publications.bibtex.importer import RowStatus, preview_import
from publications.models import Publication

pytestmark = pytest.mark.django_db

ME = {"name": "Ada Lovelace", "me": True}
HEAD = "format: profile-bundle/1\nprofile:\n  slug: ada-lovelace\n  name: Ada Lovelace\n"


def refused(tmp_path, content, *, name="profile.yaml", seconds=2):
    """Import ``content`` as the bundle's document: the one-line error, within seconds."""
    folder = tmp_path / "bundle"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)
    started = time.perf_counter()
    with pytest.raises(CommandError) as raised:
        call_command("import_profile", str(folder))
    elapsed = time.perf_counter() - started
    message = str(raised.value)
    assert "\n" not in message and "Traceback" not in message
    assert elapsed < seconds, f"took {elapsed:.1f} s to refuse"
    assert not Profile.objects.exists()
    return message.removeprefix(f"{folder / name}: ")


def deep_yaml(levels):
    return HEAD + "sections:\n" + "".join("  " * n + "- \n" for n in range(1, levels))


YAML_CASES = {
    "nested YAML": (
        HEAD + "bio: " + "[" * 100_000 + "]" * 100_000 + "\n",
        f"bio[0][0][0][0][0][0][0][0][0]: nested more than {MAX_DEPTH} levels deep (line 5); "
        "refused",
    ),
    "nested block YAML": (
        deep_yaml(3000),
        "nested more than 10 levels deep",
    ),
    "50,000 news items": (
        HEAD + "news:\n" + "".join(f"- date: '2024'\n  text: n{n}\n" for n in range(50_000)),
        f"news: more than {MAX_LIST_ITEMS:,} items (line 20006); a bundle holds at most "
        f"{MAX_LIST_ITEMS:,} in any list",
    ),
    "10 MB title": (
        HEAD + "publications:\n- title: " + "x" * 10_000_000 + "\n",
        f"publications[0].title: a text of 10,000,000 characters (line 6); at most "
        f"{MAX_TEXT_LENGTH:,}",
    ),
    "a mapping with 20,000 keys": (
        HEAD.replace("  name:", "".join(f"  k{n}: v\n" for n in range(20_000)) + "  name:"),
        f"profile: more than {MAX_LIST_ITEMS:,} items",
    ),
}


@pytest.mark.parametrize("case", YAML_CASES)
def test_an_oversized_yaml_bundle_is_refused_fast_in_one_line_naming_the_item(tmp_path, case):
    content, expected = YAML_CASES[case]
    assert expected in refused(tmp_path, content)


JSON_CASES = {
    "nested JSON": ('{"profile": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than"),
    "50,000 news items": (
        json.dumps({"news": [{"date": "2024", "text": "n"}] * 50_000}),
        f"news: more than {MAX_LIST_ITEMS:,} items; a bundle holds at most",
    ),
    "10 MB bio": (
        json.dumps({"profile": {"bio": "x" * 10_000_000}}),
        f"profile.bio: a text of 10,000,000 characters; at most {MAX_TEXT_LENGTH:,}",
    ),
}


@pytest.mark.parametrize("case", JSON_CASES)
def test_an_oversized_json_bundle_is_refused_fast_in_one_line_naming_the_item(tmp_path, case):
    content, expected = JSON_CASES[case]
    assert expected in refused(tmp_path, content, name="profile.json")


def test_a_document_over_20_mb_is_refused_before_reading_it(tmp_path):
    message = refused(tmp_path, HEAD + "bio: |\n" + ("  " + "y" * 1000 + "\n") * 21_000)
    assert message == "larger than 20 MB; is this really a profile?"


def test_the_limits_hold_in_zips_too(tmp_path):
    path = write_zip(tmp_path / "b.zip", {"profile.yaml": YAML_CASES["50,000 news items"][0]})
    with pytest.raises(BundleError, match="news: more than 10,000 items"):
        import_bundle(path)


def test_a_bundle_within_the_limits_imports(tmp_path):
    doc = document(news=[{"date": "2024", "text": "n"}] * 2_000, profile={"bio": "x" * 150_000})
    profile = import_bundle(write_folder(tmp_path / "b", doc)).profile
    assert NewsItem.objects.filter(profile=profile).count() == 2_000


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            paper("T", {"name": "N" * 201, "me": True}),
            "publications[0].authors[0].name: at most 200 characters, got 201",
        ),
        (paper("T", ME, tags=["t" * 101]), "publications[0].tags[0]: at most 100 characters"),
        (paper("T" * 501, ME), "publications[0].title: Ensure this value has at most 500"),
    ],
)
def test_names_and_tags_longer_than_the_site_keeps_are_refused_naming_them(
    tmp_path, item, expected
):
    with pytest.raises(BundleError) as raised:
        import_bundle(write_folder(tmp_path / "b", document(publications=[item])))
    assert expected in str(raised.value)
    assert not Publication.objects.exists()


def test_a_bibtex_entry_with_more_authors_than_a_bundle_holds_is_an_error():
    authors = " and ".join(f"Person{n}, A." for n in range(MAX_LIST_ITEMS + 1))
    text = (
        "@article{big, title = {Big}, year = {2024}, "
        f"author = {{Ada Lovelace and {authors}}}}}"
    )
    [row] = preview_import(ProfileFactory(name="Ada Lovelace"), text).rows
    assert row.status == RowStatus.ERROR
    assert row.reason == f"{MAX_LIST_ITEMS + 2:,} authors; a paper may have at most 10,000"


def test_a_profile_too_big_for_a_bundle_is_not_exported_as_one(tmp_path):
    profile = ProfileFactory()
    NewsItem.objects.bulk_create(
        NewsItem(profile=profile, date="2024", text="n") for _ in range(MAX_LIST_ITEMS + 1)
    )
    with pytest.raises(BundleExportError) as raised:
        write_bundle(profile, tmp_path / "out")
    assert str(raised.value) == (
        f"{profile.slug} cannot be exported as a bundle: profile.yaml: news: more than "
        "10,000 items; a bundle holds at most 10,000 in any list"
    )
    assert not (tmp_path / "out").exists()


# Symbolic links: a bundle never reads, nor quotes, a file it may not contain.


def test_a_symlinked_profile_yaml_is_refused_without_quoting_its_target(tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "profile.yaml").symlink_to(secret)
    for path in (folder, folder / "profile.yaml"):
        with pytest.raises(CommandError) as raised:
            call_command("import_profile", str(path))
        assert str(raised.value) == (
            f"{folder / 'profile.yaml'}: is a symbolic link; refused (copy the file itself)"
        )


@pytest.mark.parametrize("link", ["media/photo.png", "media"])
def test_a_symlinked_media_file_or_folder_is_refused_without_reading_it(tmp_path, link):
    outside = tmp_path / "outside"
    (outside / "media").mkdir(parents=True)
    (outside / "media/photo.png").write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "profile.yaml").write_bytes(
        yaml_bytes(document(profile={"photo": "media/photo.png"}))
    )
    if link == "media":
        (folder / "media").symlink_to(outside / "media")
    else:
        (folder / "media").mkdir()
        (folder / "media/photo.png").symlink_to(outside / "media/photo.png")
    with pytest.raises(BundleError) as raised:
        import_bundle(folder)
    message = str(raised.value)
    assert "profile.photo: media/photo.png is or passes a symbolic link; refused" in message
    assert "root:" not in message
