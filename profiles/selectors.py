"""Read queries for the public pages, with their query plans spelled out."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from .models import CustomSection, NewsItem, Profile, ProfileLink, search_text
from .permissions import can_edit_profile

# Each built-in section and the related rows it shows; custom sections need "sections".
SECTION_PREFETCHES = {
    "news": Prefetch("news", queryset=NewsItem.objects.published()),
    "positions": "positions",
    "awards": "awards",
    "services": "services",
    "grants": "grants",
}


def visible_profile(request, slug, queryset=None):
    """The profile at ``slug``; unpublished ones only for their owner and editors."""
    profile = (queryset or Profile.objects).filter(slug=slug).first()
    if profile is None or (
        not profile.is_published and not can_edit_profile(request.user, profile)
    ):
        raise Http404("No such profile.")
    return profile


def load_page_sections(profile):
    """Prefetch what the profile page shows: one query per visible kind of section."""
    lookups = [Prefetch("links", queryset=ProfileLink.objects.order_by("order", "id"))]
    names = set(profile.section_order)
    lookups += [lookup for name, lookup in SECTION_PREFETCHES.items() if name in names]
    if names - {"about", "publications", *SECTION_PREFETCHES}:
        lookups.append(Prefetch("sections", queryset=CustomSection.objects.order_by("order", "id")))
    prefetch_related_objects([profile], *lookups)
    return profile


def search_directory(text):
    """Published profiles matching ``text`` in name, native name, other spellings, page
    address, affiliation, headline or interests (``Profile.search_text``).

    A substring search: on PostgreSQL a trigram index answers it (``LIKE '%…%'``), on
    SQLite it reads the table; both compare the same case-folded text, so they agree.
    """
    profiles = Profile.objects.published().order_by("name", "pk")
    text = text.strip()
    if not text:
        return profiles
    return profiles.filter(search_text__contains=search_text(text))
