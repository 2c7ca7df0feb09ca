"""Rank badges for pages: the registry's ranks of the papers' venues, by their year."""

from profiles.models import Profile
from publications.models import Publication

from .models import RankSystem, VenueRank
from .registry import rank_badges

SYSTEMS = {
    Profile.RankBadges.ALL: [RankSystem.CCF, RankSystem.CORE],
    Profile.RankBadges.CCF: [RankSystem.CCF],
    Profile.RankBadges.CORE: [RankSystem.CORE],
    Profile.RankBadges.NONE: [],
}
# A rank is the venue's, so it is shown for a paper the venue took, not for a submission.
RANKED_STATUSES = {Publication.Status.PUBLISHED, Publication.Status.ACCEPTED}


def shown_systems(profile):
    """The rank systems ``profile`` shows; every one on a page that is nobody's."""
    return SYSTEMS[profile.rank_badges if profile is not None else Profile.RankBadges.ALL]


def attach_rank_badges(publications, systems):
    """Set ``rank_badges`` (texts such as "CCF-A") on each of ``publications``: one query
    for the ranks of all their venues, none when no paper has a ranked-for venue."""
    venue_ids = {
        paper.registered_venue_id
        for paper in publications
        if paper.registered_venue_id and paper.status in RANKED_STATUSES
    }
    ranks = {}
    if venue_ids and systems:
        rows = VenueRank.objects.filter(venue_id__in=venue_ids, system__in=systems)
        for venue_id, *rank in rows.values_list("venue_id", "system", "edition", "rank"):
            ranks.setdefault(venue_id, []).append(tuple(rank))
    for paper in publications:
        venue_ranks = ranks.get(paper.registered_venue_id)
        ranked = venue_ranks and paper.status in RANKED_STATUSES
        paper.rank_badges = rank_badges(venue_ranks, paper.year, systems) if ranked else []
    return publications


def registry_badges(typed, badges):
    """The registry's ``badges`` that ``typed`` (the paper's own badges) do not already
    give: a typed "CCF-B" stands for every CCF badge, so none is shown twice."""
    typed_systems = {
        system.value
        for system in RankSystem
        for text in typed
        if text.casefold().startswith(system.label.casefold())
    }
    return [
        badge
        for badge in badges
        if not any(badge.casefold().startswith(system) for system in typed_systems)
    ]
