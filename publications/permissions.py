"""Who may change which paper: one rule for every door that writes papers.

The admin (``Publication.objects.editable_by``, ``AuthorshipFormSet``), the BibTeX
importer (``/me/bibtex/`` and ``manage.py import_bibtex``) and profile bundles all ask
here. Commands have no user, so the rule speaks of the acting *profile*; the admin turns
its user into the profile they own and asks the same question. docs/security.md
explains the rules and names their tests.

1. A profile may edit a paper it is a linked author of or lists (``editable_condition``).
2. An import may change a paper already on the site only if the profile may edit it
   (``Access.EDIT``). Otherwise, when the paper names the profile's owner by name on an
   author row linked to nobody, and the entry names them too, the import may link that
   row to the profile and list the paper there, nothing else (``Access.OWN_NAME``).
   Otherwise it changes nothing on that paper (``Access.NONE``).
3. Linking a co-author row to another profile lists the paper on that profile's page:
   only an author of the paper may do it (``may_link_coauthor``); links already on the
   paper stay.
"""

import enum
from dataclasses import dataclass

from django.db.models import Q

from .bibtex.names import name_keys
from .models import Authorship, Publication


def editable_condition(lookup, value):
    """The papers a profile may edit, as a filter: it is one of their linked authors or
    lists them. ``lookup`` picks the profile: ``("profile", p)`` or ``("profile__user", u)``."""
    return Q(**{f"authorships__author__{lookup}": value}) | Q(**{f"listings__{lookup}": value})


def editable_by_profile(profile, publications=None):
    """The papers (of ``publications``, default all) that ``profile`` may edit."""
    queryset = Publication.objects.all() if publications is None else publications
    if profile.pk is None:  # a profile an import is about to create edits nothing yet
        return queryset.none()
    return queryset.filter(editable_condition("profile", profile)).distinct()


def profile_may_edit(profile, publication):
    return editable_by_profile(profile).filter(pk=publication.pk).exists()


class Access(enum.StrEnum):
    """What an import onto a profile may do to a paper already on the site."""

    EDIT = "edit"  # fill empty fields, add links and tags, link authors, list it
    OWN_NAME = "own_name"  # link the row that names the owner to them and list it; no more
    NONE = "none"  # nothing: the paper is someone else's


class ImportAccess:
    """``Access`` for every paper an import may touch, from two queries for the batch.

    ``owner`` is the profile's names (``publications.bibtex.names.OwnerNames``).
    """

    def __init__(self, profile, publication_ids, owner):
        ids = set(publication_ids)
        self.profile = profile
        self.editable = set(
            editable_by_profile(profile, Publication.objects.filter(pk__in=ids)).values_list(
                "pk", flat=True
            )
        )
        self.own_rows = {}  # paper id -> the unlinked author row that names the owner
        others = ids - self.editable
        if not others:
            return
        rows = (
            Authorship.objects.filter(publication_id__in=others, author__profile__isnull=True)
            .select_related("author")
            .order_by("publication_id", "position")
        )
        exact = set().union(*(name_keys(name) for name in owner.names))
        for row in rows:
            if owner.matches(row.author.name):
                best = self.own_rows.get(row.publication_id)
                # The row spelled exactly as the profile spells itself wins over initials.
                if best is None or (
                    not name_keys(best.author.name) & exact and name_keys(row.author.name) & exact
                ):
                    self.own_rows[row.publication_id] = row

    def of(self, publication, *, entry_names_owner):
        if publication.pk in self.editable:
            return Access.EDIT
        if entry_names_owner and publication.pk in self.own_rows:
            return Access.OWN_NAME
        return Access.NONE

    def own_row(self, publication):
        return self.own_rows[publication.pk]


def may_link_coauthor(*, acting_profile_id, coauthor_profile_id, acting_is_author, linked=()):
    """Whether a write by ``acting_profile_id`` may put a paper on ``coauthor_profile_id``'s
    page by linking one of its author rows there: only an author of the paper may, and a
    link the paper already has (``linked``: profile ids) may stay."""
    return (
        coauthor_profile_id == acting_profile_id
        or acting_is_author
        or coauthor_profile_id in set(linked)
    )


@dataclass(frozen=True)
class CoauthorLink:
    """What an import does with a co-author who has a profile here: link them (the paper
    shows on their page), or name them with a plain author row and say why in ``note``."""

    linked: bool
    note: str = ""


def link_coauthor(*, acting_profile, name, coauthor_profile, acting_is_author, linked=()):
    """The one decision every import makes before linking a co-author to another profile.

    Claims (a listing the co-author accepts later) will replace the refusal branch here.
    """
    if may_link_coauthor(
        acting_profile_id=acting_profile.pk,
        coauthor_profile_id=coauthor_profile.pk,
        acting_is_author=acting_is_author,
        linked=linked,
    ):
        return CoauthorLink(linked=True)
    return CoauthorLink(
        linked=False,
        note=f"“{name}” is {coauthor_profile.name}’s name here; imported as a plain name, "
        f"not linked to their page: only an author of the paper may put it there, and "
        f"{acting_profile.name} is not among its authors",
    )
