"""News drafted when a paper is accepted or published: one draft per profile listing it.

A paper "becomes" accepted or published when its status changes to one of them from
preprint or under review, or when it is added as accepted (a new acceptance, typed in
or imported). Papers added as published are history, not news. Each profile that
lists the paper (not hidden) and keeps ``draft_acceptance_news`` on gets one draft,
once per paper, which its owner publishes with one click in the admin. Bundle imports
restore news as they were and draft nothing (:func:`drafting_paused`).
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from profiles.models import NewsItem

from .models import ProfilePublication, Publication

ANNOUNCED = {Publication.Status.ACCEPTED, Publication.Status.PUBLISHED}
BEFORE = {Publication.Status.PREPRINT, Publication.Status.UNDER_REVIEW}
# Characters Markdown gives a meaning; a title is text, so they are escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")

_paused = ContextVar("acceptance_drafting_paused", default=False)


@contextmanager
def drafting_paused():
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def becomes_announced(old_status, new_status, *, created):
    if _paused.get() or new_status not in ANNOUNCED:
        return False
    if created:
        return new_status == Publication.Status.ACCEPTED
    return old_status in BEFORE


def markdown_text(text):
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def announcement(publication):
    """``Our paper *Title* was accepted to **Venue 2026**.`` (Markdown)."""
    accepted = publication.status == Publication.Status.ACCEPTED
    venue = publication.venue or publication.venue_full
    where = " ".join(str(part) for part in (venue, publication.year) if part)
    text = f"Our paper *{markdown_text(publication.title)}* was "
    if not where:
        return text + ("accepted." if accepted else "published.")
    return text + ("accepted to" if accepted else "published in") + f" **{markdown_text(where)}**."


def draft_acceptance_news(publication_ids):
    """Draft the news of these papers' acceptance on each profile that wants it; returns
    the drafts made. A profile gets at most one item per paper, whatever happens later."""
    papers = Publication.objects.filter(pk__in=list(publication_ids), status__in=ANNOUNCED)
    listings = ProfilePublication.objects.filter(
        publication__in=papers,
        hidden=False,
        status=ProfilePublication.Status.ACCEPTED,
        profile__draft_acceptance_news=True,
    ).select_related("publication")
    done = set(
        NewsItem.objects.filter(announces__in=papers).values_list("profile_id", "announces_id")
    )
    today = timezone.localdate().isoformat()
    drafts = [
        NewsItem(
            profile_id=listing.profile_id,
            announces=listing.publication,
            date=today,
            text=announcement(listing.publication),
            is_published=False,
        )
        for listing in listings
        if (listing.profile_id, listing.publication_id) not in done
    ]
    # Drafts are on no page, so no cached page changes.
    return NewsItem.objects.bulk_create(drafts)
