"""Migration 0003: papers made before printed names keep the names they print."""

import pytest

OLD = ("publications", "0002_bounded_texts_web_urls_bibtex_preview")
NEW = ("publications", "0003_printed_names_and_joint_last")

LAVERGNE = """@article{lavergne2019,
  author = {Lavergne, F and Guérin*, Benoît and {International Headache Genetics Consortium}},
  author+an = {3=last},
  title = {Imported with Its Own Spellings},
  journal = {J},
  year = {2019},
}"""
EDITED = """@article{edited2020,
  author = {Someone, Else and Smith, John},
  title = {Edited After Import},
  year = {2020},
}"""


@pytest.fixture
def old_rows(migrator):
    """Rows made in the old shape: names only on the author (the person)."""
    old = migrator.apply_initial_migration(OLD)
    Author = old.apps.get_model("publications", "Author")
    Publication = old.apps.get_model("publications", "Publication")
    Authorship = old.apps.get_model("publications", "Authorship")

    def paper(title, names, bibtex="", **marks):
        publication = Publication.objects.create(
            title=title, title_key=title.casefold(), year=2020, bibtex=bibtex
        )
        for position, name in enumerate(names):
            author, _ = Author.objects.get_or_create(name=name)
            Authorship.objects.create(
                publication=publication,
                author=author,
                position=position,
                equal_contribution=position in marks.get("equal", ()),
            )

    paper("Typed in the Admin", ["Jan van der Berg", "Barnes and Noble, Inc."])
    paper(
        "Imported with Its Own Spellings",
        ["Francis Lavergne", "Benoît Guérin", "International Headache Genetics Consortium"],
        LAVERGNE,
        equal=[1],
    )
    paper("Edited After Import", ["Ada Lovelace", "John Smith"], EDITED)
    paper("Fewer Authors Than Its BibTeX", ["Francis Lavergne"], LAVERGNE)
    return migrator


def printed(new, title):
    Authorship = new.apps.get_model("publications", "Authorship")
    return list(
        Authorship.objects.filter(publication__title=title)
        .order_by("position")
        .values_list(
            "name",
            "given",
            "particle",
            "family",
            "suffix",
            "literal",
            "equal_contribution",
            "joint_last",
        )
    )


def test_names_typed_before_keep_printing_as_typed_with_their_parts(old_rows):
    new = old_rows.apply_tested_migration(NEW)
    assert printed(new, "Typed in the Admin") == [
        ("Jan van der Berg", "Jan", "van der", "Berg", "", False, False, False),
        ("Barnes and Noble, Inc.", "", "", "", "", True, False, False),
    ]


def test_imported_papers_print_their_stored_bibtex_spellings_and_marks(old_rows):
    new = old_rows.apply_tested_migration(NEW)
    assert printed(new, "Imported with Its Own Spellings") == [
        ("F Lavergne", "F", "", "Lavergne", "", False, False, False),
        ("Benoît Guérin", "Benoît", "", "Guérin", "", False, True, False),
        ("International Headache Genetics Consortium", "", "", "", "", True, False, True),
    ]


def test_bibtex_naming_other_people_or_another_count_is_not_used(old_rows):
    new = old_rows.apply_tested_migration(NEW)
    assert [row[0] for row in printed(new, "Edited After Import")] == [
        "Ada Lovelace",
        "John Smith",
    ]
    assert [row[0] for row in printed(new, "Fewer Authors Than Its BibTeX")] == ["Francis Lavergne"]
