"""Signal receivers that map each edit to the cached pages it changes.

A paper is shown on every profile that lists it and on every profile whose author
row is on it (the co-author case: an edit made from one profile changes the pages of
all the others). A profile's name, slug and visibility appear in co-authors' author
lists, so a profile edit reaches their pages too. Bulk writes (``bulk_create``,
``update()``) send no signals: callers use :func:`invalidate_publications` or
:func:`invalidate_profiles`.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from publications.models import (
    Author,
    Authorship,
    ProfilePublication,
    Publication,
    PublicationLink,
    Tag,
    Venue,
    VenueRank,
)

from . import cache, sitemaps
from .models import (
    Award,
    CustomSection,
    Grant,
    NewsItem,
    Position,
    Profile,
    ProfileLink,
    Service,
)

PROFILE_ITEMS = [ProfileLink, NewsItem, Position, Award, Service, Grant, CustomSection]


def _profile_keys(profile_filter):
    slugs = Profile.objects.filter(profile_filter).values_list("slug", flat=True).distinct()
    return [cache.profile_version_key(slug) for slug in slugs]


def invalidate_profiles(profile_ids):
    cache.bump(_profile_keys(Q(pk__in=list(profile_ids))))


def _sitemap_keys(kind, pks):
    numbers = {sitemaps.section_number(kind, pk) for pk in pks}
    return [sitemaps.section_version_key(kind, number) for number in numbers]


def invalidate_publications(publication_ids, *, site=False, sitemap=False):
    """Bump the papers and every profile that lists them or is among their authors;
    ``sitemap``: the sitemap sections listing the papers (their date, or whether they are
    public, changed); ``site`` (papers saved, created or deleted): the directory, those
    sections and the sitemap's index (a new paper may open a section)."""
    publication_ids = list(publication_ids)
    keys = [cache.paper_version_key(pk) for pk in publication_ids]
    keys += _profile_keys(
        Q(listings__publication__in=publication_ids)
        | Q(authors__authorships__publication__in=publication_ids)
    )
    if site:
        keys += [cache.SITE, sitemaps.INDEX_VERSION_KEY]
    if site or sitemap:
        keys += _sitemap_keys("papers", publication_ids)
    cache.bump(keys)


def _profile_item_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_profiles([instance.profile_id])


def _remember_old_slug(sender, instance, raw=False, **kwargs):
    previous = (
        Profile.objects.filter(pk=instance.pk).values_list("slug", "is_published").first()
        if instance.pk and not raw
        else None
    )
    instance._previous_slug, instance._previous_published = previous or (None, None)


def _profile_changed(sender, instance, raw=False, created=None, **kwargs):
    if raw:
        return
    keys = [cache.SITE, cache.profile_version_key(instance.slug)]
    keys += _sitemap_keys("profiles", [instance.pk])
    if created is not False:  # created, or deleted (pre_delete sends no "created")
        keys.append(sitemaps.INDEX_VERSION_KEY)
    if getattr(instance, "_previous_slug", None):
        keys.append(cache.profile_version_key(instance._previous_slug))
    cache.bump(keys)
    # Co-authors' pages link to this profile by name and slug, and a paper listed only
    # on this profile has a page (and a sitemap entry) only while the profile is published.
    invalidate_publications(
        Publication.objects.filter(
            Q(authorships__author__profile=instance) | Q(listings__profile=instance)
        )
        .values_list("pk", flat=True)
        .distinct(),
        sitemap=created is None or instance.is_published != instance._previous_published,
    )


def _publication_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_publications([instance.pk], site=True)


def _publication_deleted(sender, instance, **kwargs):
    # pre_delete: the listings and authorships are still there to say who showed it.
    invalidate_publications([instance.pk], site=True)


def _publication_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_publications([instance.publication_id])


def _author_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    invalidate_publications(instance.authorships.values_list("publication_id", flat=True))
    if instance.profile_id:
        invalidate_profiles([instance.profile_id])


def _listing_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        # A paper has a page only while a published profile lists it, not hidden.
        keys = [cache.SITE, cache.paper_version_key(instance.publication_id)]
        keys += _sitemap_keys("papers", [instance.publication_id])
        cache.bump(keys + _profile_keys(Q(pk=instance.profile_id)))


def _tag_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_publications(instance.publications.values_list("pk", flat=True))


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        invalidate_publications(instance.publications.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            invalidate_publications([instance.pk])
        elif pk_set:
            invalidate_publications(pk_set)


def _venue_changed(sender, instance, raw=False, **kwargs):
    # pre_delete of a venue: its papers still point at it (then lose their rank badges).
    if not raw:
        invalidate_publications(instance.publications.values_list("pk", flat=True))


def _rank_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_publications(
            Publication.objects.filter(registered_venue=instance.venue_id).values_list(
                "pk", flat=True
            )
        )


def connect():
    uid = "profiles.invalidation"
    for model in PROFILE_ITEMS:
        post_save.connect(_profile_item_changed, sender=model, dispatch_uid=f"{uid}.s.{model}")
        post_delete.connect(_profile_item_changed, sender=model, dispatch_uid=f"{uid}.d.{model}")
    pre_save.connect(_remember_old_slug, sender=Profile, dispatch_uid=f"{uid}.profile.pre")
    post_save.connect(_profile_changed, sender=Profile, dispatch_uid=f"{uid}.profile.save")
    pre_delete.connect(_profile_changed, sender=Profile, dispatch_uid=f"{uid}.profile.delete")
    post_save.connect(_publication_saved, sender=Publication, dispatch_uid=f"{uid}.pub.save")
    pre_delete.connect(_publication_deleted, sender=Publication, dispatch_uid=f"{uid}.pub.del")
    for model in (PublicationLink, Authorship):
        post_save.connect(_publication_part_changed, sender=model, dispatch_uid=f"{uid}.s.{model}")
        post_delete.connect(
            _publication_part_changed, sender=model, dispatch_uid=f"{uid}.d.{model}"
        )
    post_save.connect(_author_changed, sender=Author, dispatch_uid=f"{uid}.author.save")
    pre_delete.connect(_author_changed, sender=Author, dispatch_uid=f"{uid}.author.delete")
    post_save.connect(_listing_changed, sender=ProfilePublication, dispatch_uid=f"{uid}.pp.s")
    post_delete.connect(_listing_changed, sender=ProfilePublication, dispatch_uid=f"{uid}.pp.d")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid=f"{uid}.tag.save")
    pre_delete.connect(_tag_saved, sender=Tag, dispatch_uid=f"{uid}.tag.delete")
    pre_delete.connect(_venue_changed, sender=Venue, dispatch_uid=f"{uid}.venue.delete")
    post_save.connect(_rank_changed, sender=VenueRank, dispatch_uid=f"{uid}.rank.save")
    post_delete.connect(_rank_changed, sender=VenueRank, dispatch_uid=f"{uid}.rank.delete")
    m2m_changed.connect(_tags_changed, sender=Publication.tags.through, dispatch_uid=f"{uid}.tags")
