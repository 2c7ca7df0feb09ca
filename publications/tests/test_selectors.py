"""The paper page's loader and its batch preload for pages rendered in a row."""

import pytest

from profiles.tests.factories import ProfileFactory
from publications.models import ProfilePublication
from publications.selectors import is_public, preloaded_publications, publication_for_page
from publications.tests.factories import TagFactory, make_publication

pytestmark = pytest.mark.django_db


def shown(publication):
    return (
        publication.title,
        [row.name for row in publication.author_rows],
        [tag.name for tag in publication.tags.all()],
        publication.author_names(),
    )


def test_preloaded_papers_are_loaded_once_for_the_batch_and_read_the_same(
    django_assert_num_queries,
):
    owner = ProfileFactory()
    papers = [make_publication(authors=[owner, f"Co {n}"], title=f"Paper {n}") for n in range(3)]
    papers[0].tags.add(TagFactory(name="vision"), TagFactory(name="audio"))
    alone = [shown(publication_for_page(paper.pk)) for paper in papers]

    # The paper, its links, tags and author rows: once for all three.
    with (
        preloaded_publications([paper.pk for paper in papers]),
        django_assert_num_queries(4),
    ):
        batch = [shown(publication_for_page(paper.pk)) for paper in papers]

    assert batch == alone
    assert batch[0][2] == ["audio", "vision"]


def test_a_paper_outside_the_batch_or_rendered_twice_is_loaded_on_its_own(
    django_assert_num_queries,
):
    owner = ProfileFactory()
    first, other = (make_publication(authors=[owner], title=title) for title in ("A", "B"))

    with preloaded_publications([first.pk]):
        publication_for_page(first.pk)
        with django_assert_num_queries(4):
            assert publication_for_page(first.pk).title == "A"
        with django_assert_num_queries(4):
            assert publication_for_page(other.pk).title == "B"


def test_public_check_answers_a_batch_from_one_query_as_it_would_alone(django_assert_num_queries):
    owner = ProfileFactory(is_published=True)
    draft = ProfileFactory(is_published=False)
    shown_paper = make_publication(authors=[owner], title="Shown")
    hidden_paper = make_publication(authors=[owner], title="Hidden")
    ProfilePublication.objects.filter(publication=hidden_paper).update(hidden=True)
    draft_paper = make_publication(authors=[draft], title="Draft")
    papers = [shown_paper, hidden_paper, draft_paper]
    late = make_publication(authors=[owner], title="Late")
    alone = [is_public(paper.pk) for paper in papers]

    with preloaded_publications([paper.pk for paper in papers]):
        with django_assert_num_queries(1):
            batch = [is_public(paper.pk) for paper in papers]
        # Outside the batch: its own query, same answer.
        with django_assert_num_queries(1):
            assert is_public(late.pk) is True

    assert batch == alone == [True, False, False]
