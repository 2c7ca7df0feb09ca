"""The registry shipped with the site (publications/data/venues.yaml), loaded into rows.

Loading is idempotent and additive: venues are found by short name and updated, shipped
aliases and ranks added or corrected; aliases and venues that people added stay. An
alias someone gave another venue wins over the shipped one (reported, not overwritten).
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from publications.models import Publication

from .matching import venue_key
from .models import RankSystem, Venue, VenueAlias, VenueRank

REGISTRY_FILE = Path(__file__).resolve().parents[1] / "data" / "venues.yaml"


class RegistryFileError(ValueError):
    """The registry file is malformed; the message names the venue and the field."""


@dataclass
class LoadReport:
    venues_added: int = 0
    venues_updated: int = 0
    aliases_added: int = 0
    ranks_written: int = 0
    conflicts: list = field(default_factory=list)  # aliases kept as someone else set them


def read_registry(path=REGISTRY_FILE):
    """The file's sources and venues, validated: ``(sources, [venue dict])``."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RegistryFileError(f"{path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("venues"), list):
        raise RegistryFileError(f"{path}: expected `sources:` and a list under `venues:`")
    sources = data.get("sources") or {}
    for system in sources:
        if system not in RankSystem.values:
            raise RegistryFileError(f"{path}: sources.{system} is not one of {RankSystem.values}")
    seen_names, seen_keys = set(), {}
    for index, venue in enumerate(data["venues"]):
        where = f"{path}: venues[{index}]"
        if not isinstance(venue, dict) or not str(venue.get("short") or "").strip():
            raise RegistryFileError(f"{where}: a venue needs `short`")
        short = str(venue["short"]).strip()
        where = f"{where} ({short})"
        if short in seen_names:
            raise RegistryFileError(f"{where}: the short name is used twice")
        seen_names.add(short)
        kind = venue.get("kind", Venue.Kind.CONFERENCE)
        if kind not in Venue.Kind.values:
            raise RegistryFileError(f"{where}: kind {kind!r} is not one of {Venue.Kind.values}")
        aliases = venue.get("aliases") or []
        if not isinstance(aliases, list):
            raise RegistryFileError(f"{where}: aliases must be a list")
        for text in [short, venue.get("full") or "", *aliases]:
            key = venue_key(str(text))
            if key and seen_keys.setdefault(key, short) != short:
                raise RegistryFileError(
                    f"{where}: “{text}” also names {seen_keys[key]} (same normal form “{key}”)"
                )
        for system in RankSystem.values:
            _ranks(venue.get(system), sources, system, where)
    return sources, data["venues"]


def _ranks(value, sources, system, where):
    """``{edition: rank}`` of one system: a bare rank is the source's current edition."""
    if value is None:
        return {}
    if isinstance(value, dict):
        ranks = value
    else:
        edition = (sources.get(system) or {}).get("edition")
        if not edition:
            raise RegistryFileError(f"{where}: {system} has no edition in `sources`")
        ranks = {edition: value}
    for edition, rank in ranks.items():
        if not isinstance(edition, int) or not str(rank).strip():
            raise RegistryFileError(f"{where}: {system} ranks are `edition year: rank`")
    return {edition: str(rank).strip() for edition, rank in ranks.items()}


@transaction.atomic
def load_registry(path=REGISTRY_FILE):
    """Write the file's venues, aliases and ranks (a few bulk statements)."""
    sources, items = read_registry(path)
    report = LoadReport()
    venues = {venue.short_name: venue for venue in Venue.objects.all()}
    new, changed = [], []
    for item in items:
        short = str(item["short"]).strip()
        values = {"full_name": str(item.get("full") or ""), "kind": item.get("kind", "conference")}
        venue = venues.get(short)
        if venue is None:
            new.append(Venue(short_name=short, **values))
        elif any(getattr(venue, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(venue, name, value)
            changed.append(venue)
    Venue.objects.bulk_create(new)
    Venue.objects.bulk_update(changed, ["full_name", "kind"])
    report.venues_added, report.venues_updated = len(new), len(changed)
    # bulk_create sets primary keys on PostgreSQL and SQLite; read them back to be sure.
    venues = {venue.short_name: venue for venue in Venue.objects.all()}
    taken = dict(VenueAlias.objects.values_list("key", "venue__short_name"))
    aliases = []
    ranks = {(rank.venue_id, rank.system, rank.edition): rank for rank in VenueRank.objects.all()}
    new_ranks, changed_ranks = [], []
    for item in items:
        short = str(item["short"]).strip()
        venue = venues[short]
        for text in item.get("aliases") or []:
            text = str(text).strip()
            key = venue_key(text)
            if key in taken:
                if taken[key] != short:
                    report.conflicts.append(f"“{text}” already means {taken[key]}; kept")
                continue
            aliases.append(VenueAlias(venue=venue, text=text, key=key))
            taken[key] = short
        for system in RankSystem.values:
            source = (sources.get(system) or {}).get("url", "")
            for edition, rank in _ranks(item.get(system), sources, system, short).items():
                row = ranks.get((venue.pk, system, edition))
                if row is None:
                    new_ranks.append(
                        VenueRank(
                            venue=venue, system=system, edition=edition, rank=rank, source=source
                        )
                    )
                elif (row.rank, row.source) != (rank, source):
                    row.rank, row.source = rank, source
                    changed_ranks.append(row)
    VenueAlias.objects.bulk_create(aliases)
    VenueRank.objects.bulk_create(new_ranks)
    VenueRank.objects.bulk_update(changed_ranks, ["rank", "source"])
    report.aliases_added = len(aliases)
    report.ranks_written = len(new_ranks) + len(changed_ranks)
    if changed_ranks:
        # bulk_update sends no signals: the pages of these venues' papers change.
        from profiles.invalidation import invalidate_publications

        invalidate_publications(
            Publication.objects.filter(
                registered_venue__in={row.venue_id for row in changed_ranks}
            ).values_list("pk", flat=True)
        )
    return report


def dump_registry(path):
    """Write the registry as it is on this site — every venue, alias and rank by
    edition — as a file ``load_registry`` reads (site backups carry one)."""
    sources, _ = read_registry()  # the shipped file names the lists' sources
    venues = []
    for venue in Venue.objects.prefetch_related("aliases", "ranks").order_by("short_name"):
        item = {"short": venue.short_name, "full": venue.full_name, "kind": venue.kind}
        aliases = [alias.text for alias in venue.aliases.all()]
        if aliases:
            item["aliases"] = aliases
        for system in RankSystem.values:
            ranks = {rank.edition: rank.rank for rank in venue.ranks.all() if rank.system == system}
            if ranks:
                item[system] = ranks
        venues.append(item)
    document = {"sources": sources, "venues": venues}
    Path(path).write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
