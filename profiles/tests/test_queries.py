"""Page query counts do not grow with the data: 5 papers or 300 papers of 12 authors."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from profiles.models import NewsItem
from profiles.tests.factories import (
    AwardFactory,
    CustomSectionFactory,
    PositionFactory,
    ProfileFactory,
    ProfileLinkFactory,
    ServiceFactory,
)
from publications.citations.models import CitationCount
from publications.models import (
    Author,
    Authorship,
    ProfilePublication,
    Publication,
    PublicationLink,
    Tag,
)

pytestmark = pytest.mark.django_db

# Profile page: profile, links, news, positions, awards, services, custom sections (7),
# then papers, their author rows (authors and profiles joined in) and links (3).
PROFILE_PAGE_QUERIES = 10
# Publication list: profile and its header links, the papers plan (3) and their tags (which
# the articles carry for filtering in a static copy), and the filter form's years/types
# and tags.
PUBLICATION_LIST_QUERIES = 8
# Directory: the page's profiles and the paginator's count.
DIRECTORY_QUERIES = 2


def build_profile(papers, authors_per_paper, *, slug):
    """A full profile with ``papers`` papers built in bulk (signals are not needed here)."""
    profile = ProfileFactory(
        slug=slug,
        section_order=["about", "news", "publications", "positions", "awards", "services", "Talks"],
        bio="Bio",
    )
    ProfileLinkFactory(profile=profile)
    PositionFactory(profile=profile)
    AwardFactory(profile=profile)
    ServiceFactory(profile=profile)
    CustomSectionFactory(profile=profile, title="Talks")
    NewsItem.objects.bulk_create(
        NewsItem(profile=profile, date=f"{2000 + i % 25}-0{1 + i % 9}", text=f"News {i}")
        for i in range(papers // 3 + 1)
    )
    colleague = ProfileFactory(slug=f"{slug}-colleague")
    owner_author = Author.objects.create(name=profile.name, profile=profile)
    colleague_author = Author.objects.create(name=colleague.name, profile=colleague)
    others = Author.objects.bulk_create(
        Author(name=f"{slug} co-author {i}") for i in range(authors_per_paper)
    )
    publications = Publication.objects.bulk_create(
        Publication(title=f"Paper {i}", year=2000 + i % 25, venue="CVPR", tldr="x", abstract="y")
        for i in range(papers)
    )
    tag = Tag.objects.create(name=f"{slug}-topic")
    authorships, links, tagged = [], [], []
    for publication in publications:
        people = [owner_author, colleague_author, *others][:authors_per_paper]
        authorships += [
            Authorship(
                publication=publication, author=person, position=position, corresponding=True
            )
            for position, person in enumerate(people)
        ]
        links.append(PublicationLink(publication=publication, label="code", url="https://x.org"))
        tagged.append(Publication.tags.through(publication=publication, tag=tag))
    Authorship.objects.bulk_create(authorships)
    PublicationLink.objects.bulk_create(links)
    Publication.tags.through.objects.bulk_create(tagged)
    ProfilePublication.objects.bulk_create(
        ProfilePublication(profile=profile, publication=publication, status="accepted")
        for publication in publications
    )
    return profile


@pytest.fixture
def small():
    return build_profile(5, 3, slug="small")


@pytest.fixture
def big():
    return build_profile(300, 12, slug="big")


def render(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", ["small", "big"])
def test_profile_page_query_count_is_constant(client, django_assert_num_queries, request, size):
    profile = request.getfixturevalue(size)
    with django_assert_num_queries(PROFILE_PAGE_QUERIES):
        response = render(client, profile.get_absolute_url())
    expected = 5 if size == "small" else 300
    assert response.content.count(b'<article class="publication') == expected


@pytest.mark.parametrize("size", ["small", "big"])
def test_publication_list_query_count_is_constant(client, django_assert_num_queries, request, size):
    profile = request.getfixturevalue(size)
    with django_assert_num_queries(PUBLICATION_LIST_QUERIES):
        render(client, f"/{profile.slug}/publications/")
    with django_assert_num_queries(PUBLICATION_LIST_QUERIES):
        render(client, f"/{profile.slug}/publications/?q=paper&year=2001&tag={profile.slug}-topic")


@pytest.mark.parametrize("count", [3, 60])
def test_directory_query_count_is_constant(client, django_assert_num_queries, count):
    for index in range(count):
        ProfileFactory(interests=["vision"], name=f"Person {index}")
    with django_assert_num_queries(DIRECTORY_QUERIES):
        render(client, "/")
    with django_assert_num_queries(DIRECTORY_QUERIES):
        render(client, "/?q=vision")


def test_paper_page_query_count_does_not_grow_with_authors(client, django_assert_num_queries, big):
    paper = Publication.objects.filter(listings__profile=big).first()
    # Visibility check, the paper, its links, its tags and its author rows (which the
    # BibTeX block reads too), its citation counts where a profile listing it shows them.
    with django_assert_num_queries(6):
        render(client, paper.get_absolute_url())


def add_citation_counts(profile):
    now = timezone.now()
    CitationCount.objects.bulk_create(
        CitationCount(
            publication=paper,
            source=source,
            count=index + rank,
            by_year={"2024": index, "2025": rank},
            read_at=now,
            checked_at=now,
        )
        for index, paper in enumerate(Publication.objects.listed_on(profile))
        for rank, source in enumerate(["openalex", "semantic_scholar", "crossref"])
    )
    profile.show_citations = True
    profile.save()


@pytest.mark.parametrize("size", ["small", "big"])
def test_citations_cost_one_query_whatever_the_number_of_papers(
    client, django_assert_num_queries, request, size
):
    profile = request.getfixturevalue(size)
    add_citation_counts(profile)
    expected = 5 if size == "small" else 300
    # One query for the counts of every paper (the summary and chart come from it).
    with django_assert_num_queries(PROFILE_PAGE_QUERIES + 1):
        response = render(client, profile.get_absolute_url())
    assert response.content.count(b'<p class="pub-citations">') == expected
    assert b'<figure class="citation-chart">' in response.content
    with django_assert_num_queries(PUBLICATION_LIST_QUERIES + 1):
        response = render(client, f"/{profile.slug}/publications/")
    assert response.content.count(b'<p class="pub-citations">') == expected


def test_a_cached_page_needs_no_query(client, django_assert_num_queries, small):
    render(client, small.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(small.get_absolute_url()).status_code == 200


def test_paper_page_with_marks_in_its_stored_bibtex_needs_no_more_queries(
    client, django_assert_num_queries, big
):
    paper = Publication.objects.filter(listings__profile=big).first()
    names = " and ".join(f"Person{index}*, A" for index in range(12))
    paper.bibtex = f"@article{{key,\n  author = {{{names}}},\n  title = {{{paper.title}}},\n}}"
    paper.save()
    # The marks moved to author+an come from the author rows the page reads anyway: the
    # same six queries as any paper page.
    with django_assert_num_queries(6):
        response = render(client, paper.get_absolute_url())
    text = response.content.decode()
    assert "Person0, A and Person1, A" in text
    assert "author+an = {1=corresponding; 2=corresponding;" in text  # the paper's, not "*"
