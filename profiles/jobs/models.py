"""A job as its owner sees it (state, progress, result), and the workers' heartbeats.

The task queue itself is django-tasks-db's table; a Job is the human side of one task:
who asked, for which profile, how far it got and what came out.
"""

import shutil

from django.conf import settings
from django.db import models
from django.urls import reverse


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Editors see every job; a researcher the jobs on their own profile."""
        from profiles.permissions import is_editor

        if is_editor(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(profile__user=user)


class Job(models.Model):
    class Kind(models.TextChoices):
        SITE_EXPORT = "site_export", "Site export"
        PROFILE_EXPORT = "profile_export", "Profile export"
        BIBTEX_IMPORT = "bibtex_import", "BibTeX import"
        CITATION_REFRESH = "citation_refresh", "Citation refresh"
        ORCID_WORKS = "orcid_works", "Works from ORCID"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    profile = models.ForeignKey(
        "profiles.Profile",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="The profile the job works on; none for site-wide jobs (editors only).",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Who started it; the job acts with this account's rights.",
    )
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="The outcome, or why it failed.")
    result_file = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        target = self.profile.name if self.profile_id else "the site"
        return f"{self.get_kind_display()} of {target} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    def get_download_url(self):
        return reverse("jobs:download", kwargs={"pk": self.pk})

    @property
    def percent(self):
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def is_finished(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def folder(self):
        """Where this job's files live (outside MEDIA_ROOT: downloads check who asks)."""
        return settings.JOBS_ROOT / str(self.pk)

    @property
    def result_path(self):
        return self.folder / self.result_file if self.result_file else None

    def delete_files(self):
        shutil.rmtree(self.folder, ignore_errors=True)


class WorkerBeat(models.Model):
    """A running worker process; ``seen_at`` is renewed every few seconds while it lives."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["started_at"]

    def __str__(self):
        return f"{self.worker_id} (pid {self.pid} on {self.hostname})"
