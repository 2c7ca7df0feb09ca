"""A deleted job takes its files along."""

import shutil

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Job


@receiver(post_delete, sender=Job)
def delete_job_files(sender, instance, **kwargs):
    folder = instance.folder  # now: the instance has no pk any more after the delete
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
