"""Importing bundles: every field lands, imports are atomic, co-authors' papers merge,
--replace replaces one profile's content, and the commands fail with one clean line."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError
from profiles.models import Award, LinkKind, NewsItem, Position, Profile, Service
from profiles.tests.factories import UserFactory
from publications.models import Author, Authorship, ProfilePublication, Publication, Tag

from .bundle_helpers import document, paper, png, write_folder

pytestmark = pytest.mark.django_db

ADA = {"name": "Ada Lovelace", "me": True}
BOB = {"name": "Bob Jones", "me": True}


def media_files(root):
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*") if path.is_file())


def authors_of(publication):
    return [
        (ship.author.name, ship.author.profile.slug if ship.author.profile else None)
        for ship in publication.authorships.select_related("author__profile")
    ]


FULL = document(
    profile={
        "native_name": "艾达",
        "aliases": ["A. Lovelace", "Lovelace, Ada"],
        "pronouns": "she/her",
        "headline": "Analyst",
        "affiliation": "Analytical Society",
        "affiliation_url": "https://example.org",
        "location": "London",
        "email": "ada@example.org",
        "photo": "media/photo.png",
        "bio": "I write **notes**.",
        "interests": ["engines", "poetry"],
        "announcement": "Hiring!",
        "links": [
            {"kind": "orcid", "url": "0000-0002-1825-0097"},
            {"kind": "cv", "url": "media/cv.pdf"},
            {"kind": "zhihu", "url": "https://zhihu.com/ada", "label": "Zhihu"},
            {"kind": "email", "url": "ada@example.org"},
        ],
        "settings": {
            "self_style": "bold-underline",
            "markers": {"equal": "#", "corresponding": "*"},
            "publication_style": "cards",
            "group_publications_by": "type",
            "author_limit": 5,
            "news_limit": 3,
            "section_order": ["publications", "Teaching", "about"],
        },
    },
    news=[{"date": "2025-06", "text": "Accepted!", "pinned": True}],
    positions=[
        {
            "kind": "employment",
            "organization": "Analytical Society",
            "start": "1840-01",
            "end": "1843",
            "advisors": ["Charles Babbage"],
            "logo": "media/logo.png",
        }
    ],
    awards=[
        {"title": "One", "year": 2020},
        {"title": "Many", "years": [2020, 2021]},
        {"title": "Dated", "date": "2019-05-02", "issuer": "Society"},
    ],
    services=[
        {
            "role": "reviewer",
            "venue_kind": "conference",
            "venues": [{"name": "CVPR", "years": [2023, 2024]}, {"name": "ICCV"}],
            "note": "outstanding",
        }
    ],
    grants=[{"title": "Fund", "funder": "Crown", "role": "PI", "start": "1841", "amount": 500}],
    sections=[{"title": "Teaching", "body": "Lectures."}],
    publications=[
        paper(
            "Notes on the Analytical Engine",
            {"name": "Charles Babbage", "orcid": "https://orcid.org/0000-0002-1825-0097"},
            {**ADA, "equal": True, "corresponding": True},
            more_authors=True,
            date="2024-07-14",
            type="journal",
            status="accepted",
            venue="TAE",
            venue_full="Transactions on Analytical Engines",
            venue_note="Special issue",
            badges=["Oral"],
            doi="https://doi.org/10.1000/ABC",
            arxiv="arXiv:2301.10938v2",
            links=[{"label": "code", "url": "https://github.com/ada/engine"}],
            abstract="An *abstract*.",
            tldr="Short.",
            teaser="media/teaser.png",
            tags=["CV", "AI"],
            selected=True,
            bibtex="@article{ada1843}",
        )
    ],
)
FULL_MEDIA = {
    "media/photo.png": png((10, 20, 30)),
    "media/logo.png": png((40, 50, 60)),
    "media/teaser.png": png((70, 80, 90)),
    "media/cv.pdf": b"%PDF-1.4 tiny",
}


def test_every_field_of_the_spec_is_imported(tmp_path, media_root):
    profile = import_bundle(write_folder(tmp_path / "b", FULL, FULL_MEDIA)).profile
    assert (profile.native_name, profile.pronouns, profile.location) == (
        "艾达",
        "she/her",
        "London",
    )
    assert profile.aliases == ["A. Lovelace", "Lovelace, Ada"]
    assert profile.interests == ["engines", "poetry"]
    assert profile.photo and (Path(media_root) / profile.photo.name).is_file()
    assert (profile.self_style, profile.marker_equal, profile.marker_corresponding) == (
        "bold-underline",
        "#",
        "*",
    )
    assert (profile.author_limit, profile.news_limit) == (5, 3)
    assert profile.section_order == ["publications", "Teaching", "about"]
    orcid, cv, zhihu, email = profile.links.all()
    assert orcid.url == "https://orcid.org/0000-0002-1825-0097"
    assert cv.file.read() == b"%PDF-1.4 tiny" and not cv.url
    assert (zhihu.kind, zhihu.label) == (LinkKind.OTHER, "Zhihu")
    assert email.url == "mailto:ada@example.org"
    news = NewsItem.objects.get()
    assert (str(news.date), news.pinned) == ("2025-06", True)
    position = Position.objects.get()
    assert (str(position.start), str(position.end), position.advisors) == (
        "1840-01",
        "1843",
        ["Charles Babbage"],
    )
    assert position.logo
    assert [(a.years, str(a.date) if a.date else None) for a in Award.objects.all()] == [
        ([2020], None),
        ([2020, 2021], None),
        ([], "2019-05-02"),
    ]
    assert list(Service.objects.values_list("venue", "years", "note", "order")) == [
        ("CVPR", [2023, 2024], "outstanding", 0),
        ("ICCV", [], "outstanding", 1),
    ]
    assert profile.grants.get().amount == "500"
    assert profile.sections.get().title == "Teaching"

    publication = Publication.objects.get()
    assert (publication.doi, publication.arxiv, publication.year) == (
        "10.1000/ABC",
        "2301.10938",
        2024,
    )
    assert (publication.status, publication.type, publication.more_authors) == (
        "accepted",
        "journal",
        True,
    )
    assert publication.teaser and publication.bibtex == "@article{ada1843}"
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["AI", "CV"]
    babbage, ada = publication.authorships.select_related("author")
    assert babbage.author.orcid == "0000-0002-1825-0097" and babbage.author.profile is None
    assert ada.author.profile == profile and ada.equal_contribution and ada.corresponding
    assert ProfilePublication.objects.get(profile=profile, publication=publication).selected


def test_json_bundle_and_a_direct_profile_yaml_path_import_the_same(tmp_path):
    import_bundle(write_folder(tmp_path / "j", FULL, FULL_MEDIA, fmt="json"))
    assert Profile.objects.get().links.count() == 4
    Publication.objects.all().delete()
    Profile.objects.all().delete()
    root = write_folder(tmp_path / "y", FULL, FULL_MEDIA)
    assert import_bundle(root / "profile.yaml").profile.slug == "ada-lovelace"


def test_a_bad_third_publication_leaves_no_rows_and_no_files(tmp_path, media_root):
    doc = document(
        profile={"photo": "media/photo.png"},
        positions=[
            {"kind": "education", "organization": "U", "start": "2020", "logo": "media/logo.png"}
        ],
        publications=[
            paper("First", ADA, teaser="media/t1.png"),
            paper("Second", ADA, teaser="media/t2.png"),
            # Passes the structure check; the model's URL validation refuses it while writing.
            paper("Third", ADA, links=[{"label": "code", "url": "https://exa mple.org"}]),
        ],
    )
    media = {
        name: png()
        for name in ("media/photo.png", "media/logo.png", "media/t1.png", "media/t2.png")
    }
    with pytest.raises(BundleError, match=r"publications\[2\]\.links\[0\]\.url: Enter a valid URL"):
        import_bundle(write_folder(tmp_path / "b", doc, media))
    for model in (Profile, Position, Publication, Author, Authorship, ProfilePublication, Tag):
        assert model.objects.count() == 0, model
    assert media_files(media_root) == []


def test_publication_without_me_author_is_still_listed_on_the_owner(tmp_path):
    doc = document(publications=[paper("Their Paper", "Someone Else")])
    profile = import_bundle(write_folder(tmp_path / "b", doc)).profile
    assert list(Publication.objects.listed_on(profile)) == list(Publication.objects.all())
    assert not Author.objects.filter(profile=profile).exists()


def test_profile_key_links_an_author_to_another_researcher(tmp_path):
    bob = import_bundle(write_folder(tmp_path / "bob", document("bob-jones", "Bob Jones"))).profile
    doc = document(publications=[paper("Joint", ADA, {"name": "B. Jones", "profile": "bob-jones"})])
    import_bundle(write_folder(tmp_path / "ada", doc))
    publication = Publication.objects.get()
    assert authors_of(publication) == [("Ada Lovelace", "ada-lovelace"), ("B. Jones", "bob-jones")]
    # A claim on Bob's page, waiting for him (publications.claims).
    listing = bob.listings.get()
    assert (listing.status, listing.proposed_by.slug) == ("pending", "ada-lovelace")
    assert list(Publication.objects.listed_on(bob)) == []


def test_plain_authors_reuse_an_unlinked_author_with_the_same_name_and_orcid(tmp_path):
    carol = {"name": "Carol King", "orcid": "0000-0002-1825-0097"}
    doc = document(
        publications=[
            paper("One", ADA, carol, "Dan Brown"),
            paper("Two", ADA, carol, "Dan Brown"),
            paper("Three", ADA, {"name": "Carol King"}),
        ]
    )
    import_bundle(write_folder(tmp_path / "b", doc))
    assert Author.objects.filter(name="Carol King").count() == 1
    assert Author.objects.filter(name="Dan Brown").count() == 1
    assert Author.objects.filter(name="Ada Lovelace").count() == 1


def test_two_people_with_one_name_on_one_paper_stay_two_authors(tmp_path):
    doc = document(publications=[paper("Twins", ADA, "Wei Yang", "Wei Yang")])
    import_bundle(write_folder(tmp_path / "b", doc))
    assert Publication.objects.get().authorships.count() == 3
    assert Author.objects.filter(name="Wei Yang").count() == 2


# Merging co-authors' bundles.

ADA_BUNDLE = document(
    profile={"aliases": ["A. Lovelace"]},
    publications=[
        paper("Shared by DOI", ADA, "Bob Jones", doi="10.1000/shared", selected=True),
        paper("Shared by Title", {**ADA, "equal": True}, "Bob Jones", year=2023),
        paper("Ada Alone", ADA),
    ],
)
BOB_BUNDLE = document(
    "bob-jones",
    "Bob Jones",
    publications=[
        paper(
            "shared BY doi (camera ready)",
            "Ada Lovelace",
            {**BOB, "corresponding": True},
            doi="https://doi.org/10.1000/SHARED",
            tldr="Bob's summary.",
        ),
        paper("Shared by title!", "A. Lovelace", {**BOB, "equal": True}, year=2023),
        paper("Bob Alone", BOB),
    ],
)


def import_both(tmp_path):
    ada = import_bundle(write_folder(tmp_path / "ada", ADA_BUNDLE)).profile
    result = import_bundle(write_folder(tmp_path / "bob", BOB_BUNDLE))
    return ada, result


def test_coauthors_bundles_share_one_publication_with_both_authors_linked(tmp_path):
    ada, result = import_both(tmp_path)
    bob = result.profile
    assert (result.created, result.merged) == (1, 2)
    assert Publication.objects.count() == 4
    by_doi = Publication.objects.get(doi="10.1000/shared")
    by_title = Publication.objects.get(title="Shared by Title")
    for publication in (by_doi, by_title):
        assert authors_of(publication) == [
            ("Ada Lovelace", "ada-lovelace"),
            ("Bob Jones", "bob-jones"),
        ]
        assert set(publication.listings.values_list("profile__slug", flat=True)) == {
            "ada-lovelace",
            "bob-jones",
        }
    # Bob may not edit Ada's papers (publications.permissions): his bundle only links his
    # own name on them. Text and marks stay Ada's.
    assert by_doi.title == "Shared by DOI" and by_doi.tldr == ""
    assert not by_doi.authorships.get(position=1).corresponding
    first, second = by_title.authorships.all()
    assert first.equal_contribution and not second.equal_contribution
    # Each profile keeps its own "selected" flag.
    assert ProfilePublication.objects.get(profile=ada, publication=by_doi).selected
    assert not ProfilePublication.objects.get(profile=bob, publication=by_doi).selected
    # The unlinked "Bob Jones" the first import created was replaced, not duplicated.
    assert list(
        Author.objects.filter(name="Bob Jones").values_list("profile__slug", flat=True)
    ) == ["bob-jones"]
    assert Author.objects.count() == 2


def test_merge_finds_the_owner_under_an_alias(tmp_path):
    import_bundle(write_folder(tmp_path / "bob", BOB_BUNDLE))
    ada = import_bundle(write_folder(tmp_path / "ada", ADA_BUNDLE)).profile
    by_title = Publication.objects.get(title="Shared by title!")
    assert authors_of(by_title) == [("Ada Lovelace", "ada-lovelace"), ("Bob Jones", "bob-jones")]
    assert not Author.objects.filter(name="A. Lovelace").exists()
    assert Author.objects.filter(profile=ada).count() == 1


# --replace.


def test_replace_swaps_the_profiles_content_and_keeps_shared_papers(tmp_path, media_root):
    ada, _ = import_both(tmp_path)
    user = UserFactory()
    Profile.objects.filter(pk=ada.pk).update(user=user)
    alone = Publication.objects.get(title="Ada Alone")
    new = document(
        profile={"headline": "Countess", "photo": "media/photo.png"},
        news=[{"date": "2026", "text": "New"}],
        publications=[
            paper("Ada Alone", ADA, venue="NEW"),
            paper("Brand New", ADA),
        ],
    )
    root = write_folder(tmp_path / "ada2", new, {"media/photo.png": png()})
    with pytest.raises(BundleError, match="already exists; use --replace"):
        import_bundle(root)
    replaced = import_bundle(root, replace=True)
    ada = Profile.objects.get(slug="ada-lovelace")
    assert replaced.replaced and ada.pk == replaced.profile.pk and ada.user == user
    assert ada.headline == "Countess" and ada.aliases == []
    assert list(ada.news.values_list("text", flat=True)) == ["New"]
    # Its own paper is updated in place (same id, same URL), the new one is added.
    assert Publication.objects.get(title="Ada Alone").pk == alone.pk
    assert Publication.objects.get(pk=alone.pk).venue == "NEW"
    assert set(Publication.objects.listed_on(ada).values_list("title", flat=True)) == {
        "Ada Alone",
        "Brand New",
    }
    # Papers Bob lists stay, still on Bob's page, with Ada still named on them.
    bob = Profile.objects.get(slug="bob-jones")
    assert set(Publication.objects.listed_on(bob).values_list("title", flat=True)) == {
        "Shared by DOI",
        "Shared by Title",
        "Bob Alone",
    }
    assert ("Ada Lovelace", "ada-lovelace") in authors_of(
        Publication.objects.get(doi="10.1000/shared")
    )
    assert Publication.objects.count() == 5


def test_coauthors_naming_each_other_restore_in_either_order(tmp_path):
    # Each one's export names the other with profile: <slug>; on a fresh site the first
    # one imported names a profile that is not there yet.
    shared = {"doi": "10.1000/both"}
    ada_doc = document(
        publications=[paper("Shared", ADA, {"name": "Bob Jones", "profile": "bob-jones"}, **shared)]
    )
    bob_doc = document(
        slug="bob-jones",
        name="Bob Jones",
        publications=[paper("Shared", {"name": "Ada Lovelace", "profile": "ada-lovelace"},
                            {"name": "Bob Jones", "me": True}, **shared)],
    )  # fmt: skip
    out = io.StringIO()
    err = io.StringIO()
    call_command(
        "import_profile", str(write_folder(tmp_path / "ada", ada_doc)), stdout=out, stderr=err
    )
    assert err.getvalue().strip() == (
        "publications[0].authors[1].profile: no profile 'bob-jones' on this site; "
        "'Bob Jones' is imported as a plain name (importing bob-jones's bundle links it)"
    )
    assert authors_of(Publication.objects.get()) == [
        ("Ada Lovelace", "ada-lovelace"),
        ("Bob Jones", None),
    ]
    result = import_bundle(write_folder(tmp_path / "bob", bob_doc))
    assert result.notes == [] and (result.created, result.merged) == (0, 1)
    assert authors_of(Publication.objects.get()) == [
        ("Ada Lovelace", "ada-lovelace"),
        ("Bob Jones", "bob-jones"),
    ]


def test_replace_keeps_the_papers_the_profile_hides_which_bundles_leave_out(tmp_path):
    doc = document(publications=[paper("Shown", ADA), paper("Hidden Later", ADA)])
    ada = import_bundle(write_folder(tmp_path / "a", doc)).profile
    hidden = Publication.objects.get(title="Hidden Later")
    ProfilePublication.objects.filter(profile=ada, publication=hidden).update(hidden=True)

    # What export_profile writes for it now: the shown paper only.
    again = document(publications=[paper("Shown", ADA)])
    import_bundle(write_folder(tmp_path / "b", again), replace=True)

    listing = ProfilePublication.objects.get(publication__title="Hidden Later")
    assert listing.profile == ada and listing.hidden
    assert list(Publication.objects.listed_on(ada).values_list("title", flat=True)) == ["Shown"]
    # Put back in a bundle, it is shown again.
    import_bundle(write_folder(tmp_path / "c", doc), replace=True)
    assert set(Publication.objects.listed_on(ada).values_list("title", flat=True)) == {
        "Shown",
        "Hidden Later",
    }
    assert Publication.objects.count() == 2


def test_replace_removes_the_old_media_files_after_commit(
    tmp_path, media_root, django_capture_on_commit_callbacks
):
    doc = document(profile={"photo": "media/photo.png"})
    root = write_folder(tmp_path / "b", doc, {"media/photo.png": png((1, 2, 3))})
    with django_capture_on_commit_callbacks(execute=True):
        old = import_bundle(root).profile.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        new = import_bundle(root, replace=True).profile.photo.name
    assert old != new
    assert media_files(media_root) == [new]


# Commands.


def test_import_command_reports_success(tmp_path):
    out = io.StringIO()
    call_command("import_profile", str(write_folder(tmp_path / "b", ADA_BUNDLE)), stdout=out)
    assert "Imported ada-lovelace: 3 publications of its own, 0 merged" in out.getvalue()


def test_import_command_error_is_one_line(tmp_path):
    root = write_folder(tmp_path / "b", document(newz=1))
    with pytest.raises(CommandError) as caught:
        call_command("import_profile", str(root))
    assert str(caught.value) == f"{root / 'profile.yaml'}: newz: unknown key; expected one of " + (
        "format, profile, news, positions, awards, services, grants, sections, publications"
    )


def test_real_command_exits_non_zero_without_a_traceback(tmp_path):
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_profile", "/nonexistent"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert completed.returncode != 0
    assert "Traceback" not in completed.stderr
    assert completed.stderr.strip() == "CommandError: /nonexistent: no such file or folder"
