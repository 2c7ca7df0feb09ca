"""The write-side services bundles (and the BibTeX importer) share: finding or creating
authors, and putting a profile's author into a co-author's paper."""

import pytest

from profiles.tests.factories import ProfileFactory
from publications.models import Author
from publications.services import (
    AuthorCredit,
    merge_linked_author,
    resolve_author,
    set_publication_authors,
)
from publications.tests.factories import author_for, make_publication

pytestmark = pytest.mark.django_db


def names(publication):
    return [
        (ship.author.name, ship.author.profile_id, ship.position)
        for ship in publication.authorships.select_related("author")
    ]


def test_linked_author_takes_the_unlinked_author_at_its_position_when_no_name_matches():
    ada = ProfileFactory(name="Ada Lovelace")
    publication = make_publication(authors=["Bob", "Countess L."])
    merged = merge_linked_author(
        publication=publication,
        credit=AuthorCredit(author_for(ada), corresponding=True),
        position=1,
    )
    assert names(publication) == [("Bob", None, 0), ("Ada Lovelace", ada.pk, 1)]
    assert merged.corresponding
    assert not Author.objects.filter(name="Countess L.").exists()  # orphan removed


def test_linked_author_never_takes_the_place_of_a_coauthor_the_import_also_names():
    # The site has a shortened list; the import has the full one, where the owner stands
    # where the site has Bob. Bob is a co-author in both, not a spelling of Dave.
    dave = ProfileFactory(name="Dave Diaz")
    publication = make_publication(authors=["Alice", "Bob Builder", "Carol"])
    merge_linked_author(
        publication=publication,
        credit=AuthorCredit(author_for(dave)),
        position=1,
        listed=["Alice", "Dave Diaz", "Bob Builder", "Carol", "Erin"],
    )
    assert names(publication) == [
        ("Alice", None, 0),
        ("Bob Builder", None, 1),
        ("Carol", None, 2),
        ("Dave Diaz", dave.pk, 3),
    ]


def test_linked_author_is_appended_rather_than_displacing_another_profile():
    ada, bob = ProfileFactory(name="Ada Lovelace"), ProfileFactory(name="Bob")
    publication = make_publication(authors=[bob])
    merge_linked_author(publication=publication, credit=AuthorCredit(author_for(ada)), position=0)
    assert names(publication) == [("Bob", bob.pk, 0), ("Ada Lovelace", ada.pk, 1)]


def test_merging_twice_changes_nothing():
    ada = ProfileFactory(name="Ada Lovelace")
    publication = make_publication(authors=["Ada Lovelace", "Bob"])
    credit = AuthorCredit(author_for(ada), equal_contribution=True)
    merge_linked_author(publication=publication, credit=credit, position=0)
    merge_linked_author(publication=publication, credit=AuthorCredit(author_for(ada)), position=0)
    assert names(publication) == [("Ada Lovelace", ada.pk, 0), ("Bob", None, 1)]
    assert publication.authorships.get(position=0).equal_contribution


def test_resolve_author_reuses_by_exact_name_and_orcid():
    plain = Author.objects.create(name="Carol King")
    orcid = "0000-0002-1825-0097"
    assert resolve_author(name="Carol King") == plain
    with_orcid = resolve_author(name="Carol King", orcid=orcid)
    assert with_orcid != plain and with_orcid.orcid == orcid
    assert resolve_author(name="Carol King", orcid=orcid) == with_orcid
    assert resolve_author(name="Carol  King") not in (plain, with_orcid)


def test_resolve_author_for_a_profile_fills_in_a_missing_orcid():
    ada = ProfileFactory(name="Ada Lovelace")
    author = resolve_author(name="Ada Lovelace", profile=ada)
    again = resolve_author(name="Ada Lovelace", profile=ada, orcid="0000-0002-1825-0097")
    assert again == author and again.orcid == "0000-0002-1825-0097"


def test_setting_the_author_list_removes_authors_left_without_papers():
    publication = make_publication(authors=["Old One", "Kept"])
    kept = Author.objects.get(name="Kept")
    new = Author.objects.create(name="New")
    set_publication_authors(
        publication=publication,
        credits=[AuthorCredit(new, corresponding=True), AuthorCredit(kept)],
    )
    assert names(publication) == [("New", None, 0), ("Kept", None, 1)]
    assert not Author.objects.filter(name="Old One").exists()
