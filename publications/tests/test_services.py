import pytest

from profiles.tests.factories import ProfileFactory
from publications.models import Author, Authorship, ProfilePublication, Publication
from publications.services import (
    delete_profile,
    find_existing_publication,
    renumber_authorships,
    set_author_order,
)
from publications.tests.factories import author_for, make_publication

pytestmark = pytest.mark.django_db


def positions(publication):
    return list(
        publication.authorships.order_by("position").values_list("author__name", "position")
    )


def test_reordering_authors_keeps_positions_unique_and_contiguous():
    publication = make_publication(authors=["Ada", "Bob", "Cy"])
    ada, bob, cy = publication.authorships.order_by("position")
    set_author_order(publication=publication, authorships=[cy, ada, bob])
    assert positions(publication) == [("Cy", 0), ("Ada", 1), ("Bob", 2)]


def test_removing_an_author_closes_the_gap():
    publication = make_publication(authors=["Ada", "Bob", "Cy"])
    publication.authorships.get(author__name="Bob").delete()
    renumber_authorships(publication)
    assert positions(publication) == [("Ada", 0), ("Cy", 1)]


def test_paper_is_listed_on_every_linked_coauthors_profile_once():
    alice, bob = ProfileFactory(name="Alice"), ProfileFactory(name="Bob")
    publication = make_publication(authors=[alice, "Carol", bob])
    assert Publication.objects.count() == 1
    assert set(Publication.objects.listed_on(alice)) == {publication}
    assert set(Publication.objects.listed_on(bob)) == {publication}


def test_linking_an_author_to_a_profile_lists_its_papers_there():
    carol = Author.objects.create(name="Carol")
    publication = make_publication(authors=[carol])
    profile = ProfileFactory(name="Carol")
    carol.profile = profile
    carol.save()
    assert list(Publication.objects.listed_on(profile)) == [publication]


def test_hidden_listing_is_not_shown_on_that_profile_only():
    alice, bob = ProfileFactory(), ProfileFactory()
    publication = make_publication(authors=[alice, bob])
    ProfilePublication.objects.filter(profile=alice).update(hidden=True)
    assert list(Publication.objects.listed_on(alice)) == []
    assert list(Publication.objects.listed_on(bob)) == [publication]


def test_deleting_a_profile_keeps_papers_its_coauthors_list():
    alice, bob = ProfileFactory(), ProfileFactory()
    shared = make_publication(authors=[alice, bob], title="Shared work")
    make_publication(authors=[alice, "Someone"], title="Alice alone")
    alice_author = author_for(alice)
    delete_profile(alice)
    assert list(Publication.objects.values_list("title", flat=True)) == ["Shared work"]
    # Bob's paper still names Alice, now as an unlinked author, in the same position.
    alice_author.refresh_from_db()
    assert alice_author.profile is None
    assert positions(shared)[0] == (alice_author.name, 0)


def test_author_with_papers_cannot_be_deleted():
    from django.db.models import ProtectedError

    publication = make_publication(authors=["Ada"])
    with pytest.raises(ProtectedError):
        Author.objects.get(name="Ada").delete()
    assert Authorship.objects.filter(publication=publication).count() == 1


@pytest.mark.parametrize(
    ("lookup", "expected"),
    [
        ({"doi": "https://doi.org/10.1145/3460426.3463629"}, True),
        ({"doi": "10.1145/3460426.3463629".upper()}, True),
        ({"arxiv": "arXiv:2301.10938v2"}, True),
        (
            {
                "title": "compact transformer tracker — with correlative masked modeling",
                "year": 2023,
            },
            True,
        ),
        (
            {"title": "Compact Transformer Tracker with Correlative Masked Modeling", "year": 2022},
            False,
        ),
    ],
)
def test_duplicates_are_found_by_doi_arxiv_or_title_and_year(lookup, expected):
    publication = make_publication(
        authors=["Zikai Song"],
        title="Compact Transformer Tracker with Correlative Masked Modeling",
        year=2023,
        doi="10.1145/3460426.3463629",
        arxiv="2301.10938",
    )
    assert (find_existing_publication(**lookup) == publication) is expected
