"""Read queries for the public pages, with their query plans spelled out."""

import json

from django.db.models import Prefetch, Q, TextField, prefetch_related_objects
from django.db.models.functions import Cast
from django.http import Http404

from .models import CustomSection, NewsItem, Profile, ProfileLink
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
    address, affiliation, headline or interests."""
    profiles = Profile.objects.published().order_by("name", "pk")
    text = text.strip()
    if not text:
        return profiles
    # Aliases and interests are JSON lists. SQLite stores JSON text with non-ASCII
    # escaped (\\u738b), PostgreSQL's jsonb::text does not: match both spellings.
    escaped = json.dumps(text)[1:-1]
    lists = {"aliases_text": "aliases", "interests_text": "interests"}
    in_lists = Q()
    for annotation in lists:
        in_lists |= Q(**{f"{annotation}__icontains": text})
        in_lists |= Q(**{f"{annotation}__icontains": escaped})
    return profiles.annotate(
        **{annotation: Cast(field, TextField()) for annotation, field in lists.items()}
    ).filter(
        Q(name__icontains=text)
        | Q(native_name__icontains=text)
        | Q(slug__icontains=text)
        | Q(affiliation__icontains=text)
        | Q(headline__icontains=text)
        | in_lists
    )
