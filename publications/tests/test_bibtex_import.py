"""Importing onto a profile: preview honesty, merging, author matching, atomicity."""

import io

import pytest
from PIL import Image

from profiles.cache import SITE, current_versions, profile_version_key
from profiles.tests.factories import ProfileFactory
from publications.bibtex import importer
from publications.bibtex.importer import RowStatus, apply_import, preview_import
from publications.models import (
    Author,
    Authorship,
    ProfilePublication,
    Publication,
    PublicationLink,
    Tag,
)
from publications.tests.factories import make_publication

from .bibtex_support import STYLES, song_profile

pytestmark = pytest.mark.django_db

MODELS = (Publication, Author, Authorship, PublicationLink, Tag, ProfilePublication)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot():
    papers = Publication.objects.order_by("pk")
    return [
        (
            paper.pk,
            paper.updated_at,
            paper.title,
            paper.venue_full,
            paper.doi,
            list(paper.authorships.values_list("author_id", "equal_contribution", "corresponding")),
        )
        for paper in papers
    ]


def entry(key, title, authors, *, year="2023", extra=""):
    return (
        f"@article{{{key},\n  title = {{{title}}},\n  author = {{{authors}}},\n"
        f"  year = {{{year}}},\n{extra}}}\n"
    )


def test_preview_writes_nothing():
    profile = song_profile()
    plan = preview_import(profile, (STYLES / "nasty.bib").read_text(encoding="utf-8"))
    assert plan.count(RowStatus.NEW) == 7
    assert set(counts().values()) == {0}


@pytest.mark.parametrize("style", ["scholar", "dblp", "alfolio", "acm", "ieee", "nasty"])
def test_importing_the_same_file_twice_changes_nothing(style):
    profile = song_profile()
    text = (STYLES / f"{style}.bib").read_text(encoding="utf-8")
    apply_import(profile, text)
    before, rows = counts(), snapshot()
    plan = apply_import(profile, text)
    assert counts() == before
    assert snapshot() == rows
    assert plan.count(RowStatus.NEW) == 0
    for row in plan.rows:
        if row.status == RowStatus.MERGED:
            assert row.reason.endswith("nothing to change")


def coauthors_paper():
    """Wei Yang's paper naming Zikai Song by a plain author row."""
    coauthor = ProfileFactory(name="Wei Yang")
    paper = make_publication(
        authors=["Zikai Song", "Run Luo", coauthor],
        title="Compact Tracking",
        year=2023,
        doi="10.1000/compact",
        venue_full="",
    )
    text = entry(
        "song2023",
        "Compact Tracking: Revised Title",
        "Song*, Zikai and Luo, Run and Yang, Wei",
        extra="  doi = {https://doi.org/10.1000/COMPACT},\n  journal = {Journal of Tracking},\n",
    )
    return paper, coauthor, text


def test_merges_with_a_paper_already_on_the_profiles_page():
    paper, coauthor, text = coauthors_paper()
    profile = song_profile()
    # Listed on Zikai's page (an editor put it there): Zikai may edit it, so the import may.
    ProfilePublication.objects.create(profile=profile, publication=paper)
    plan = apply_import(profile, text)
    [row] = plan.rows
    assert row.status == RowStatus.MERGED
    assert row.reason == f"merged with paper #{paper.pk} already on the site: full venue name"
    assert Publication.objects.count() == 1
    paper.refresh_from_db()
    assert paper.title == "Compact Tracking"  # the site's own title is kept
    assert paper.venue_full == "Journal of Tracking"
    ships = list(paper.authorships.select_related("author").order_by("position"))
    assert [ship.author.name for ship in ships] == ["Zikai Song", "Run Luo", "Wei Yang"]
    assert ships[0].author.profile == profile and ships[0].equal_contribution
    assert ships[2].author.profile == coauthor
    assert ProfilePublication.objects.filter(publication=paper).count() == 2
    assert not Author.objects.filter(name="Zikai Song", profile__isnull=True).exists()


def test_a_coauthors_paper_naming_the_owner_gets_only_their_name_linked():
    paper, coauthor, text = coauthors_paper()
    profile = song_profile()
    [row] = apply_import(profile, text).rows
    assert row.status == RowStatus.LINKED
    assert row.reason.startswith(f"paper #{paper.pk} “Compact Tracking” is on someone else’s page")
    paper.refresh_from_db()
    assert paper.venue_full == ""  # Wei Yang's paper: nothing of it changes
    ships = list(paper.authorships.select_related("author").order_by("position"))
    assert [(ship.author.name, ship.author.profile) for ship in ships] == [
        ("Zikai Song", profile),
        ("Run Luo", None),
        ("Wei Yang", coauthor),
    ]
    assert not ships[0].equal_contribution
    assert set(paper.listings.values_list("profile__name", flat=True)) == {
        "Zikai Song",
        "Wei Yang",
    }
    assert not Author.objects.filter(name="Zikai Song", profile__isnull=True).exists()
    # Once linked, Zikai is an author and may edit it: the next import merges.
    [row] = apply_import(profile, text).rows
    assert row.status == RowStatus.MERGED


def test_a_merge_fills_no_date_of_another_year_and_keeps_every_coauthor():
    alice = ProfileFactory(name="Alice Ahn")
    paper = make_publication(
        authors=[alice, "Bob Builder", "Carol Chen"],
        title="Long Author List",
        year=2023,
        doi="10.1000/long",
    )
    dave = ProfileFactory(name="Dave Diaz")
    # Dave lists it without being on its author list (an editor's doing), so may edit it.
    ProfilePublication.objects.create(profile=dave, publication=paper)
    text = entry(
        "diaz2024",
        "Long Author List",
        "Ahn, Alice and Diaz, Dave and Builder, Bob and Chen, Carol",
        year="2024",
        extra="  doi = {10.1000/long},\n  month = may,\n",
    )
    [row] = apply_import(dave, text).rows
    assert row.status == RowStatus.MERGED
    paper.refresh_from_db()
    assert (paper.year, paper.date) == (2023, None)
    paper.full_clean()
    ships = paper.authorships.select_related("author").order_by("position")
    assert [ship.author.name for ship in ships] == [
        "Alice Ahn",
        "Bob Builder",
        "Carol Chen",
        "Dave Diaz",
    ]


def test_existing_authors_are_reused_and_ambiguous_ones_are_flagged_not_guessed():
    junqing = Author.objects.create(name="Junqing Yu")
    namesakes = {Author.objects.create(name="Wei Yang").pk for _ in range(2)}
    profile = song_profile()
    text = entry("a", "Paper A", "Song, Zikai and Yu, J. and Yang, Wei")
    plan = preview_import(profile, text)
    [row] = plan.rows
    assert "“J. Yu” matched to “Junqing Yu” by initials" in row.flags
    assert any("“Wei Yang” is ambiguous (2 authors on the site" in flag for flag in row.flags)
    apply_import(profile, text)
    paper = Publication.objects.get()
    authors = [ship.author for ship in paper.authorships.order_by("position")]
    assert authors[1] == junqing
    assert Author.objects.filter(name="Wei Yang").count() == 3
    assert authors[2].name == "Wei Yang" and authors[2].pk not in namesakes


def test_a_new_coauthor_is_created_once_for_the_whole_file():
    profile = song_profile()
    text = entry("a", "Paper A", "Song, Zikai and Newman, Ada") + entry(
        "b", "Paper B", "Ada Newman and Z. Song"
    )
    apply_import(profile, text)
    assert Author.objects.filter(name="Ada Newman").count() == 1
    assert Authorship.objects.filter(author__name="Ada Newman").count() == 2


@pytest.mark.parametrize("printed", ["Wang, Zeqing", "Ze Qing Wang", "Wang, Ze-Qing", "Z. Wang"])
def test_the_owner_is_found_however_their_given_name_is_split(printed):
    profile = ProfileFactory(name="Ze-qing Wang")
    [row] = apply_import(profile, entry("w", "A Paper", f"{printed} and Li, Wei")).rows
    assert row.flags == []
    assert Publication.objects.get().authorships.get(position=0).author.profile == profile


def test_entries_without_the_owner_are_listed_and_flagged():
    profile = song_profile()
    plan = apply_import(profile, entry("e", "Someone Else's Paper", "Einstein, Albert"))
    [row] = plan.rows
    assert row.flags == ["Zikai Song not found in the author list"]
    paper = Publication.objects.get()
    assert ProfilePublication.objects.filter(profile=profile, publication=paper).exists()
    assert not profile.authors.exists()


def test_profile_marker_settings_decide_what_a_mark_means():
    profile = song_profile(marker_equal="†", marker_corresponding="*")
    apply_import(profile, entry("m", "Marked", "Song†, Zikai and Luo*, Run and Yu#, Junqing"))
    ships = list(Publication.objects.get().authorships.order_by("position"))
    assert [(ship.equal_contribution, ship.corresponding) for ship in ships] == [
        (True, False),
        (False, True),
        (True, False),  # "#" is not one of the profile's marks: equal, as usual
    ]


def test_the_profiles_joint_last_mark_is_read_from_names():
    profile = song_profile(marker_joint_last="‡")
    apply_import(profile, entry("m", "Marked", "Song‡, Zikai and Luo§, Run and Yu†, Junqing"))
    ships = Publication.objects.get().authorships.order_by("position")
    assert [(ship.name, ship.joint_last, ship.corresponding) for ship in ships] == [
        ("Zikai Song", True, False),  # the profile's own mark, not "corresponding"
        ("Run Luo", True, False),  # "§" is not the profile's mark: joint last, as usual
        ("Junqing Yu", False, True),
    ]


def test_entry_without_year_is_a_flagged_preprint():
    profile = song_profile()
    plan = apply_import(profile, "@misc{x, title = {Undated}, author = {Song, Zikai}}")
    [row] = plan.rows
    assert row.status == RowStatus.NEW
    assert "no year: imported as a preprint" in row.flags
    paper = Publication.objects.get()
    assert paper.year is None and paper.status == Publication.Status.PREPRINT


def test_a_hidden_listing_stays_hidden_on_reimport():
    profile = song_profile()
    text = entry("a", "Paper A", "Song, Zikai", extra="  selected = {true},\n")
    apply_import(profile, text)
    listing = ProfilePublication.objects.get(profile=profile)
    assert listing.selected
    listing.hidden = True
    listing.selected = False
    listing.save()
    apply_import(profile, text)
    listing.refresh_from_db()
    assert listing.hidden and not listing.selected


def test_apply_is_all_or_nothing(monkeypatch):
    profile = song_profile()
    text = entry("a", "Paper A", "Song, Zikai") + entry("b", "Paper B", "Song, Zikai")
    written = []

    def fail_after_writing(publication_ids, **kwargs):
        written.extend(Publication.objects.values_list("title", flat=True))
        raise RuntimeError("disk full")

    # The last step of a write, when every row is already in the database.
    monkeypatch.setattr(importer, "invalidate_publications", fail_after_writing)
    with pytest.raises(RuntimeError):
        apply_import(profile, text)
    assert sorted(written) == ["Paper A", "Paper B"]
    assert set(counts().values()) == {0}


def test_al_folio_preview_image_next_to_the_file_becomes_the_teaser(tmp_path):
    folder = tmp_path / "assets" / "img" / "publication_preview"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, format="PNG")
    (folder / "gas3.png").write_bytes(buffer.getvalue())
    profile = song_profile()
    text = (STYLES / "alfolio.bib").read_text(encoding="utf-8")
    plan = apply_import(profile, text, files_dir=tmp_path)
    assert not any("preview image" in flag for row in plan.rows for flag in row.flags)
    paper = Publication.objects.get(venue="AAAI")
    with Image.open(paper.teaser.path) as image:
        assert image.size == (40, 30)
    assert not Publication.objects.get(venue="PhysRev").teaser


def test_preview_image_that_is_not_an_image_is_flagged(tmp_path):
    (tmp_path / "gas3.png").write_bytes(b"not an image at all")
    profile = song_profile()
    plan = preview_import(
        profile, (STYLES / "alfolio.bib").read_text(encoding="utf-8"), files_dir=tmp_path
    )
    assert any(flag.startswith("preview image “gas3.png”:") for flag in plan.rows[0].flags)


def test_verbatim_bibtex_is_kept_with_unknown_fields():
    profile = song_profile()
    apply_import(profile, (STYLES / "alfolio.bib").read_text(encoding="utf-8"))
    paper = Publication.objects.get(venue="AAAI")
    assert paper.bibtex.startswith("@inproceedings{song2024ga,")
    assert "google_scholar_id={qyhmnyLat1gC}" in paper.bibtex


def test_new_papers_are_listed_on_coauthors_profiles_and_their_pages_refresh():
    coauthor = ProfileFactory(slug="wei-yang", name="Wei Yang")
    Author.objects.create(name="Wei Yang", profile=coauthor)
    profile = song_profile()
    keys = [profile_version_key("wei-yang"), profile_version_key("zikai-song"), SITE]
    before = current_versions(keys)
    apply_import(profile, entry("a", "Paper A", "Song, Zikai and Yang, Wei"))
    paper = Publication.objects.get()
    assert set(paper.listings.values_list("profile__slug", "selected")) == {
        ("zikai-song", False),
        ("wei-yang", False),
    }
    after = current_versions(keys)
    assert all(new != old for new, old in zip(after, before, strict=True))


def test_duplicates_within_the_file_merge_into_the_first_entry():
    profile = song_profile()
    text = entry("a", "Paper A", "Song, Zikai") + entry(
        "a-journal",
        "Paper {A}",
        "Song, Zikai",
        extra="  doi = {10.1000/a},\n  abstract = {About A.},\n"
        "  code = {https://github.com/example/a},\n",
    )
    plan = apply_import(profile, text)
    assert [row.status for row in plan.rows] == [RowStatus.NEW, RowStatus.DUPLICATE]
    assert plan.rows[1].reason == "same paper as line 1 (a); its doi, abstract, links added there"
    paper = Publication.objects.get()
    assert (paper.doi, paper.abstract) == ("10.1000/a", "About A.")
    assert list(paper.links.values_list("label", "url")) == [
        ("code", "https://github.com/example/a")
    ]
    before = snapshot()
    apply_import(profile, text)
    assert snapshot() == before


def test_html_left_in_titles_and_urls_is_cleaned():
    profile = song_profile()
    text = entry(
        "h",
        "<i>Deep</i> Nets &amp; Trees",
        "Song, Zikai",
        extra='  url = {<a href="https://example.org/h">https://example.org/h</a>},\n',
    )
    apply_import(profile, text)
    paper = Publication.objects.get()
    assert paper.title == "Deep Nets & Trees"
    assert list(paper.links.values_list("url", flat=True)) == ["https://example.org/h"]
