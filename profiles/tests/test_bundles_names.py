"""Bundles carry each author's name as printed, its parts where the name alone would be
read wrongly, and the joint-last mark; bundles without them read as before."""

import pytest
import yaml

from profiles.bundles.exporter import build_bundle, write_bundle
from profiles.bundles.importer import import_bundle
from profiles.models import Profile
from publications.models import Author, Authorship, Publication

from .bundle_helpers import document, paper, write_folder

pytestmark = pytest.mark.django_db

ME = {"name": "Ada Lovelace", "me": True}


def printed(publication):
    return list(
        publication.authorships.values_list(
            "name", "given", "particle", "family", "suffix", "literal", "joint_last"
        )
    )


def test_parts_and_joint_last_are_read_and_written_back_only_where_needed(tmp_path):
    authors = [
        {"name": "Amor Ben Fraj", "given": "Amor", "family": "Ben Fraj", "equal": True},
        {"name": "Jan van der Berg", "joint_last": True},
        {"name": "International Headache Genetics Consortium", "literal": True},
        {"name": "A. Lovelace", "me": True, "joint_last": True},
    ]
    doc = document(
        profile={"settings": {"markers": {"joint_last": "‡"}}},
        publications=[paper("On Engines", *authors)],
    )
    import_bundle(write_folder(tmp_path / "in", doc))
    publication = Publication.objects.get()
    assert printed(publication) == [
        ("Amor Ben Fraj", "Amor", "", "Ben Fraj", "", False, False),
        ("Jan van der Berg", "Jan", "van der", "Berg", "", False, True),
        ("International Headache Genetics Consortium", "", "", "", "", True, False),
        ("A. Lovelace", "A.", "", "Lovelace", "", False, True),
    ]
    profile = Profile.objects.get()
    assert profile.marker_joint_last == "‡"
    # The owner is the profile's person, printed as the bundle prints them.
    assert Authorship.objects.get(name="A. Lovelace").author.profile == profile

    exported = yaml.safe_load(build_bundle(profile)[0])
    assert exported["profile"]["settings"]["markers"] == {"joint_last": "‡"}
    assert exported["publications"][0]["authors"] == [
        {"name": "Amor Ben Fraj", "equal": True, "given": "Amor", "family": "Ben Fraj"},
        {"name": "Jan van der Berg", "joint_last": True},
        {"name": "International Headache Genetics Consortium", "literal": True},
        {"name": "A. Lovelace", "me": True, "joint_last": True},
    ]


def test_a_bundle_without_the_new_keys_imports_as_before(tmp_path):
    doc = document(publications=[paper("On Engines", ME, "Charles Babbage", "ACME and Sons")])
    import_bundle(write_folder(tmp_path / "in", doc))
    assert printed(Publication.objects.get()) == [
        ("Ada Lovelace", "Ada", "", "Lovelace", "", False, False),
        ("Charles Babbage", "Charles", "", "Babbage", "", False, False),
        ("ACME and Sons", "", "", "", "", True, False),
    ]
    write_bundle(Profile.objects.get(), tmp_path / "out")
    assert yaml.safe_load((tmp_path / "out" / "profile.yaml").read_text()) == doc


def test_export_prints_the_papers_name_not_the_persons(tmp_path):
    doc = document(publications=[paper("On Engines", ME, "C. Babbage")])
    import_bundle(write_folder(tmp_path / "in", doc))
    Author.objects.filter(name="C. Babbage").update(name="Charles Babbage")
    exported = yaml.safe_load(build_bundle(Profile.objects.get())[0])
    assert [author["name"] for author in exported["publications"][0]["authors"]] == [
        "Ada Lovelace",
        "C. Babbage",
    ]
