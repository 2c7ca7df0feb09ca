"""Bad repositories: one clear line, nothing written, and fast."""

import io
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command

from profiles.models import Profile
from publications.models import Publication

from ..documents import DocumentError, load_yaml

ACADEMICPAGES_CONFIG = 'name: "Ada Lovelace"\nauthor:\n  name: "Ada Lovelace"\n'


def write_zip(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def refused(path, match):
    with pytest.raises(CommandError) as caught:
        call_command("import_site", "ada", str(path))
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert match in message, message
    assert not Profile.objects.exists()
    assert not Publication.objects.exists()
    return message


@pytest.mark.django_db
def test_a_zip_of_something_else_is_refused(tmp_path):
    archive = write_zip(tmp_path / "photos.zip", {"holiday/beach.txt": "sun", "notes.md": "# hi"})
    refused(archive, "not an academicpages, al-folio or Hugo Blox site")


@pytest.mark.django_db
def test_a_damaged_zip_is_refused(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("_config.yml", ACADEMICPAGES_CONFIG * 50)
    damaged = tmp_path / "site.zip"
    damaged.write_bytes(data.getvalue()[:-40])  # the central directory is cut off
    refused(damaged, "not a readable zip archive")


@pytest.mark.django_db
def test_a_zip_over_200_mb_is_refused_by_its_declared_size(tmp_path):
    path = tmp_path / "huge.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_config.yml", ACADEMICPAGES_CONFIG)
        with archive.open("assets/video.bin", "w", force_zip64=True) as stream:
            chunk = bytes(1024 * 1024)
            for _ in range(201):  # streamed: 201 MB of zeros, a few hundred kB on disk
                stream.write(chunk)
    assert path.stat().st_size < 5 * 1024 * 1024
    refused(path, "unpacks to more than 200 MB")


@pytest.mark.django_db
def test_a_zip_entry_leaving_the_folder_is_refused(tmp_path):
    archive = write_zip(
        tmp_path / "site.zip", {"_config.yml": ACADEMICPAGES_CONFIG, "../x.md": "x"}
    )
    refused(archive, "leaves the bundle folder")


BOMB = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"{child}: &{child} [*{parent},*{parent},*{parent},*{parent},*{parent},*{parent},"
    f"*{parent},*{parent},*{parent}]\n"
    for parent, child in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_billion_laughs_is_refused_fast():
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="expand to more than 100,000 values"):
        load_yaml(BOMB)
    assert time.perf_counter() - started < 1


def test_a_recursive_alias_and_deep_nesting_are_refused():
    with pytest.raises(DocumentError, match="refers to itself"):
        load_yaml("a: &a [*a]")
    with pytest.raises(DocumentError, match="deep"):
        load_yaml("a: " + "[" * 200 + "]" * 200)


@pytest.mark.django_db
def test_a_yaml_bomb_in_the_config_is_one_line_and_writes_nothing(tmp_path):
    archive = write_zip(tmp_path / "site.zip", {"_config.yml": BOMB, "_pages/about.md": "hi"})
    refused(archive, "_config.yml: line")


@pytest.mark.django_db
def test_a_yaml_bomb_in_front_matter_leaves_that_file_out(tmp_path, capsys):
    folder = tmp_path / "site"
    (folder / "_publications").mkdir(parents=True)
    (folder / "_config.yml").write_text(ACADEMICPAGES_CONFIG)
    (folder / "_publications" / "bomb.md").write_text(f"---\n{BOMB}---\nbody\n")
    call_command("import_site", "ada", str(folder))
    out = capsys.readouterr().out
    assert "_publications/bomb.md: left out: line" in out and "YAML bomb" in out
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_a_liquid_include_loop_is_stripped_never_run(tmp_path, capsys):
    folder = tmp_path / "site"
    (folder / "_pages").mkdir(parents=True)
    (folder / "_includes").mkdir()
    (folder / "_config.yml").write_text(ACADEMICPAGES_CONFIG)
    (folder / "_includes" / "loop.html").write_text("{% include loop.html %}")
    (folder / "_pages" / "about.md").write_text(
        "---\npermalink: /\n---\nI study engines. {% include loop.html %}{{ site.title }}\n"
        "{% for x in site.posts %}{% include loop.html %}{% endfor %}\n{: .notice}\n"
    )
    started = time.perf_counter()
    call_command("import_site", "ada", str(folder))
    assert time.perf_counter() - started < 5
    assert Profile.objects.get(slug="ada").bio == "I study engines."


def test_an_import_with_nothing_to_read_names_the_path(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_site", "ada", str(tmp_path / "missing"))
