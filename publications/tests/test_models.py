import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from publications.models import Authorship, Publication, Tag
from publications.tests.factories import AuthorFactory, PublicationFactory, make_publication

pytestmark = pytest.mark.django_db


def clean_errors(publication):
    with pytest.raises(ValidationError) as error:
        publication.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("10.1109/CVPR52729.2023.01234", "10.1109/CVPR52729.2023.01234"),
        ("https://doi.org/10.1145/3592433", "10.1145/3592433"),
        ("doi:10.48550/arXiv.2301.10938", "10.48550/arXiv.2301.10938"),
    ],
)
def test_doi_is_stored_bare(typed, stored):
    publication = PublicationFactory.build(doi=typed)
    publication.full_clean()
    assert publication.doi == stored


def test_malformed_doi_names_the_expected_form():
    errors = clean_errors(PublicationFactory.build(doi="CVPR 2023 paper"))
    assert errors["doi"] == ["'CVPR 2023 paper' is not a DOI: expected 10.NNNN/suffix."]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2301.10938", "2301.10938"),
        ("arXiv:2301.10938v3", "2301.10938"),
        ("https://arxiv.org/abs/2301.10938v2", "2301.10938"),
        ("https://arxiv.org/pdf/2301.10938.pdf", "2301.10938"),
        ("hep-th/9901001", "hep-th/9901001"),
    ],
)
def test_arxiv_id_is_stored_bare_without_version(typed, stored):
    publication = PublicationFactory.build(arxiv=typed)
    publication.full_clean()
    assert publication.arxiv == stored


def test_malformed_arxiv_id_names_the_expected_form():
    errors = clean_errors(PublicationFactory.build(arxiv="23.01"))
    assert errors["arxiv"] == ["'23.01' is not an arXiv id: expected e.g. 2301.10938."]


@pytest.mark.parametrize("status", ["published", "accepted"])
def test_year_is_required_unless_preprint_or_under_review(status):
    errors = clean_errors(PublicationFactory.build(year=None, status=status))
    assert errors["year"] == ["A year is required unless the paper is a preprint or under review."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(year=None, status=status)


@pytest.mark.parametrize("status", ["preprint", "under_review"])
def test_preprints_may_have_no_year_and_come_first(status):
    undated = PublicationFactory(year=None, status=status, title="Undated")
    undated.full_clean()
    PublicationFactory(year=2025, title="Recent")
    PublicationFactory(year=2019, title="Old")
    assert list(Publication.objects.values_list("title", flat=True)) == [
        "Undated",
        "Recent",
        "Old",
    ]


def test_date_fills_in_the_year_and_must_agree_with_it():
    publication = PublicationFactory(year=None, date="2023-06-18")
    assert publication.year == 2023
    errors = clean_errors(PublicationFactory.build(year=2024, date="2023-06"))
    assert errors["date"] == ["The date 2023-06 is not in the year 2024."]


def test_doi_is_unique_ignoring_case():
    PublicationFactory(doi="10.1234/ABC.def")
    errors = clean_errors(PublicationFactory.build(doi="10.1234/abc.DEF"))
    assert errors["__all__"] == ["Another publication already has this DOI."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(doi="10.1234/abc.def")


def test_papers_without_doi_or_arxiv_do_not_clash():
    PublicationFactory(doi="", arxiv="")
    PublicationFactory(doi="", arxiv="")
    assert Publication.objects.count() == 2


def test_arxiv_id_is_unique():
    PublicationFactory(arxiv="2301.10938")
    errors = clean_errors(PublicationFactory.build(arxiv="arXiv:2301.10938v2"))
    assert errors["__all__"] == ["Another publication already has this arXiv id."]


def test_title_key_is_kept_in_step_with_the_title():
    publication = PublicationFactory(title="GA-S3: Comprehensive Évaluation")
    assert publication.title_key == "ga s3 comprehensive evaluation"
    publication.title = "Other Title"
    publication.save(update_fields=["title"])
    publication.refresh_from_db()
    assert publication.title_key == "other title"


def test_two_authors_cannot_share_a_position_or_appear_twice():
    publication = make_publication(authors=["Ada", "Bob"])
    ada = publication.authorships.get(position=0).author
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, author=AuthorFactory(), position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, author=ada, position=5)


def test_author_with_papers_cannot_be_deleted():
    publication = make_publication(authors=["Ada"])
    with pytest.raises(ProtectedError):
        publication.authorships.get().author.delete()


def test_author_orcid_is_checked_and_normalised():
    author = AuthorFactory.build(orcid="0000-0002-1694-233x")
    author.full_clean()
    assert author.orcid == "0000-0002-1694-233X"
    with pytest.raises(ValidationError) as error:
        AuthorFactory.build(orcid="0000-0002-1825-0090").full_clean()
    assert error.value.message_dict["orcid"] == [
        "0000-0002-1825-0090 is not a valid ORCID iD: its check digit is wrong (typo?)."
    ]


def test_tag_gets_a_slug_from_its_name():
    assert Tag.objects.create(name="3D Vision").slug == "3d-vision"
    assert Tag.objects.create(name="视觉").slug == "视觉"


def test_author_names_are_in_printed_order_from_rows_or_from_authorships(
    django_assert_num_queries,
):
    from publications.selectors import attach_author_rows

    paper = make_publication(authors=["Zoë Last", "Ada First", "Mid Dle"])
    from_authorships = Publication.objects.get(pk=paper.pk).author_names()
    [with_rows] = attach_author_rows([Publication.objects.get(pk=paper.pk)])
    with django_assert_num_queries(0):
        from_rows = with_rows.author_names()

    assert from_authorships == from_rows == ["Zoë Last", "Ada First", "Mid Dle"]
