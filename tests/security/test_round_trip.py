"""Whatever the admin accepts, the profile's bundle imports again.

Every demo researcher edits their profile and papers in the admin the ways that used to
give a bundle the importer refused (a paper without authors, an ftp:// address, a service
without a venue, a section order naming no section, two papers with one title, a text
too long for a bundle, a BibTeX entry without authors). Each such edit is now either
refused where it is made, with a message naming the field, or accepted and carried
through export → import into an empty database → export, byte for byte.
"""

import copy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from profiles.bundles.exporter import write_bundle
from profiles.bundles.importer import import_bundle
from profiles.fields import MAX_TEXT_LENGTH
from profiles.models import Profile
from profiles.tests.admin_forms import error_texts, form_fields, inline_rows
from profiles.tests.bundle_helpers import document, paper, write_folder
from publications.bibtex.importer import RowStatus, apply_import
from publications.models import Author, Publication, Tag
from tests.support import demo_slugs

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def profile_url(profile):
    return reverse("admin:profiles_profile_change", args=[profile.pk])


def paper_url(paper):
    return reverse("admin:publications_publication_change", args=[paper.pk])


class Admin:
    """Submits admin forms as the browser shows them, each after ``change(data)``."""

    def __init__(self, client):
        self.client = client
        self.forms = {}  # url -> the form's values, read once while nothing changes

    def post(self, url, change):
        if url not in self.forms:
            self.forms[url] = form_fields(self.client.get(url))
        data = copy.deepcopy(self.forms[url])
        change(data)
        response = self.client.post(url, data)
        if response.status_code == 302:
            self.forms.clear()  # an edit was saved: the forms show something else now
        return response.status_code == 302, error_texts(response)


def add_row(data, prefix, **values):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})


def edit_like_a_researcher(client, profile):
    """The edits, each with what the admin answers: (accepted, errors)."""
    paper = Publication.objects.listed_on(profile).order_by("pk").first()
    post = Admin(client).post
    answers = {}

    def drop_every_author(data):
        for row in inline_rows(data, "authorships"):
            data[f"{row}-DELETE"] = "on"

    answers["paper without authors"] = post(paper_url(paper), drop_every_author)
    answers["ftp affiliation"] = post(
        profile_url(profile), lambda d: d.update(affiliation_url="ftp://example.org/")
    )
    answers["ftp paper link"] = post(
        paper_url(paper), lambda d: add_row(d, "links", label="pdf", url="ftp://x.org/")
    )
    answers["service without venue"] = post(
        profile_url(profile),
        lambda d: add_row(d, "services", role="reviewer", venue_kind="journal", years="2024"),
    )
    answers["section order naming no section"] = post(
        profile_url(profile), lambda d: d.update(section_order="about\nTeaching")
    )
    answers["bio too long"] = post(
        profile_url(profile), lambda d: d.update(bio="x" * (MAX_TEXT_LENGTH + 1))
    )

    def teaching(data):
        data["section_order"] = "about\nTeaching\npublications"
        add_row(data, "sections", title="Teaching", body="Lectures.", order="1")

    answers["a custom section in the order"] = post(profile_url(profile), teaching)

    def twin(data):
        data.update(title=paper.title, year=str(paper.year), venue="Workshop version")
        data.update({"authorships-0-author": str(profile.authors.order_by("pk").first().pk)})
        # The admin warns of the paper already here; the researcher saves anyway.
        data["_save_anyway"] = "1"

    answers["a second paper with the same title and year"] = post(
        reverse("admin:publications_publication_add"), twin
    )
    plan = apply_import(profile, "@misc{x, title = {Nobody Wrote This}, year = {2024}}")
    answers["a BibTeX entry without authors"] = (
        plan.rows[0].status != RowStatus.ERROR,
        [plan.rows[0].reason],
    )
    return answers


EXPECTED = {
    "paper without authors": "A paper needs at least one author",
    "ftp affiliation": "Enter a web address starting with https:// or http://.",
    "ftp paper link": "Enter a web address starting with https:// or http://.",
    "service without venue": "This field is required.",
    "section order naming no section": "The section order (display settings) names “Teaching”",
    "bio too long": f"Ensure this value has at most {MAX_TEXT_LENGTH} characters",
    "a custom section in the order": None,
    "a second paper with the same title and year": None,
    "a BibTeX entry without authors": "no author (or editor) field",
}


def tree(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def test_every_demo_profile_edited_in_the_admin_round_trips_through_its_bundle(
    client, tmp_path, media_root
):
    call_command("demo", stdout=StringIO())
    for slug in demo_slugs():
        profile = Profile.objects.get(slug=slug)
        client.force_login(profile.user)
        answers = edit_like_a_researcher(client, profile)
        for edit, expected in EXPECTED.items():
            accepted, errors = answers[edit]
            if expected is None:
                assert accepted, (slug, edit, errors)
            else:
                assert not accepted and any(expected in error for error in errors), (
                    slug,
                    edit,
                    errors,
                )
    for slug in demo_slugs():
        write_bundle(Profile.objects.get(slug=slug), tmp_path / "first" / slug)
    Publication.objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    Profile.objects.all().delete()
    for slug in demo_slugs():
        import_bundle(tmp_path / "first" / slug)
    for slug in demo_slugs():
        write_bundle(Profile.objects.get(slug=slug), tmp_path / "second" / slug)
        assert tree(tmp_path / "first" / slug) == tree(tmp_path / "second" / slug), slug
    teaching = Profile.objects.get(slug=demo_slugs()[0])
    assert teaching.section_order == ["about", "Teaching", "publications"]


def test_two_papers_with_one_title_and_year_import_as_two_with_a_note(tmp_path):
    me = {"name": "Ada Lovelace", "me": True}
    doc = document(publications=[paper("On Engines", me), paper("On  engines!", me, venue="W")])
    result = import_bundle(write_folder(tmp_path / "a", doc))
    assert result.notes == [
        "publications[1]: the same title and year as publications[0]; imported as two papers"
    ]
    assert Publication.objects.count() == 2
    # Replacing the profile with the same bundle keeps two papers, each updated in place.
    before = set(Publication.objects.values_list("pk", flat=True))
    import_bundle(write_folder(tmp_path / "a", doc), replace=True)
    assert set(Publication.objects.values_list("pk", flat=True)) == before
