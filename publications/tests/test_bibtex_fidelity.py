"""Every author exactly as printed, every mark the file gives (issue 17), entry by entry on a
file written with each class of problem (data/bibtex/fidelity.bib)."""

import bibtexparser
import pytest

from profiles.tests.factories import ProfileFactory
from profiles.tests.page_helpers import get_page, json_ld_blocks, publication_titled
from publications.bibtex.csl import csl_for_publications
from publications.bibtex.export import bibtex_for_publication, bibtex_for_publications
from publications.bibtex.importer import RowStatus, apply_import, preview_import
from publications.models import Authorship, Publication
from publications.selectors import attach_author_rows
from publications.tests.factories import make_publication

from .bibtex_support import STYLES

pytestmark = pytest.mark.django_db

FIDELITY = (STYLES / "fidelity.bib").read_text(encoding="utf-8")
EQUAL, CORRESPONDING, LAST = "equal contribution", "corresponding author", "joint last author"


@pytest.fixture
def owner():
    return ProfileFactory(slug="jfb", name="Jean-François Barthélémy")


@pytest.fixture
def imported(owner):
    return apply_import(owner, FIDELITY, filename="fidelity.bib")


def row(plan, key):
    return next(row for row in plan.rows if row.key == key)


def authors_on_page(client, owner, title):
    """[(printed name, the owner's?, {mark meanings})] of one paper on the list page."""
    article = publication_titled(get_page(client, f"/{owner.slug}/publications/"), title)
    authors = []
    for span in article.select(".pub-authors .author"):
        marks = {sup["title"] for sup in span.select("sup.mark")}
        for sup in span.select("sup"):
            sup.decompose()
        authors.append((span.get_text("", strip=True), "author-self" in span["class"], marks))
    return authors


def test_every_entry_prints_its_own_spelling_of_each_name(client, owner, imported):
    first = "Homogenization of COVID-19 Spread Models with node2vec Embeddings"
    second = "Geometric Deep Learning on Graphs in 𝒪(n) Time"
    assert [name for name, _, _ in authors_on_page(client, owner, first)] == [
        "F Lavergne",
        "Michael M. Bronstein",
        "Dae R Jeong",
        "Benoît Guérin",
        "Tae–Kyun Kim",
        "J.-F. Barthélémy",
    ]
    assert [(name, me) for name, me, _ in authors_on_page(client, owner, second)] == [
        ("Francis Lavergne", False),
        ("Michael Bronstein", False),
        ("Dae R. Jeong", False),
        ("Benoit Guerin", False),
        ("Tae-Kyun Kim", False),
        ("Jean-François Barthélémy", True),
    ]
    # One person each, printed two ways: the owner is recognised by the profile link.
    by_position = {}
    for ship in Authorship.objects.filter(publication__title__in=[first, second]):
        by_position.setdefault(ship.position, set()).add(ship.author_id)
    assert all(len(people) == 1 for people in by_position.values())
    assert Authorship.objects.get(name="J.-F. Barthélémy", position=5).author.profile == owner


def test_name_parts_are_kept_as_the_file_gives_them(imported):
    parts = Publication.objects.get(title="Name Parts as the File Gives Them")
    ships = parts.authorships.order_by("position")
    assert [
        (ship.name, ship.given, ship.particle, ship.family, ship.suffix, ship.literal)
        for ship in ships
    ] == [
        ("Amor Ben Fraj", "Amor", "", "Ben Fraj", "", False),
        ("John A Kershaw Jr", "John A", "", "Kershaw", "Jr", False),
        ("International Headache Genetics Consortium", "", "", "", "", True),
        ("Jan van der Berg", "Jan", "van der", "Berg", "", False),
        ("Jean-François Barthélémy", "Jean-François", "", "Barthélémy", "", False),
    ]
    [item] = csl_for_publications(attach_author_rows([parts]))
    assert item["author"][:4] == [
        {"family": "Ben Fraj", "given": "Amor"},
        {"family": "Kershaw", "given": "John A", "suffix": "Jr"},
        {"literal": "International Headache Genetics Consortium"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
    ]


def test_generated_bibtex_writes_von_last_jr_first_and_reads_back_the_same_parts(owner):
    paper = make_publication(
        authors=[
            {"author": owner, "printed": "Ben Fraj, Amor"},
            {"author": "John Kershaw", "printed": "Kershaw, Jr, John A"},
            {"author": "IHGC", "printed": "{International Headache Genetics Consortium}"},
            {"author": "Jan van der Berg"},
            {"author": "Plato"},
        ],
        title="Parts Out",
        year=2024,
    )
    text = bibtex_for_publication(paper)
    assert (
        "author = {Ben Fraj, Amor and Kershaw, Jr, John A and "
        "{International Headache Genetics Consortium} and van der Berg, Jan and Plato}"
    ) in " ".join(text.split())
    before = list(paper.authorships.values_list("given", "particle", "family", "suffix", "literal"))
    Publication.objects.all().delete()
    apply_import(owner, text)
    after = Publication.objects.get(title="Parts Out").authorships.values_list(
        "given", "particle", "family", "suffix", "literal"
    )
    assert list(after) == before


def test_biblatex_annotations_give_joint_first_joint_last_and_corresponding(
    client, owner, imported
):
    authors = authors_on_page(client, owner, "Joint First and Joint Last Authors")
    assert authors == [
        ("Jean-François Barthélémy", True, {EQUAL}),
        ("Zeqing Wang", False, {EQUAL}),
        ("Shiyuan Zhang", False, {LAST}),
        ("Ming Li", False, {LAST, CORRESPONDING}),
    ]
    legend = get_page(client, f"/{owner.slug}/publications/").select_one(".pub-legend")
    assert " ".join(legend.get_text().split()) == (
        "* equal contribution, § joint last author, † corresponding author"
    )


def test_annotations_name_the_owner_when_the_name_does_not(client):
    someone = ProfileFactory(slug="someone", name="Somebody Else")
    apply_import(someone, FIDELITY)
    article = publication_titled(
        get_page(client, "/someone/publications/"), "Joint First and Joint Last Authors"
    )
    assert [a.get_text("", strip=True) for a in article.select(".author-self")] == [
        "Jean-François Barthélémy*"
    ]


def test_marks_written_into_names_are_read_and_never_printed_in_bibtex(client, owner, imported):
    """Issue 11, item 5: ``Wang, Zeqing*`` in the stored BibTeX is exported clean."""
    authors = authors_on_page(client, owner, "Marks Written into Names")
    assert authors == [
        ("Zeqing Wang", False, {EQUAL}),
        ("Shiyuan Zhang", False, {EQUAL}),
        ("Jean-François Barthélémy", True, {LAST}),
        ("Ming Li", False, {LAST, CORRESPONDING}),
    ]
    paper = Publication.objects.get(title="Marks Written into Names")
    assert "Wang*, Zeqing" in paper.bibtex  # kept verbatim as the researcher gave it
    for text in (
        bibtex_for_publication(paper),
        client.get(f"/{owner.slug}/publications.bib").content.decode(),
        get_page(client, paper.get_absolute_url()).select_one("pre.bibtex").get_text(),
    ):
        [entry] = [
            entry for entry in bibtexparser.parse_string(text).entries if "Marks" in entry["title"]
        ]
        assert entry["author"] == (
            "Wang, Zeqing and Zhang, Shiyuan and Barth{\\'e}l{\\'e}my, Jean-Fran{\\c{c}}ois "
            "and Li, Ming"
        )
        assert entry["author+an"] == "1=equal; 2=equal; 3=last; 4=last,corresponding"


def test_a_files_own_annotations_are_exported_with_its_own_words(imported):
    paper = Publication.objects.get(title="Joint First and Joint Last Authors")
    [entry] = bibtexparser.parse_string(bibtex_for_publication(paper)).entries
    assert entry["author+an"] == "1=highlight,first; 2=first; 3=last; 4:family=last,corresponding"


def test_generated_bibtex_round_trips_all_three_marks(owner, imported):
    before = {
        paper.title: list(
            paper.authorships.values_list(
                "name", "equal_contribution", "joint_last", "corresponding"
            )
        )
        for paper in Publication.objects.all()
    }
    Publication.objects.update(bibtex="")
    text = bibtex_for_publications(Publication.objects.order_by("pk"))
    assert "author+an = {1=equal; 2=equal; 3=last; 4=last,corresponding}" in " ".join(text.split())
    Publication.objects.all().delete()
    apply_import(owner, text)
    after = {
        paper.title: list(
            paper.authorships.values_list(
                "name", "equal_contribution", "joint_last", "corresponding"
            )
        )
        for paper in Publication.objects.all()
    }
    assert after == before


def test_text_macros_keep_their_contents(imported):
    assert Publication.objects.filter(
        title="Homogenization of COVID-19 Spread Models with node2vec Embeddings"
    ).exists()


def test_identifiers_are_read_from_any_url_field(imported):
    lavergne = Publication.objects.get(title__startswith="Homogenization")
    assert lavergne.arxiv == "1504.03101"
    assert Publication.objects.get(title__startswith="Geometric").doi == (
        "10.1016/j.jcp.2021.110001"
    )
    assert Publication.objects.get(title__startswith="Name Parts").doi == "10.1000/names.2020.7"


def test_a_preprint_and_its_journal_version_are_one_published_paper(client, imported):
    assert not Publication.objects.filter(title="A Preprint Title").exists()
    paper = Publication.objects.get(arxiv="2503.01234")
    assert (paper.title, paper.type, paper.status, paper.year) == (
        "The Journal Title of the Same Paper",
        Publication.Type.JOURNAL,
        Publication.Status.PUBLISHED,
        2026,
    )
    assert (paper.venue_full, paper.doi) == (
        "Journal of Published Versions",
        "10.1000/published.2026.1",
    )
    journal = row(imported, "journal2026")
    assert journal.status == RowStatus.DUPLICATE and "published version" in journal.reason
    links = get_page(client, paper.get_absolute_url()).select(".pub-links a")
    assert any("arxiv.org/abs/2503.01234" in link["href"] for link in links)


def test_a_preprint_on_the_site_becomes_its_published_version(owner):
    make_publication(
        authors=[owner], title="Early Title", type="preprint", status="preprint", year=2025
    )
    Publication.objects.update(arxiv="2503.01234")
    plan = apply_import(owner, FIDELITY.split("@inproceedings{nocomma2024")[0].split("@misc")[1])
    assert row(plan, "journal2026").status == RowStatus.MERGED
    paper = Publication.objects.get(arxiv="2503.01234")
    assert (paper.title, paper.type, paper.year, paper.doi) == (
        "The Journal Title of the Same Paper",
        Publication.Type.JOURNAL,
        2026,
        "10.1000/published.2026.1",
    )


def test_a_missing_comma_after_the_key_is_recovered_and_flagged(owner):
    plan = preview_import(owner, FIDELITY)
    recovered = row(plan, "nocomma2024")
    assert recovered.status == RowStatus.NEW
    assert recovered.title == "An Entry Without the Comma After Its Key"
    assert any("no comma after the entry key nocomma2024" in flag for flag in recovered.flags)


def test_a_non_standard_entry_type_is_typed_from_its_fields(owner, imported):
    assert Publication.objects.get(title="A Bold Article").type == Publication.Type.JOURNAL
    assert any("@articlebold" in flag for flag in row(imported, "bold2024").flags)


def test_a_note_saying_the_first_authors_contributed_equally_marks_them(client, owner, imported):
    authors = authors_on_page(client, owner, "Equal Contribution Said in a Note")
    assert [marks for _, _, marks in authors] == [{EQUAL}, {EQUAL}, set()]
    assert Publication.objects.get(title__startswith="Equal Contribution").venue_note == ""


def test_a_note_saying_the_last_authors_supervised_jointly_marks_them(client, owner, imported):
    authors = authors_on_page(client, owner, "Joint Last Authorship Said in a Note")
    assert [marks for _, _, marks in authors] == [set(), {LAST}, {LAST}]


def test_a_published_version_listed_before_its_preprint_stays_as_published(imported):
    paper = Publication.objects.get(arxiv="2209.00001")
    assert (paper.title, paper.type, paper.year) == (
        "Published Before Its Preprint Is Listed",
        Publication.Type.JOURNAL,
        2023,
    )
    assert row(imported, "itspreprint2022").status == RowStatus.DUPLICATE


def test_importing_the_file_again_changes_nothing(owner, imported):
    names = list(Authorship.objects.order_by("pk").values_list("name", "family"))
    plan = apply_import(owner, FIDELITY)
    assert plan.count(RowStatus.NEW) == 0
    assert list(Authorship.objects.order_by("pk").values_list("name", "family")) == names


def test_citation_meta_and_json_ld_print_the_names_as_printed(client, owner, imported):
    paper = Publication.objects.get(title__startswith="Homogenization")
    page = get_page(client, paper.get_absolute_url())
    authors = [tag["content"] for tag in page.select('meta[name="citation_author"]')]
    assert authors[0] == "F Lavergne" and authors[-1] == "J.-F. Barthélémy"
    [articles] = [
        block
        for block in json_ld_blocks(get_page(client, f"/{owner.slug}/"))
        if isinstance(block, list)
    ]
    [article] = [item for item in articles if item["headline"] == paper.title]
    assert article["author"][0]["name"] == "F Lavergne"
