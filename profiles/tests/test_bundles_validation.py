"""A bad bundle is refused with messages naming the file, the item path and what was
expected, and nothing is written."""

import pytest

from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError
from profiles.models import Profile
from profiles.tests.factories import ProfileFactory
from publications.models import Publication

from .bundle_helpers import document, paper, write_folder

pytestmark = pytest.mark.django_db

ME = {"name": "Ada Lovelace", "me": True}


def import_error(tmp_path, doc, media=None, fmt="yaml"):
    root = write_folder(tmp_path / "bundle", doc, media, fmt=fmt)
    before = Profile.objects.count(), Publication.objects.count()
    with pytest.raises(BundleError) as caught:
        import_bundle(root)
    assert (Profile.objects.count(), Publication.objects.count()) == before
    return str(caught.value)


CASES = {
    "unknown top-level key": (
        document(newz=[]),
        "newz: unknown key; expected one of format, profile, news",
    ),
    "unknown key inside an item": (
        document(publications=[paper("On Engines", {"name": "Ada Lovelace", "mee": True})]),
        "publications[0].authors[0].mee: unknown key; expected one of name, me, equal",
    ),
    "missing required key": (
        document(publications=[{"authors": [ME], "year": 2024, "type": "journal"}]),
        "publications[0].title: required; missing or empty",
    ),
    "empty required string": (
        document(name="  "),
        "profile.name: required; missing or empty",
    ),
    "wrong type": (
        document(publications=[paper("On Engines", ME, year="2024")]),
        "publications[0].year: expected a four-digit year like 2024, got '2024'",
    ),
    "list expected": (
        document(profile={"interests": "engines"}),
        "profile.interests: expected a list, got 'engines'",
    ),
    "bad enum": (
        document(positions=[{"kind": "school", "organization": "X", "start": "2020"}]),
        "positions[0].kind: expected one of education, employment, internship, visiting, "
        "other, got 'school'",
    ),
    "bad partial date": (
        document(news=[{"date": "2025-13", "text": "Hello"}]),
        "news[0].date: month 13 is not between 1 and 12",
    ),
    "impossible day": (
        document(awards=[{"title": "Prize", "date": "2023-02-30"}]),
        "awards[0].date: day 30 does not exist in 2023-02",
    ),
    "bad orcid checksum on an author": (
        document(
            publications=[paper("On Engines", ME, {"name": "Bo", "orcid": "0000-0002-1825-0098"})]
        ),
        "publications[0].authors[1].orcid: 0000-0002-1825-0098 is not a valid ORCID iD",
    ),
    "bad orcid link": (
        document(profile={"links": [{"kind": "orcid", "url": "1234"}]}),
        "profile.links[0].url: '1234' is not an ORCID iD",
    ),
    "two me authors": (
        document(publications=[paper("On Engines", ME, {"name": "A. Lovelace", "me": True})]),
        "publications[0].authors: only one author may be me: true; authors 0, 1 are",
    ),
    "wrong format": (
        document(format="profile-bundle/2"),
        "format: expected exactly 'profile-bundle/1', got 'profile-bundle/2'",
    ),
    "same markers": (
        document(profile={"settings": {"markers": {"equal": "†"}}}),
        "profile.settings.markers.corresponding: must differ from markers.equal",
    ),
    "unknown section in section_order": (
        document(profile={"settings": {"section_order": ["about", "Teaching"]}}),
        "profile.settings.section_order[1]: 'Teaching' is neither a section",
    ),
    "other link kind without label": (
        document(profile={"links": [{"kind": "zhihu", "url": "https://zhihu.com/x"}]}),
        "profile.links[0].label: a link of kind 'zhihu' needs a label",
    ),
    "award with year and years": (
        document(awards=[{"title": "Prize", "year": 2020, "years": [2020, 2021]}]),
        "awards[0]: give only one of year, years or date, not year and years",
    ),
    "published paper without year": (
        document(publications=[{**paper("On Engines", ME), "year": None}]),
        "publications[0].year: required unless status is preprint or under_review",
    ),
    "date outside the year": (
        document(publications=[paper("On Engines", ME, date="2023-05")]),
        "publications[0].date: 2023-05 is not in the year 2024",
    ),
    "invalid doi": (
        document(publications=[paper("On Engines", ME, doi="11.1/x")]),
        "publications[0].doi: expected a DOI like 10.1145/3460426.3463629, got '11.1/x'",
    ),
    "unquoted arxiv id": (
        document(publications=[paper("On Engines", ME, arxiv=2301.1093)]),
        "publications[0].arxiv: expected an arXiv id as a string; write it in quotes",
    ),
    "end before start": (
        document(
            positions=[{"kind": "education", "organization": "X", "start": "2020", "end": "2019"}]
        ),
        "positions[0].end: 2019 is before the start 2020",
    ),
    "duplicate paper in one bundle": (
        document(
            publications=[
                paper("On Engines", ME, doi="10.1000/a"),
                paper("Other", ME, doi="10.1000/A"),
            ]
        ),
        "publications[1]: the same paper as publications[0] (same DOI)",
    ),
    "media path leaving the bundle": (
        document(profile={"photo": "../secret.png"}),
        "profile.photo: the path '../secret.png' leaves the bundle folder",
    ),
    "empty author list": (
        document(publications=[paper("On Engines")]),
        "publications[0].authors: expected a list of at least 1, got an empty list",
    ),
    "service without venues": (
        document(services=[{"role": "reviewer", "venue_kind": "journal", "venues": []}]),
        "services[0].venues: expected a list of at least 1",
    ),
    "NUL character": (
        document(profile={"bio": "a\x00b"}),
        "profile.bio: contains a NUL character",
    ),
    "me together with profile": (
        document(publications=[paper("On Engines", {**ME, "profile": "x"})]),
        "publications[0].authors[0]: give me: true or profile, not both",
    ),
    "name parts without a family name": (
        document(publications=[paper("On Engines", {**ME, "given": "Ada"})]),
        "publications[0].authors[0].family: required with given",
    ),
    "a literal name with parts": (
        document(
            publications=[paper("On Engines", {"name": "ACME", "literal": True, "family": "X"})]
        ),
        "publications[0].authors[0]: a literal name (literal: true) has no name parts",
    ),
    "joint last mark equal to another": (
        document(profile={"settings": {"markers": {"joint_last": "*"}}}),
        "profile.settings.markers.joint_last: must differ from markers.equal ('*')",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_structural_error_names_file_item_and_expectation(tmp_path, case):
    doc, expected = CASES[case]
    message = import_error(tmp_path, doc)
    assert message.startswith(str(tmp_path / "bundle" / "profile.yaml") + ": ")
    assert expected in message
    assert "\n" not in message


def test_every_structural_error_is_reported_at_once(tmp_path):
    doc = document(
        news=[{"date": "soon", "text": "x"}],
        publications=[paper("A", ME, type="poster"), paper("B", {"name": 3})],
    )
    message = import_error(tmp_path, doc)
    assert "news[0].date" in message
    assert "publications[0].type: expected one of conference" in message
    assert "publications[1].authors[0].name: expected a string, got the number 3" in message


def test_error_list_is_capped(tmp_path):
    doc = document(news=[{"date": "bad", "text": "x"} for _ in range(30)])
    message = import_error(tmp_path, doc)
    assert "news[19].date" in message
    assert "news[20].date" not in message
    assert message.endswith("and 10 more")


def test_json_bundle_errors_name_the_json_file(tmp_path):
    message = import_error(tmp_path, document(newz=1), fmt="json")
    assert message.startswith(str(tmp_path / "bundle" / "profile.json") + ": newz: unknown key")


def test_empty_file_is_explained(tmp_path):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "profile.yaml").write_text("")
    with pytest.raises(BundleError, match=r"profile\.yaml: the file is empty"):
        import_bundle(root)


def test_bom_from_windows_editors_is_accepted(tmp_path):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "profile.json").write_bytes(
        b'\xef\xbb\xbf{"format": "profile-bundle/1", "profile": {"slug": "b", "name": "B"}}'
    )
    assert import_bundle(root).profile.slug == "b"


def test_yaml_syntax_error_names_the_line(tmp_path):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "profile.yaml").write_text("format: profile-bundle/1\nprofile: [\n  slug: x\n")
    with pytest.raises(BundleError, match=r"profile\.yaml: line \d+: invalid YAML"):
        import_bundle(root)


def test_unterminated_quote_is_reported_where_it_starts(tmp_path):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "profile.yaml").write_text(
        'format: profile-bundle/1\nprofile:\n  slug: a\n  name: "Ada\n  headline: x\n'
    )
    with pytest.raises(BundleError) as error:
        import_bundle(root)
    assert str(error.value).endswith(
        "profile.yaml: line 4: invalid YAML: while scanning a quoted scalar, "
        "found unexpected end of stream (line 6)"
    )


def test_json_syntax_error_names_the_line(tmp_path):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "profile.json").write_text('{"format": "profile-bundle/1",\n "profile": }')
    with pytest.raises(BundleError, match=r"profile\.json: line 2: invalid JSON"):
        import_bundle(root)


def test_a_key_given_twice_is_an_error(tmp_path):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "profile.yaml").write_text(
        "format: profile-bundle/1\nprofile:\n  slug: a\n  name: A\n  name: B\n"
    )
    with pytest.raises(BundleError, match="line 5: invalid YAML: the key 'name' is given twice"):
        import_bundle(root)


def test_yaml_aliases_are_refused(tmp_path):
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "profile.yaml").write_text(
        "format: profile-bundle/1\nprofile: &p {slug: a, name: A}\nnews: [*p]\n"
    )
    with pytest.raises(BundleError, match="aliases"):
        import_bundle(root)


def test_missing_media_file_is_named_with_its_item(tmp_path):
    doc = document(
        positions=[
            {"kind": "education", "organization": "X", "start": "2020", "logo": "media/x.png"}
        ]
    )
    message = import_error(tmp_path, doc)
    assert "positions[0].logo: media/x.png is named here but is not in the bundle folder" in message


def test_media_that_is_not_an_image_is_refused_like_an_upload(tmp_path):
    doc = document(publications=[paper("On Engines", ME, teaser="media/teaser.png")])
    message = import_error(tmp_path, doc, {"media/teaser.png": b"just text, renamed"})
    assert "publications[0].teaser: media/teaser.png: teaser.png is not an image" in message


def test_svg_media_is_refused(tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    message = import_error(tmp_path, document(profile={"photo": "photo.png"}), {"photo.png": svg})
    assert "profile.photo: photo.png: photo.png is an SVG drawing" in message


def test_linked_file_that_could_run_script_is_refused(tmp_path):
    doc = document(profile={"links": [{"kind": "cv", "url": "media/cv.html"}]})
    message = import_error(tmp_path, doc, {"media/cv.html": b"<script>alert(1)</script>"})
    assert (
        "profile.links[0].url: media/cv.html: cv.html is not an accepted document: upload a "
        "PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx) or OpenDocument (.odt, .odp, "
        ".ods) file, at most 20 MB." in message
    )


def test_web_address_without_scheme_is_explained(tmp_path):
    doc = document(profile={"links": [{"kind": "website", "url": "www.example.org"}]})
    assert (
        "profile.links[0].url: www.example.org is named here but is not in the bundle folder "
        "(a web address must start with https://)" in import_error(tmp_path, doc)
    )
    doc = document(profile={"links": [{"kind": "cv", "url": "example.org/cv.pdf"}]})
    assert (
        "profile.links[0].url: example.org/cv.pdf is named here but is not in the bundle "
        "folder (a web address must start with https://)" in import_error(tmp_path, doc)
    )


def test_existing_slug_without_replace_is_an_error(tmp_path):
    ProfileFactory(slug="ada-lovelace")
    message = import_error(tmp_path, document())
    assert "profile.slug: a profile 'ada-lovelace' already exists; use --replace" in message
    assert Profile.objects.count() == 1


def test_model_validation_errors_carry_the_item_path(tmp_path):
    doc = document(profile={"email": "not-an-email"})
    assert "profile.email: Enter a valid email address." in import_error(tmp_path, doc)


def test_model_validation_of_a_link_url(tmp_path):
    doc = document(
        publications=[paper("On Engines", ME, links=[{"label": "code", "url": "https://exa mple"}])]
    )
    message = import_error(tmp_path, doc)
    assert "publications[0].links[0].url: Enter a valid URL." in message
    assert Publication.objects.count() == 0


def test_reserved_slug_is_refused_by_the_model(tmp_path):
    message = import_error(tmp_path, document(slug="admin"))
    assert "profile.slug: “admin” is reserved for the site" in message
