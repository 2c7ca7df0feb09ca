"""BibTeX out: valid, readable keys, LaTeX-escaped, and it parses back to the same papers."""

import bibtexparser
import pytest

from profiles.tests.factories import ProfileFactory, UserFactory
from publications.bibtex.export import bibtex_for_publication, bibtex_for_publications
from publications.bibtex.importer import apply_import
from publications.bibtex.parse import latex_to_text, split_names
from publications.models import Publication, PublicationLink
from publications.tests.factories import make_publication

from .bibtex_support import STYLES, song_profile

pytestmark = pytest.mark.django_db


def parse_back(text):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return library


def test_generated_entry_has_a_readable_key_fixed_order_and_escaped_unicode():
    paper = make_publication(
        authors=["Jörg Stückler", "Barnes and Noble, Inc.", "Zikai Song"],
        title="The BERT Model: 50% of $k$-means & Schrödinger’s Cat_s",
        year=2023,
        venue_full="Proceedings of Straße–Conference",
        doi="10.1000/xyz",
        type=Publication.Type.JOURNAL,
    )
    paper.date = "2023-06"
    paper.more_authors = True
    paper.save()
    assert bibtex_for_publication(paper) == (
        "@article{stuckler2023bert,\n"
        '  author  = {St{\\"u}ckler, J{\\"o}rg and {Barnes and Noble, Inc.} and Song, Zikai '
        "and others},\n"
        "  title   = {The {BERT} Model: 50\\% of $k$-means \\& Schr{\\\"o}dinger's Cat\\_s},\n"
        "  journal = {Proceedings of Stra{\\ss}e--Conference},\n"
        "  abbr    = {CVPR},\n"
        "  year    = {2023},\n"
        "  month   = {jun},\n"
        "  doi     = {10.1000/xyz},\n"
        "  url     = {https://doi.org/10.1000/xyz},\n"
        "}"
    )


def test_keys_are_deduplicated_deterministically():
    first = make_publication(authors=["Zikai Song"], title="Compact Models", year=2023)
    second = make_publication(authors=["Z. Song"], title="Compact Trackers", year=2023)
    third = make_publication(authors=["Zikai Song"], title="The Compact Idea", year=2023)
    text = bibtex_for_publications([third, second, first])
    keys = [entry.key for entry in parse_back(text).entries]
    assert keys == ["song2023compactc", "song2023compactb", "song2023compact"]
    assert bibtex_for_publications([first, second, third]).count("song2023compact,") == 1


def test_stored_verbatim_bibtex_is_preferred():
    paper = make_publication(authors=["Zikai Song"], title="Mine", year=2020)
    paper.bibtex = "@misc{mykey,\n  title = {Mine},\n  note = {my own fields}\n}\n"
    paper.save()
    assert bibtex_for_publication(paper) == paper.bibtex.strip()


@pytest.mark.parametrize("style", ["scholar", "dblp", "alfolio", "acm", "ieee", "nasty"])
def test_export_parses_back_to_the_same_titles_authors_and_years(style):
    profile = song_profile()
    apply_import(profile, (STYLES / f"{style}.bib").read_text(encoding="utf-8"))
    Publication.objects.update(bibtex="")  # test the generated BibTeX, not the verbatim copy
    papers = list(Publication.objects.listed_on(profile).newest_first())
    library = parse_back(bibtex_for_publications(papers))
    assert len(library.entries) == len(papers)
    for paper, entry in zip(papers, library.entries, strict=True):
        assert latex_to_text(entry["title"]) == paper.title
        names, more = split_names(entry["author"]) if "author" in entry else ([], False)
        assert [name.name for name in names] == paper.author_names()
        assert more == paper.more_authors
        year = entry.fields_dict.get("year")
        assert (int(year.value) if year else None) == paper.year


FIELDS = ["type", "status", "venue", "venue_full", "venue_note", "year", "date", "title"]


def test_generated_bibtex_imports_back_to_the_same_papers():
    owner = ProfileFactory(name="Zikai Song")

    def paper(title, **fields):
        marks = fields.pop("marks", [{}, {}])
        authors = [{"author": owner, **marks[0]}, {"author": "Wei Yang", **marks[1]}]
        return make_publication(authors=authors, title=title, **fields)

    paper("From ‘F’ to ‘A’", type="conference", venue="ACL", venue_full="", venue_note="Findings")
    paper(
        "Accepted Work",
        type="journal",
        venue="TMM",
        venue_full="IEEE Trans. Multimedia",
        status="accepted",
        venue_note="Oral, accepted as highlight",
        marks=[{"equal": True}, {"equal": True, "corresponding": True}],
    )
    paper(
        "Under Review", type="conference", venue="", venue_full="", year=None, status="under_review"
    )
    paper("A Preprint", type="preprint", venue="", venue_full="", year=2025, status="preprint")
    paper("Dated", type="conference", venue="CVPR", venue_full="", year=2024, date="2024-06")
    before = {
        paper.title: ([getattr(paper, name) for name in FIELDS], marks_of(paper))
        for paper in Publication.objects.all()
    }
    text = bibtex_for_publications(Publication.objects.order_by("pk"))
    Publication.objects.all().delete()

    apply_import(owner, text)

    after = {
        paper.title: ([getattr(paper, name) for name in FIELDS], marks_of(paper))
        for paper in Publication.objects.all()
    }
    assert after == before


def marks_of(paper):
    return list(
        paper.authorships.order_by("position").values_list(
            "author__name", "equal_contribution", "corresponding"
        )
    )


def test_profile_bib_view(client):
    profile = song_profile()
    apply_import(profile, (STYLES / "ieee.bib").read_text(encoding="utf-8"))
    hidden = Publication.objects.get(title__startswith="Temporal")
    profile.listings.filter(publication=hidden).update(hidden=True)
    response = client.get(f"/{profile.slug}/publications.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = parse_back(response.content.decode())
    assert [entry["title"] for entry in library.entries] == ["Robust Tracking under Occlusion"]


def test_profile_bib_and_csl_json_come_from_the_page_cache_until_a_paper_changes(
    client, django_assert_num_queries
):
    profile = ProfileFactory(slug="cached")
    paper = make_publication(authors=[profile], title="Before", year=2024)
    for url in ("/cached/publications.bib", "/cached/publications.json"):
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]
    assert again.json()[0]["title"] == "Before"
    assert client.get("/cached/publications.bib")["Content-Disposition"] == (
        'inline; filename="cached.bib"'
    )

    paper.title = "After"
    paper.save()

    assert "After" in client.get("/cached/publications.bib").content.decode()
    assert client.get("/cached/publications.json").json()[0]["title"] == "After"


def test_unpublished_profile_exports_only_to_its_owner(client):
    user = UserFactory()
    profile = ProfileFactory(slug="hidden", is_published=False, user=user)
    make_publication(authors=[profile], title="Secret", year=2024)
    for url in ("/hidden/publications.bib", "/hidden/publications.json"):
        assert client.get(url).status_code == 404
    client.force_login(user)
    assert "Secret" in client.get("/hidden/publications.bib").content.decode()
    assert client.get("/hidden/publications.json").json()[0]["title"] == "Secret"


def test_links_give_the_url_field():
    paper = make_publication(authors=["A B"], title="Linked", year=2020)
    PublicationLink.objects.create(publication=paper, label="paper", url="https://example.org/p")
    [entry] = parse_back(bibtex_for_publication(paper)).entries
    assert entry["url"] == "https://example.org/p"


def test_verbatim_entries_sharing_a_key_are_told_apart():
    papers = []
    for title in ("First", "Second"):
        paper = make_publication(authors=["Zikai Song"], title=title, year=2020)
        paper.bibtex = f"@misc{{song2020,\n  title = {{{title}}},\n}}"
        paper.save()
        papers.append(paper)
    library = parse_back(bibtex_for_publications(papers))
    assert [(entry.key, entry["title"]) for entry in library.entries] == [
        ("song2020", "First"),
        ("song2020b", "Second"),
    ]


def test_entries_that_need_other_entries_are_not_kept_verbatim():
    profile = song_profile()
    apply_import(profile, (STYLES / "alfolio.bib").read_text(encoding="utf-8"))
    apply_import(profile, (STYLES / "dblp.bib").read_text(encoding="utf-8"))
    # "publisher=aps" needs its @string, and DBLP's crossref needs its @proceedings.
    assert Publication.objects.get(venue="PhysRev").bibtex == ""
    assert Publication.objects.get(title__startswith="Transformer Tracking").bibtex == ""
    assert Publication.objects.get(title__startswith="Compact").bibtex.startswith(
        "@inproceedings{DBLP:conf/aaai/SongLYCY23,"
    )
