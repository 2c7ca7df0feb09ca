"""Read queries for publication pages, with their query plans spelled out.

A list of papers costs four queries whatever its length: the papers, then one each
for all their authorships (with author and linked profile joined in), links and tags.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q

from .models import Authorship, ProfilePublication, Publication, PublicationLink, Tag

# Only what author lists and citation data read: co-authors' bios stay in the database.
_AUTHORSHIP_FIELDS = (
    "publication_id",
    "position",
    "equal_contribution",
    "corresponding",
    "author__name",
    "author__orcid",
    "author__profile__slug",
    "author__profile__name",
    "author__profile__is_published",
)


def with_details(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.select_related("author__profile")
            .only(*_AUTHORSHIP_FIELDS)
            .order_by("position"),
        ),
        Prefetch("links", queryset=PublicationLink.objects.order_by("order", "id")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )


def listed_publications(profile):
    """Papers on ``profile``'s page, newest first, each with ``is_selected`` for this profile."""
    selected = ProfilePublication.objects.filter(
        profile=profile, publication=OuterRef("pk"), selected=True
    )
    return with_details(
        Publication.objects.listed_on(profile).annotate(is_selected=Exists(selected))
    ).newest_first()


def filter_publications(queryset, *, year=None, type="", tag="", text=""):
    """The list page's filters; each is ignored when empty."""
    if year:
        queryset = queryset.filter(year=year)
    if type:
        queryset = queryset.filter(type=type)
    if tag:
        queryset = queryset.filter(tags__slug=tag)
    if text:
        matching_authors = Authorship.objects.filter(
            publication=OuterRef("pk"), author__name__icontains=text
        )
        queryset = queryset.filter(
            Q(title__icontains=text)
            | Q(venue__icontains=text)
            | Q(venue_full__icontains=text)
            | Q(Exists(matching_authors))
        )
    return queryset


def facets(profile):
    """Years, types and tags present on ``profile``'s list, for the filter form (two queries)."""
    rows = Publication.objects.listed_on(profile).values_list("year", "type").distinct()
    years = sorted({year for year, _ in rows if year}, reverse=True)
    types = {kind for _, kind in rows}
    tags = Tag.objects.filter(
        publications__listings__profile=profile, publications__listings__hidden=False
    ).distinct()
    return {
        "years": years,
        "types": [(value, label) for value, label in Publication.Type.choices if value in types],
        "tags": list(tags.order_by("name")),
    }


def publication_for_page(pk):
    return with_details(Publication.objects.filter(pk=pk)).get()
