"""A deleted job takes its files along."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Job


@receiver(post_delete, sender=Job)
def delete_job_files(sender, instance, **kwargs):
    transaction.on_commit(instance.delete_files)
