"""Mapping papers' venue texts to registry venues, and growing the registry."""

from django.db import transaction
from django.db.models import Count, Q

from publications.models import Publication

from .matching import is_qualified
from .models import VenueAlias
from .registry import Registry


def set_venue(publication, text, year=None, *, registry=None):
    """Give ``publication`` the venue that ``text`` names: the one door every import's
    venue goes through (BibTeX, identifiers).

    ``publication`` is a Publication or anything with ``venue``, ``venue_full``,
    ``venue_note`` and ``registered_venue`` (an import's ``EntryData``). ``text`` is the
    venue as the source prints it (journal, booktitle, container title, journal
    reference); it becomes the full venue name unless the paper has one (or it is the
    short name the paper has). With a loaded
    ``registry`` (an import's plan loads one for all its entries: three queries), a
    venue the registry knows replaces the texts with its canonical short and full names
    and is linked; an unknown one keeps the text. Without one nothing is read from the
    database (``map_entry`` stays a pure function), and only the text is set.

    Returns the ``registry.Match`` — the venue and its rank badges in ``year`` (what a
    preview shows) — or None.
    """
    text = " ".join((text or "").split())
    if text and not publication.venue_full and text != publication.venue:
        publication.venue_full = text[:500]
    publication.registered_venue = None
    if registry is None:
        return None
    texts = _texts(publication, text, publication.venue, publication.venue_full)
    match = registry.match(*texts, year=year) if texts else None
    if match is not None:
        publication.registered_venue = match.venue
        publication.venue = match.venue.short_name
        publication.venue_full = match.venue.full_name
    return match


def link_venue(publication, *, registry=None):
    """Point ``publication`` at the registry venue its own texts name, changing no text
    (bundles and the admin: what the researcher wrote is shown as written)."""
    registry = registry or Registry.load()
    texts = _texts(publication, publication.venue_full, publication.venue)
    publication.registered_venue = registry.find(*texts) if texts else None
    return publication.registered_venue


def _texts(publication, *texts):
    """The texts that may name the paper's venue. A note that makes it something else
    than the main venue ("Findings", "Workshop") must be part of the name: "Findings"
    and "ACL" are the Findings of ACL, never ACL itself."""
    note = getattr(publication, "venue_note", "")
    texts = [text for text in texts if text]
    if note and is_qualified(note):
        return [f"{note} {text}" for text in texts]
    return texts


def map_unmapped(queryset=None, *, registry=None):
    """Link every paper of ``queryset`` (default: all) without a registry venue whose text
    the registry now knows; returns how many were linked. One update per venue."""
    from profiles.invalidation import invalidate_publications  # the pages above this floor

    registry = registry or Registry.load()
    queryset = Publication.objects.all() if queryset is None else queryset
    texts = queryset.filter(registered_venue__isnull=True).exclude(venue="", venue_full="")
    found = {}
    rows = texts.values_list("pk", "venue", "venue_full", "venue_note")
    for pk, venue, venue_full, venue_note in rows.iterator():
        paper = Publication(venue=venue, venue_full=venue_full, venue_note=venue_note)
        matched = link_venue(paper, registry=registry)
        if matched is not None:
            found.setdefault(matched.pk, []).append(pk)
    with transaction.atomic():
        for venue_id, pks in found.items():
            Publication.objects.filter(pk__in=pks).update(registered_venue_id=venue_id)
    linked = [pk for pks in found.values() for pk in pks]
    if linked:
        invalidate_publications(linked)  # their rank badges appear
    return len(linked)


def unmapped_venue_texts(queryset):
    """``[{"venue", "venue_full", "count"}]``: the venue texts of papers in ``queryset``
    that the registry does not know, the most frequent first."""
    return list(
        queryset.filter(registered_venue__isnull=True)
        .exclude(Q(venue="") & Q(venue_full=""))
        .values("venue", "venue_full")
        .annotate(count=Count("pk"))
        .order_by("-count", "venue_full", "venue")
    )


def add_alias(*, venue, text, user=None, papers=None):
    """Teach the registry that ``text`` means ``venue`` (validated), then link the papers
    of ``papers`` — those the person adding it may edit — that it now maps."""
    alias = VenueAlias(venue=venue, text=" ".join(text.split())[:300], added_by=user)
    alias.full_clean()
    alias.save()
    linked = map_unmapped(papers) if papers is not None else 0
    return alias, linked
