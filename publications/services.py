"""Workflows on papers that write several rows; each runs in one transaction."""

from django.db import transaction
from django.db.models import F, Q

from .models import Author, Authorship, ProfilePublication, Publication
from .normalize import arxiv_base, clean_arxiv, clean_doi, normalize_title

# Positions are moved out of the way before renumbering, so the unique
# (publication, position) constraint holds at every step on every database.
_POSITION_OFFSET = 10_000


def find_existing_publication(*, doi="", arxiv="", title="", year=None, exclude_pk=None):
    """The publication this one duplicates: same DOI, same arXiv id, or same title and year."""
    queryset = Publication.objects.all()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    doi = clean_doi(doi)
    if doi:
        match = queryset.filter(doi__iexact=doi).first()
        if match:
            return match
    arxiv = arxiv_base(clean_arxiv(arxiv)) if arxiv else ""
    if arxiv:
        match = queryset.filter(arxiv=arxiv).first()
        if match:
            return match
    key = normalize_title(title)
    if key:
        return queryset.filter(title_key=key, year=year).first()
    return None


@transaction.atomic
def set_author_order(*, publication, authorships):
    """Give ``authorships`` (saved or not) positions 0..n-1 in the order given."""
    Authorship.objects.filter(publication=publication).update(
        position=F("position") + _POSITION_OFFSET
    )
    for position, authorship in enumerate(authorships):
        authorship.publication = publication
        authorship.position = position
        authorship.save()


@transaction.atomic
def renumber_authorships(publication):
    """Close gaps left by removed authors, keeping the order."""
    set_author_order(
        publication=publication,
        authorships=list(Authorship.objects.filter(publication=publication).order_by("position")),
    )


def add_listings_for_author(author):
    """List every paper of ``author`` on the profile it is linked to."""
    if not author.profile_id:
        return
    ProfilePublication.objects.bulk_create(
        [
            ProfilePublication(profile_id=author.profile_id, publication_id=publication_id)
            for publication_id in author.authorships.values_list("publication_id", flat=True)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def delete_profile(profile):
    """Delete a profile and the papers only it lists; papers its co-authors list stay.

    Its authors stay too (now unlinked), because co-authors' papers name them.
    """
    shared = ProfilePublication.objects.exclude(profile=profile).values("publication_id")
    own_only = Publication.objects.filter(listings__profile=profile).exclude(pk__in=shared)
    orphan_authors = list(Author.objects.filter(profile=profile).values_list("pk", flat=True))
    own_only.delete()
    profile.delete()
    Author.objects.filter(pk__in=orphan_authors, authorships__isnull=True).delete()


def authors_matching(name):
    """Unlinked authors with exactly this name, for reuse when importing."""
    return Author.objects.filter(Q(name=name), profile__isnull=True)
