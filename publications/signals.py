"""Keep profile listings in step with authorship: an author linked to a profile gets its
papers listed on that profile's page, whichever way the link was made — at once or as a
claim the profile's owner accepts (publications.claims). And draft the news when a
paper is accepted (publications.announcements)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import claims
from .announcements import becomes_announced, draft_acceptance_news
from .models import Author, Authorship, Publication
from .services import add_listings_for_author


@receiver(post_save, sender=Authorship)
def list_paper_on_authors_profile(sender, instance, raw=False, **kwargs):
    if raw:
        return
    profile_id = Author.objects.filter(pk=instance.author_id).values_list("profile_id", flat=True)
    profile_id = profile_id.first()
    if profile_id:
        claims.propose(profile_id=profile_id, publication_id=instance.publication_id)


@receiver(post_save, sender=Author)
def list_papers_on_linked_profile(sender, instance, raw=False, **kwargs):
    if not raw and instance.profile_id:
        add_listings_for_author(instance)


@receiver(post_save, sender=Publication)
def draft_news_on_acceptance(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "loaded_status", None)
    if becomes_announced(old, instance.status, created=created):
        # After the commit: the admin saves the author rows (and so the listings) after
        # the paper, in the same transaction.
        pk = instance.pk
        transaction.on_commit(lambda: draft_acceptance_news([pk]))
    instance.loaded_status = instance.status
