"""Claims: a paper lists on a co-author's page only once they accept it.

Every door that puts papers on profiles — the admin, BibTeX import (web, command and
worker), profile bundles, identifier import — creates listings through ``propose`` or
``list_papers``, naming the profile it acts for (``proposer=``, or around signals that
list papers, ``acting_as``). The rule:

1. A listing on the acting profile's own page is accepted.
2. A listing on another profile's page is a *claim* proposed by the acting profile:
   accepted at once when that profile accepts claims from everyone, or from chosen
   co-authors and the acting profile is one of them (``Profile.accept_claims``);
   otherwise pending until its owner accepts or declines it.
3. A listing that exists is never changed here: a declined claim stays declined, so the
   same paper is never proposed to that profile again, and a pending one keeps waiting.
4. Writes outside any door (the shell, ``restore_site``, data fixtures) and an editor's
   admin edits are the site's own (``SITE``): listed at once, proposed by nobody.

Deciding (``decide``: accept or decline) is the profile owner's alone (``decidable_by``);
editors may decide for anyone. docs/security.md names the tests of each door.
"""

import contextlib
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone

from profiles.models import ClaimPolicy, Profile
from profiles.permissions import is_editor

from .models import Claim, ProfilePublication

Status = ProfilePublication.Status


class _Site:
    def __repr__(self):
        return "SITE"


SITE = _Site()
_acting = ContextVar("claims_acting", default=SITE)


@contextlib.contextmanager
def acting_as(profile):
    """Listings made inside come from ``profile`` (``SITE``: from the site itself)."""
    token = _acting.set(profile)
    try:
        yield
    finally:
        _acting.reset(token)


def actor_for(user):
    """Whom an admin user's edits act for: editors for the site, a researcher for their
    profile (None: a staff account without one, whose claims name no proposer)."""
    if is_editor(user):
        return SITE
    return Profile.objects.filter(user=user).first()


def _statuses(profile_ids, proposer):
    """{profile id: the status a new listing on that profile gets from ``proposer``}."""
    if proposer is SITE:
        return dict.fromkeys(profile_ids, Status.ACCEPTED)
    proposer_id = proposer.pk if proposer is not None else None
    statuses = {pk: Status.ACCEPTED for pk in profile_ids if pk == proposer_id}
    others = set(profile_ids) - set(statuses)
    if not others:
        return statuses
    policies = dict(Profile.objects.filter(pk__in=others).values_list("pk", "accept_claims"))
    trusting = set()
    if proposer_id is not None and ClaimPolicy.CHOSEN in policies.values():
        trusting = set(
            Profile.claims_trusted.through.objects.filter(
                from_profile_id__in=others, to_profile_id=proposer_id
            ).values_list("from_profile_id", flat=True)
        )
    for pk in others:
        policy = policies.get(pk)
        accepted = policy == ClaimPolicy.EVERYONE or (
            policy == ClaimPolicy.CHOSEN and pk in trusting
        )
        statuses[pk] = Status.ACCEPTED if accepted else Status.PENDING
    return statuses


def outcomes(profile_ids, proposer):
    """What listing a paper on ``profile_ids`` from ``proposer`` would do, for a preview:
    ``{profile: True}`` when it is listed at once, ``False`` when it waits for the profile's
    owner. The proposer's own profile is left out. Reads only."""
    others = set(profile_ids) - {getattr(proposer, "pk", None)}
    if not others:
        return {}
    statuses = _statuses(others, proposer)
    profiles = Profile.objects.filter(pk__in=others).only("pk", "name", "slug").order_by("name")
    return {profile: statuses[profile.pk] == Status.ACCEPTED for profile in profiles}


def _new_listing(profile_id, publication_id, status, proposer, now, selected=False):
    claimed = proposer is not SITE and (proposer is None or proposer.pk != profile_id)
    return ProfilePublication(
        profile_id=profile_id,
        publication_id=publication_id,
        selected=selected,
        status=status,
        proposed_by=proposer if claimed else None,
        proposed_at=now if claimed else None,
        decided_at=now if claimed and status == Status.ACCEPTED else None,
    )


ACTING = object()  # the profile set by acting_as


def _proposer(proposer):
    return _acting.get() if proposer is ACTING else proposer


def list_papers(listings, *, proposer=ACTING):
    """Create the listings ``{(profile id, paper id): selected}`` that do not exist yet,
    each with the status the rule gives for ``proposer`` (a profile, ``SITE``, or by
    default whom ``acting_as`` set); existing ones stay as they are. One insert (bulk: no
    signals, so the caller invalidates cached pages)."""
    if not listings:
        return
    proposer = _proposer(proposer)
    statuses = _statuses({profile_id for profile_id, _ in listings}, proposer)
    now = timezone.now()
    ProfilePublication.objects.bulk_create(
        [
            _new_listing(profile_id, paper_id, statuses[profile_id], proposer, now, selected)
            for (profile_id, paper_id), selected in listings.items()
        ],
        ignore_conflicts=True,
    )


def propose(*, profile_id, publication_id, selected=False, proposer=ACTING):
    """The listing of one paper on one profile, created by the rule if there is none
    (saved one by one: its signals invalidate the cached pages)."""
    proposer = _proposer(proposer)
    status = _statuses({profile_id}, proposer)[profile_id]
    new = _new_listing(profile_id, publication_id, status, proposer, timezone.now(), selected)
    listing, _ = ProfilePublication.objects.get_or_create(
        profile_id=profile_id,
        publication_id=publication_id,
        defaults={
            field: getattr(new, field)
            for field in ("selected", "status", "proposed_by", "proposed_at", "decided_at")
        },
    )
    return listing


# Deciding.


def decidable_by(user, listings=None):
    """The claims ``user`` may accept or decline: those on their own profile (editors:
    all)."""
    queryset = ProfilePublication.objects.all() if listings is None else listings
    if is_editor(user):
        return queryset
    return queryset.filter(profile__user=user)


def claims():
    """Listings that are claims: put there by someone else, or not (yet) accepted."""
    return Claim.objects.all()


def visible_to(user):
    """Claims ``user`` sees: on their profile, or proposed by it (to see which wait)."""
    queryset = claims()
    if is_editor(user):
        return queryset
    return queryset.filter(profile__user=user) | queryset.filter(proposed_by__user=user)


def pending_count(user):
    return decidable_by(user).filter(status=Status.PENDING).count()


@transaction.atomic
def decide(user, listings, status):
    """Accept or decline ``listings`` that ``user`` may decide; returns how many changed.

    Saved one by one so that the cached pages showing them are invalidated."""
    changed = 0
    now = timezone.now()
    # As ProfilePublication rows, not the Claim proxy: the cache invalidation listens to
    # the concrete model's signals.
    rows = ProfilePublication.objects.filter(pk__in=listings.values("pk"))
    rows = decidable_by(user, rows).exclude(status=status).select_for_update(of=("self",))
    for listing in rows:
        listing.status = status
        listing.decided_at = now
        listing.save(update_fields=["status", "decided_at"])
        changed += 1
    return changed
