"""The registry in memory for one import: every key and rank read in three queries."""

from dataclasses import dataclass

from .matching import candidate_keys, venue_key
from .models import BADGE_FORMATS, Venue, VenueAlias, VenueRank


def rank_for_year(editions, year):
    """The rank in force in ``year`` among ``[(edition, rank)]``: that of the latest
    edition published no later than ``year``; a paper older than every edition in the
    registry gets the oldest one's (lists are read back in time by convention). None
    when there is no edition."""
    if not editions:
        return None
    editions = sorted(editions)
    if year is None:
        return editions[-1][1]
    in_force = [rank for edition, rank in editions if edition <= year]
    return in_force[-1] if in_force else editions[0][1]


def rank_badges(ranks, year, systems):
    """Badge texts ("CCF-A", "CORE A*") for a venue's ``ranks`` — ``[(system, edition,
    rank)]`` — in ``year``, for the rank ``systems`` shown, in the order of ``systems``."""
    badges = []
    for system in systems:
        rank = rank_for_year(
            [(edition, rank) for name, edition, rank in ranks if name == system], year
        )
        if rank:
            badges.append(BADGE_FORMATS[system].format(rank=rank))
    return badges


@dataclass(frozen=True)
class Match:
    venue: Venue
    badges: list  # every system's rank badge in the paper's year


class Registry:
    def __init__(self, venues, keys, ranks):
        self.venues = venues  # pk → Venue
        self.keys = keys  # key → venue pk
        self.ranks = ranks  # venue pk → [(system, edition, rank)]

    @classmethod
    def load(cls):
        venues = {venue.pk: venue for venue in Venue.objects.all()}
        keys = {}
        for venue in venues.values():
            for name in (venue.short_name, venue.full_name):
                keys.setdefault(venue_key(name), venue.pk)
        # An alias wins over another venue's name with the same key: someone chose it.
        keys.update(VenueAlias.objects.values_list("key", "venue_id"))
        keys.pop("", None)
        ranks = {}
        for venue_id, *rank in VenueRank.objects.values_list(
            "venue_id", "system", "edition", "rank"
        ):
            ranks.setdefault(venue_id, []).append(tuple(rank))
        return cls(venues, keys, ranks)

    def find(self, *texts):
        """The venue the first of ``texts`` that the registry knows names, or None."""
        for text in texts:
            for key in candidate_keys(text):
                if key in self.keys:
                    return self.venues[self.keys[key]]
        return None

    def match(self, *texts, year=None):
        venue = self.find(*texts)
        if venue is None:
            return None
        systems = [system for system, _, _ in self.ranks.get(venue.pk, [])]
        badges = rank_badges(self.ranks.get(venue.pk, []), year, dict.fromkeys(systems))
        return Match(venue, badges)
