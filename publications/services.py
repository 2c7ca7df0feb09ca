"""Workflows on papers that write several rows; each runs in one transaction."""

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils.text import slugify

from .claims import list_papers
from .models import Author, Authorship, ProfilePublication, Publication, Tag
from .normalize import arxiv_base, clean_arxiv, clean_doi, normalize_name, normalize_title
from .printed_names import PrintedName

# Positions are moved out of the way before renumbering, so the unique
# (publication, position) constraint holds at every step on every database.
_POSITION_OFFSET = 10_000


# Any number, the same in every process: the key of the advisory lock imports share.
_IMPORT_LOCK = 0x5C401A2


def lock_imports():
    """Wait for, then hold until the transaction ends, the site's import lock: imports
    (BibTeX, bundles) run one at a time. One per profile would not do: imports onto two
    profiles meet on shared rows (a tag, a co-author's name, a DOI both create), and
    imports are short. PostgreSQL: a transaction-scoped advisory lock. SQLite: its
    transactions begin IMMEDIATE (config/settings/base.py), holding the database's write
    lock already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK])


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
    """List every paper of ``author`` on the profile it is linked to (or propose them
    there: publications.claims)."""
    if not author.profile_id:
        return
    list_papers(
        {
            (author.profile_id, publication_id): False
            for publication_id in author.authorships.values_list("publication_id", flat=True)
        }
    )


@transaction.atomic
def delete_profile(profile):
    """Delete a profile and the papers only it lists; papers its co-authors list stay.

    Its authors stay too (now unlinked), because co-authors' papers name them.
    """
    # A claim another profile has not accepted does not keep the paper alive.
    shared = (
        ProfilePublication.objects.exclude(profile=profile)
        .filter(status=ProfilePublication.Status.ACCEPTED)
        .values("publication_id")
    )
    own_only = Publication.objects.filter(listings__profile=profile).exclude(pk__in=shared)
    orphan_authors = list(Author.objects.filter(profile=profile).values_list("pk", flat=True))
    own_only.delete()
    profile.delete()  # unlinks its authors (SET_NULL), so they count as orphans below
    delete_orphan_authors(orphan_authors)


def authors_matching(name):
    """Unlinked authors with exactly this name, for reuse when importing."""
    return Author.objects.filter(Q(name=name), profile__isnull=True)


@dataclass(frozen=True)
class AuthorCredit:
    """One name in a paper's printed author list: the person, the name as printed (the
    person's name when not given), and the marks printed beside it."""

    author: Author
    equal_contribution: bool = False
    corresponding: bool = False
    joint_last: bool = False
    printed: PrintedName | None = None

    def authorship(self, **fields):
        authorship = Authorship(
            author=self.author,
            equal_contribution=self.equal_contribution,
            corresponding=self.corresponding,
            joint_last=self.joint_last,
            **fields,
        )
        authorship.set_printed(self.printed or PrintedName.parse(self.author.name))
        return authorship


def resolve_author(*, name, profile=None, orcid="", exclude_ids=()):
    """The Author row to use for ``name`` on an imported paper, created when none fits.

    With ``profile``: that profile's author with exactly this name, else its first author
    whatever the spelling (one person; the paper prints its own spelling), its ORCID
    filled in when it had none. Without: an unlinked author with exactly this name, and
    this ORCID when one is given. ``exclude_ids`` skips authors already on the paper, so
    two people sharing a name on one paper stay two rows.
    """
    if profile is not None:
        same_name = Author.objects.filter(profile=profile, name=name).exclude(pk__in=exclude_ids)
        candidates = same_name if same_name.exists() else Author.objects.filter(profile=profile)
    else:
        candidates = authors_matching(name)
        if orcid:
            candidates = candidates.filter(orcid=orcid)
    author = candidates.exclude(pk__in=exclude_ids).order_by("pk").first()
    if author is None:
        author = Author(name=name, profile=profile, orcid=orcid)
    elif orcid and not author.orcid:
        author.orcid = orcid
    else:
        return author
    author.full_clean()
    author.save()
    return author


@transaction.atomic
def set_publication_authors(*, publication, credits):
    """Replace the paper's whole author list with ``credits`` (AuthorCredit), in order.

    Authors that this leaves without any paper and without a profile are deleted.
    """
    old_ids = set(publication.authorships.values_list("author_id", flat=True))
    publication.authorships.all().delete()
    authorships = [credit.authorship() for credit in credits]
    set_author_order(publication=publication, authorships=authorships)
    delete_orphan_authors(old_ids - {credit.author.pk for credit in credits})


@transaction.atomic
def merge_linked_author(*, publication, credit, position, names=(), listed=()):
    """Put a profile-linked author into an existing paper's list without duplicating anyone.

    The authorship it takes over is the one whose author, or whose printed name, has the
    same normalised name (``credit.author.name``, the credit's printed name or any of
    ``names``, e.g. the profile's aliases) and no other profile, else the one at
    ``position`` when its author is unlinked and not named in ``listed`` (the author list
    being imported: a name there is another person, not a spelling of this one); with no
    match it is appended. The paper keeps the name it prints; marks are OR-ed, so a
    co-author's bundle never drops a mark the paper had. Returns the authorship.
    """
    author = credit.author
    authorships = list(publication.authorships.select_related("author").order_by("position"))
    target = next((ship for ship in authorships if ship.author_id == author.pk), None)
    if target is None:
        printed = credit.printed.name if credit.printed else ""
        keys = {normalize_name(name) for name in (author.name, printed, *names)} - {""}
        target = next(
            (
                ship
                for ship in authorships
                if {normalize_name(ship.author.name), normalize_name(ship.name)} & keys
                and ship.author.profile_id in (None, author.profile_id)
            ),
            None,
        )
    others = {normalize_name(name) for name in listed}
    unlinked_at_position = (
        position < len(authorships)
        and authorships[position].author.profile_id is None
        and normalize_name(authorships[position].author.name) not in others
        and normalize_name(authorships[position].name) not in others
    )
    if target is None and unlinked_at_position:
        target = authorships[position]
    if target is None:
        target = credit.authorship(publication=publication, position=len(authorships))
    replaced = target.author_id if target.pk and target.author_id != author.pk else None
    target.author = author
    target.equal_contribution = target.equal_contribution or credit.equal_contribution
    target.corresponding = target.corresponding or credit.corresponding
    target.joint_last = target.joint_last or credit.joint_last
    target.save()
    if replaced:
        delete_orphan_authors([replaced])
    return target


@transaction.atomic
def link_author_row(*, authorship, author):
    """Point one author row of a paper at ``author``: a researcher's own name on a paper
    that named them by a plain author row. The plain author goes if nothing names it any
    more; the paper is listed on ``author``'s profile (publications.signals)."""
    replaced = authorship.author_id
    authorship.author = author
    authorship.save()
    if replaced != author.pk:
        delete_orphan_authors([replaced])
    return authorship


def list_on_profile(*, profile, publication, selected=False):
    """Show ``publication`` on ``profile``'s page (not hidden) with that profile's flag.

    A new listing is the owner's own, accepted; a claim they have not accepted keeps
    its status (only they decide it, publications.claims)."""
    listing, _ = ProfilePublication.objects.update_or_create(
        profile=profile,
        publication=publication,
        defaults={"selected": selected, "hidden": False},
        create_defaults={
            "selected": selected,
            "hidden": False,
            "status": ProfilePublication.Status.ACCEPTED,
        },
    )
    return listing


def tag_named(name):
    """The tag called ``name`` (case aside, or with its slug), created when there is none.

    Imports run one at a time, but an admin save may create the same tag meanwhile: the
    insert that loses the race fails on the unique name or slug and takes the winner's.
    """
    slug = slugify(name, allow_unicode=True)
    existing = Tag.objects.filter(Q(name__iexact=name) | Q(slug=slug)).order_by("pk")
    tag = existing.first()
    if tag is None:
        try:
            with transaction.atomic():
                tag = Tag.objects.create(name=name)
        except IntegrityError:
            tag = existing.first()
    return tag


def delete_orphan_authors(author_ids):
    """Delete the given authors that have no paper left and no profile link."""
    Author.objects.filter(
        pk__in=author_ids, authorships__isnull=True, profile__isnull=True
    ).delete()
