"""Read queries for publication pages, with their query plans spelled out.

A list of papers costs three queries whatever its length: the papers, then one each
for all their authors (as plain rows) and links. Authors are read as tuples,
not model instances: a profile of 300 papers has thousands of author rows, and
building Authorship, Author and Profile objects for each costs more than the page.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.utils.text import slugify

from .models import NEWEST_FIRST, Authorship, ProfilePublication, Publication, PublicationLink, Tag
from .printed_names import PrintedName


class AuthorRow(NamedTuple):
    """One author of one paper as pages show it, in printed order (a tuple: cheap to build).

    ``name`` and its parts are as printed on this paper; the profile is the person's.
    """

    name: str
    given: str
    particle: str
    family: str
    suffix: str
    literal: bool
    profile_id: int | None
    profile_slug: str | None
    profile_published: bool
    equal: bool
    corresponding: bool
    joint_last: bool

    @property
    def printed(self):
        return PrintedName(*self[:6])


_AUTHOR_COLUMNS = (
    "name",
    "given",
    "particle",
    "family",
    "suffix",
    "literal",
    "author__profile_id",
    "author__profile__slug",
    "author__profile__is_published",
    "equal_contribution",
    "corresponding",
    "joint_last",
)


def attach_author_rows(publications):
    """Set ``author_rows`` on each of ``publications`` with one query for all of them."""
    publications = list(publications)
    rows = {publication.pk: [] for publication in publications}
    query = (
        Authorship.objects.filter(publication__in=list(rows))
        .order_by("publication_id", "position")
        .values_list("publication_id", *_AUTHOR_COLUMNS)
    )
    make = AuthorRow._make
    for row in query:
        rows[row[0]].append(make(row[1:]))
    for publication in publications:
        publication.author_rows = rows[publication.pk]
    return publications


def with_details(queryset):
    """Links prefetched; call :func:`attach_author_rows` on the evaluated list."""
    return queryset.prefetch_related(
        Prefetch("links", queryset=PublicationLink.objects.order_by("order", "id"))
    )


def listed_publications(profile):
    """Papers on ``profile``'s page in the profile's order (newest first, or by hand), each
    with ``is_selected`` for this profile.

    A queryset, so filters can narrow it; evaluate it with :func:`load`.
    """
    listing = ProfilePublication.objects.filter(profile=profile, publication=OuterRef("pk"))
    queryset = Publication.objects.listed_on(profile).annotate(
        is_selected=Exists(listing.filter(selected=True))
    )
    if profile.publication_order == profile.PublicationOrder.MANUAL:
        # Ties (papers listed since the last drag) newest first.
        queryset = queryset.annotate(listing_order=Subquery(listing.values("order")[:1])).order_by(
            "listing_order", *NEWEST_FIRST
        )
    else:
        queryset = queryset.newest_first()
    return with_details(queryset)


def load(queryset):
    """Evaluate a :func:`with_details` queryset and attach its author rows."""
    return attach_author_rows(queryset)


def filter_publications(queryset, *, year=None, type="", tag="", text=""):
    """The list page's filters; each is ignored when empty."""
    if year:
        queryset = queryset.filter(year=year)
    if type:
        queryset = queryset.filter(type=type)
    if tag:
        # A typed ?tag=Computer Vision finds the slug computer-vision too.
        slugs = {tag, slugify(tag, allow_unicode=True)}
        tagged = Tag.objects.filter(publications=OuterRef("pk"), slug__in=slugs)
        queryset = queryset.filter(Exists(tagged))
    if text:
        matching_authors = Authorship.objects.filter(
            publication=OuterRef("pk"), name__icontains=text
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
        publications__listings__profile=profile,
        publications__listings__hidden=False,
        publications__listings__status=ProfilePublication.Status.ACCEPTED,
    ).distinct()
    return {
        "years": years,
        "types": [(value, label) for value, label in Publication.Type.choices if value in types],
        "tags": list(tags.order_by("name")),
    }


def attach_tag_slugs(publications):
    """Set ``tag_slugs`` on each of ``publications`` (evaluated) with one query: plain
    strings, for the list page's filter data, without a Tag instance per paper."""
    slugs = {publication.pk: [] for publication in publications}
    rows = Publication.tags.through.objects.filter(publication_id__in=list(slugs))
    for publication_id, slug in rows.order_by("tag__slug").values_list(
        "publication_id", "tag__slug"
    ):
        slugs[publication_id].append(slug)
    for publication in publications:
        publication.tag_slugs = slugs[publication.pk]
    return publications


def attach_tags(publications):
    """Prefetch the tags of ``publications`` (evaluated), by name, with one query."""
    prefetch_related_objects(publications, Prefetch("tags", queryset=Tag.objects.order_by("name")))
    return publications


def _for_page(queryset):
    return with_details(queryset).prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


class _Preload:
    """Papers announced by :func:`preloaded_publications`, loaded on first need."""

    def __init__(self, pks):
        self.pks = set(pks)
        self.papers = None
        self.public = None
        self.loaded = {}

    def is_public(self, pk):
        if pk not in self.pks:
            return None
        if self.public is None:
            listed = publicly_listed(Publication.objects.filter(pk__in=self.pks))
            self.public = set(listed.values_list("pk", flat=True))
        return pk in self.public

    def take(self, pk):
        if pk not in self.pks:
            return None
        if self.papers is None:
            loaded = attach_author_rows(_for_page(Publication.objects.filter(pk__in=self.pks)))
            self.papers = {publication.pk: publication for publication in loaded}
        # Each object serves one page; a second render of the same paper queries afresh.
        return self.papers.pop(pk, None)

    def lookup(self, name, pk, load):
        if pk not in self.pks:
            return None
        if name not in self.loaded:
            self.loaded[name] = load(self.pks)
        return self.loaded[name].get(pk)


_preload = ContextVar("preloaded_publications", default=None)


def batch_lookup(name, pk, load):
    """``load(pks)[pk]``, where within :func:`preloaded_publications` ``load`` runs once
    for every paper of the batch (keyed by ``name``), else for ``pk`` alone.

    ``load`` returns a dict by paper id holding every paper it was asked for.
    """
    preload = _preload.get()
    found = preload.lookup(name, pk, load) if preload is not None else None
    return found if found is not None else load({pk})[pk]


@contextmanager
def preloaded_publications(pks):
    """Within the block, :func:`publication_for_page` takes these papers from one load
    and :func:`is_public` answers for them from one query.

    For code that renders many paper pages in a row (the static export): the queries of
    ``publication_for_page`` run once for all of ``pks``, on the first page that needs
    them (pages served from the page cache need none), instead of once per page.
    """
    token = _preload.set(_Preload(pks))
    try:
        yield
    finally:
        _preload.reset(token)


def publicly_listed(queryset):
    """Papers listed (accepted, not hidden) on a published profile: public to anyone."""
    return queryset.filter(
        listings__profile__is_published=True,
        listings__hidden=False,
        listings__status=ProfilePublication.Status.ACCEPTED,
    )


def is_public(pk):
    """Whether paper ``pk`` is public; within :func:`preloaded_publications`, one query a batch."""
    preload = _preload.get()
    public = preload.is_public(pk) if preload is not None else None
    if public is None:
        public = publicly_listed(Publication.objects.filter(pk=pk)).exists()
    return public


def publication_for_page(pk):
    """One paper with its author rows, links and tags."""
    preload = _preload.get()
    publication = preload.take(pk) if preload is not None else None
    if publication is None:
        publication = attach_author_rows([_for_page(Publication.objects.filter(pk=pk)).get()])[0]
    return publication
