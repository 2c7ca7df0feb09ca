"""The venue registry: names to venues, ranks by year, imports through it, rank badges."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command

from profiles.bundles.importer import import_bundle
from profiles.models import Profile
from profiles.tests.factories import ProfileFactory
from publications.bibtex.importer import apply_import, preview_import
from publications.bibtex.mapping import map_entry, resolve_crossrefs, set_venue
from publications.bibtex.parse import read_bibtex
from publications.models import Publication
from publications.venues.data import (
    RegistryFileError,
    dump_registry,
    load_registry,
    read_registry,
)
from publications.venues.matching import venue_key
from publications.venues.models import Venue, VenueAlias, VenueRank
from publications.venues.registry import Registry, rank_for_year
from publications.venues.services import map_unmapped, unmapped_venue_texts

from .bibtex_support import CORPUS, song_profile
from .factories import make_publication

pytestmark = pytest.mark.django_db

DEMO = CORPUS.parents[3] / "profiles" / "demo_data"


@pytest.fixture
def registry():
    load_registry()
    return Registry.load()


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("NIPS", "NeurIPS"),
        ("Advances in Neural Information Processing Systems 36", "NeurIPS"),
        ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", "CVPR"),
        ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern "
         "Recognition (CVPR)", "CVPR"),
        ("CVPR 2024", "CVPR"),
        ("Proc. AAAI", "AAAI"),
        ("Proceedings of the Thirty-Seventh AAAI Conference on Artificial Intelligence", "AAAI"),
        ("Proceedings of the 61st Annual Meeting of the Association for Computational "
         "Linguistics (Volume 1: Long Papers)", "ACL"),
        ("Findings of the Association for Computational Linguistics: EMNLP 2021", "EMNLP Findings"),
        ("Computing and Combinatorics - 21st International Conference, COCOON 2015, Beijing, "
         "China, August 4-6, 2015, Proceedings", "COCOON"),
        ("Proceedings of the 2023 IEEE International Conference on Cyber Security and "
         "Resilience, CSR 2023", "Cyber Security and Resilience"),
        ("Computer Science - Theory and Applications, Third International Computer Science "
         "Symposium in Russia, CSR 2008, Moscow, Russia, June 7-12, 2008, Proceedings", "CSR"),
        ("arXiv preprint arXiv:2305.10142", "arXiv"),
        ("COMPUTER METHODS IN APPLIED MECHANICS AND ENGINEERING", "CMAME"),
    ],
)  # fmt: skip
def test_spellings_of_a_venue_find_it(registry, text, short):
    assert registry.find(text).short_name == short


@pytest.mark.parametrize(
    "text",
    [
        "Workshops at the Twenty-Ninth International Conference on Machine Learning (ICML)",
        "Proceedings of the CVPR Workshop on Vision Datasets",
        "Cloud Computing: Principles and Paradigms",
        "University of Wisconsin",
    ],
)
def test_a_workshop_or_a_book_is_not_taken_for_a_venue_it_names(registry, text):
    assert registry.find(text) is None


def test_the_normal_form_ignores_case_punctuation_proceedings_years_and_ordinals():
    assert venue_key("Proc. of the 42th German Conference on Pattern Recognition (GCPR) 2020") == (
        venue_key("german conference on pattern recognition gcpr")
    )
    assert venue_key("The Twelfth International Conference on Learning Representations") == (
        venue_key("International Conference on Learning Representations")
    )


def test_the_rank_in_force_is_that_of_the_latest_edition_before_the_paper():
    editions = [(2019, "B"), (2022, "A")]
    assert rank_for_year(editions, 2021) == "B"
    assert rank_for_year(editions, 2022) == "A"
    assert rank_for_year(editions, 2030) == "A"
    assert rank_for_year(editions, 2010) == "B"  # older than every edition: the oldest
    assert rank_for_year(editions, None) == "A"
    assert rank_for_year([], 2020) is None


def test_loading_the_registry_twice_changes_nothing(registry):
    counts = (Venue.objects.count(), VenueAlias.objects.count(), VenueRank.objects.count())
    report = load_registry()
    assert (report.venues_added, report.venues_updated, report.aliases_added) == (0, 0, 0)
    assert counts == (
        Venue.objects.count(),
        VenueAlias.objects.count(),
        VenueRank.objects.count(),
    )
    cvpr = Venue.objects.get(short_name="CVPR")
    assert {(rank.badge, rank.edition) for rank in cvpr.ranks.all()} == {
        ("CCF-A", 2022),
        ("CORE A*", 2023),
    }


def test_the_registry_file_names_its_sources_and_editions():
    sources, venues = read_registry()
    assert sources["ccf"]["edition"] == 2022 and sources["core"]["edition"] == 2023
    assert all(sources[name]["url"].startswith("https://") for name in ("ccf", "core"))
    assert len(venues) > 300


def test_a_malformed_registry_file_is_refused_naming_the_venue(tmp_path):
    path = tmp_path / "venues.yaml"
    path.write_text(
        "sources: {ccf: {edition: 2022, url: 'https://x'}}\n"
        "venues:\n- {short: CVPR, aliases: [NIPS]}\n- {short: NeurIPS, aliases: [nips]}\n"
    )
    with pytest.raises(RegistryFileError, match=r"venues\[1\] \(NeurIPS\): “nips” also names CVPR"):
        read_registry(path)
    path.write_text("venues:\n- {short: X, ccf: A}\n")
    with pytest.raises(RegistryFileError, match=r"\(X\): ccf has no edition"):
        read_registry(path)


def corpus_venues():
    """(venue, venue_full) of every paper of the BibTeX corpus, as the import reads them."""
    for path in sorted(CORPUS.glob("*.bib")):
        parsed = read_bibtex(path.read_text(encoding="utf-8", errors="replace"), path.name)
        targets = resolve_crossrefs(parsed.entries)
        for entry in parsed.entries:
            if entry.key.casefold() not in targets:
                data = map_entry(entry)
                if not data.error and (data.venue or data.venue_full):
                    yield data.venue, data.venue_full


def test_the_registry_maps_the_venues_of_the_bibtex_corpus(registry):
    venues = list(corpus_venues())
    mapped = [pair for pair in venues if registry.find(pair[1], pair[0])]
    texts, mapped_texts = set(venues), set(mapped)
    # Measured: 938 of 999 papers, 506 of 563 texts; what is left is edited books,
    # publishers, universities and talks (docs/venues.md lists them).
    assert len(venues) == 999 and len(mapped) >= 938
    assert len(texts) == 563 and len(mapped_texts) >= 506


def test_every_venue_of_the_demo_profiles_is_in_the_registry(registry):
    import yaml

    for path in DEMO.glob("*/profile.yaml"):
        for item in yaml.safe_load(path.read_text())["publications"]:
            if item.get("venue") or item.get("venue_full"):
                paper = Publication(**{k: item.get(k, "") for k in ("venue", "venue_full")})
                assert set_venue(paper, "", item.get("year"), registry=registry), item["venue"]


def test_set_venue_gives_a_known_venue_its_names_and_keeps_an_unknown_text(registry):
    paper = Publication()
    match = set_venue(
        paper,
        "Proc. of the IEEE/CVF Conference on Computer Vision and Pattern Recognition 2023",
        2023,
        registry=registry,
    )
    assert (paper.venue, paper.venue_full, paper.registered_venue.short_name) == (
        "CVPR",
        "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
        "CVPR",
    )
    assert match.badges == ["CCF-A", "CORE A*"]
    unknown = Publication()
    assert set_venue(unknown, "Journal of Imaginary Results", 2023, registry=registry) is None
    assert (unknown.venue, unknown.venue_full, unknown.registered_venue) == (
        "",
        "Journal of Imaginary Results",
        None,
    )
    # Without a registry (map_entry, a pure function) only the text is set.
    plain = Publication()
    assert set_venue(plain, "CVPR", 2023) is None
    assert (plain.venue, plain.venue_full, plain.registered_venue) == ("", "CVPR", None)


BIB = """
@inproceedings{known2023,
  title = {A Known Venue},
  author = {Song, Zikai and Doe, Jane},
  booktitle = {Proceedings of the IEEE/CVF Conference on Computer Vision and
               Pattern Recognition (CVPR)},
  year = {2023},
}
@article{unknown2022,
  title = {An Unknown Venue},
  author = {Song, Zikai},
  journal = {Journal of Imaginary Results},
  year = {2022},
}
@inproceedings{findings2021,
  title = {Findings Are Not The Main Track},
  author = {Song, Zikai},
  booktitle = {Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021},
  year = {2021},
}
"""


def page_badges(client, profile):
    cache.clear()
    soup = BeautifulSoup(client.get(profile.get_absolute_url()).content, "html.parser")
    return {
        article.select_one(".pub-title").get_text(strip=True): [
            badge.get_text(strip=True) for badge in article.select(".pub-badges .badge")
        ]
        for article in soup.select("article.publication")
    }


def test_a_bibtex_import_maps_venues_and_the_page_shows_their_ranks(client, registry):
    profile = song_profile(is_published=True)
    apply_import(profile, BIB)
    known = Publication.objects.get(title="A Known Venue")
    assert (known.venue, known.registered_venue.short_name) == ("CVPR", "CVPR")
    unknown = Publication.objects.get(title="An Unknown Venue")
    assert unknown.registered_venue is None
    assert unknown.venue_full == "Journal of Imaginary Results"
    findings = Publication.objects.get(title="Findings Are Not The Main Track")
    assert findings.registered_venue.short_name == "ACL Findings"
    badges = page_badges(client, profile)
    assert badges["A Known Venue"] == ["CCF-A", "CORE A*"]
    assert badges["An Unknown Venue"] == [] and badges["Findings Are Not The Main Track"] == []
    # The unknown text waits for an editor, with its count.
    assert unmapped_venue_texts(Publication.objects.all()) == [
        {"venue": "", "venue_full": "Journal of Imaginary Results", "count": 1}
    ]


def test_the_import_command_maps_venues_and_a_re_import_changes_nothing(tmp_path, registry):
    profile = song_profile()
    path = tmp_path / "papers.bib"
    path.write_text(BIB)
    call_command("import_bibtex", profile.slug, str(path))
    assert Publication.objects.filter(registered_venue__short_name="CVPR").count() == 1
    plan = preview_import(profile, BIB)
    assert [(row.status, row.fill) for row in plan.rows] == [("merged", {})] * 3


def test_a_typed_rank_badge_is_not_repeated_and_others_still_show(client, registry):
    profile = ProfileFactory(is_published=True)
    cvpr = Venue.objects.get(short_name="CVPR")
    make_publication(
        title="Typed", authors=[profile], venue="CVPR", registered_venue=cvpr, year=2024,
        badges=["Highlight", "CCF-A"],
    )  # fmt: skip
    make_publication(
        title="Typed other", authors=[profile], venue="CVPR", registered_venue=cvpr, year=2024,
        badges=["CCF-B"],
    )  # fmt: skip
    badges = page_badges(client, profile)
    assert badges["Typed"] == ["Highlight", "CCF-A", "CORE A*"]
    assert badges["Typed other"] == ["CCF-B", "CORE A*"]  # what the researcher typed stands


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (Profile.RankBadges.ALL, ["CCF-A", "CORE A*"]),
        (Profile.RankBadges.CCF, ["CCF-A"]),
        (Profile.RankBadges.CORE, ["CORE A*"]),
        (Profile.RankBadges.NONE, []),
    ],
)
def test_a_profile_chooses_which_rank_badges_it_shows(client, registry, setting, expected):
    profile = ProfileFactory(is_published=True, rank_badges=setting)
    make_publication(
        title="Ranked", authors=[profile], venue="AAAI",
        registered_venue=Venue.objects.get(short_name="AAAI"), year=2024,
    )  # fmt: skip
    assert page_badges(client, profile)["Ranked"] == expected


def test_a_rank_is_that_of_the_papers_year_and_a_submission_gets_none(client, registry):
    profile = ProfileFactory(is_published=True, rank_badges=Profile.RankBadges.CCF)
    naacl = Venue.objects.get(short_name="NAACL")
    naacl.ranks.create(system="ccf", edition=2019, rank="C")
    make_publication(title="Old", authors=[profile], registered_venue=naacl, year=2020)
    make_publication(title="New", authors=[profile], registered_venue=naacl, year=2023)
    make_publication(
        title="Submitted", authors=[profile], registered_venue=naacl, year=2024,
        status=Publication.Status.UNDER_REVIEW,
    )  # fmt: skip
    badges = page_badges(client, profile)
    assert (badges["Old"], badges["New"], badges["Submitted"]) == (["CCF-C"], ["CCF-B"], [])


def test_a_rank_edited_in_the_registry_shows_on_cached_pages(client, registry):
    profile = ProfileFactory(is_published=True)
    venue = Venue.objects.get(short_name="TMLR")
    make_publication(title="Paper", authors=[profile], registered_venue=venue, year=2024)
    client.get(profile.get_absolute_url())  # cached now
    VenueRank.objects.create(venue=venue, system="ccf", edition=2022, rank="B")
    soup = BeautifulSoup(client.get(profile.get_absolute_url()).content, "html.parser")
    assert [badge.get_text() for badge in soup.select(".pub-badges .badge")] == ["CCF-B"]


def test_a_bundle_keeps_its_venue_text_and_points_at_the_registry(registry, tmp_path):
    (tmp_path / "profile.yaml").write_text(
        """
format: profile-bundle/1
profile: {slug: bundle-person, name: Bundle Person}
publications:
  - title: Findings paper
    type: conference
    authors: [{name: Bundle Person, me: true}]
    year: 2024
    venue: ACL
    venue_note: Findings
  - title: Main paper
    type: journal
    authors: [{name: Bundle Person, me: true}]
    year: 2024
    venue: IEEE Transactions on Multimedia
"""
    )
    import_bundle(tmp_path)
    main = Publication.objects.get(title="Main paper")
    assert (main.venue, main.venue_full, main.registered_venue.short_name) == (
        "IEEE Transactions on Multimedia",
        "",
        "TMM",
    )
    assert Publication.objects.get(title="Findings paper").registered_venue.short_name == (
        "ACL Findings"
    )


def test_loading_the_registry_links_papers_already_on_the_site():
    make_publication(title="Before", authors=["A"], venue="NIPS", year=2019)
    call_command("load_venues", verbosity=0)
    assert Publication.objects.get(title="Before").registered_venue.short_name == "NeurIPS"
    assert map_unmapped() == 0


def test_the_import_preview_says_which_venue_each_entry_maps_to(client, registry):
    from profiles.tests.factories import UserFactory

    user = UserFactory()
    profile = song_profile(user=user)
    client.force_login(user)
    response = client.post("/me/bibtex/", {"profile": profile.slug, "text": BIB})
    soup = BeautifulSoup(response.content, "html.parser")
    venues = [
        cell.get_text(" ", strip=True) for cell in soup.select("#import-preview .import-venue")
    ]
    assert venues == [
        "Venue: CVPR (CCF-A, CORE A*)",
        "Venue not in the registry: kept as written, listed for an editor to map",
        "Venue: ACL Findings",
    ]


def test_the_registry_written_by_a_backup_loads_back_the_same(tmp_path, registry):
    VenueAlias.objects.create(venue=Venue.objects.get(short_name="CVPR"), text="Vision Conf")
    tmlr = Venue.objects.get(short_name="TMLR")
    tmlr.ranks.create(system="ccf", edition=2024, rank="B")
    dump_registry(tmp_path / "venues.yaml")
    Venue.objects.all().delete()
    load_registry(tmp_path / "venues.yaml")
    assert Registry.load().find("Vision Conf").short_name == "CVPR"
    tmlr = Venue.objects.get(short_name="TMLR")
    assert [(rank.badge, rank.edition) for rank in tmlr.ranks.all()] == [("CCF-B", 2024)]
    assert Venue.objects.count() == len(read_registry()[1])
