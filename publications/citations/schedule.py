"""The periodic refresh: django.tasks has no scheduler, so the refresh schedules itself.

Each run of :func:`refresh_due_citations <.tasks.refresh_due_citations>` queues the next
one CITATION_REFRESH_DAYS later, and every worker, when it starts, queues a run unless
one is already waiting. A run refreshes only the papers that are due, so a run too many
(two workers starting at once) costs two queries and nothing else. A cron job or
systemd timer may run ``manage.py refresh_citations`` instead (docs/citations.md).
"""

from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from profiles.jobs.models import Job
from profiles.jobs.services import start_job
from publications.models import ProfilePublication, Publication

from .models import CitationCount

# A weekly run must not skip a paper read six days and 23 hours ago.
DUE_SLACK = timedelta(hours=6)


def refresh_interval():
    return timedelta(days=settings.CITATION_REFRESH_DAYS)


def papers_due(now=None):
    """Papers shown with citations whose counts were not checked within the interval."""
    now = now or timezone.now()
    recent = CitationCount.objects.filter(checked_at__gte=now - refresh_interval() + DUE_SLACK)
    shown = Publication.objects.filter(
        listings__profile__show_citations=True,
        listings__hidden=False,
        listings__status=ProfilePublication.Status.ACCEPTED,
    ).exclude(doi="", arxiv="")
    return shown.exclude(pk__in=recent.values("publication")).distinct()


def _waiting():
    from .tasks import refresh_due_citations

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=refresh_due_citations.module_path
    ).exists()


def ensure_refresh_scheduled(*, after=None):
    """Queue the site's citation refresh (now, or ``after`` from now) unless one waits."""
    from .tasks import refresh_due_citations

    if _waiting():
        return None
    task = refresh_due_citations
    if after:
        task = task.using(run_after=timezone.now() + after)
    return start_job(kind=Job.Kind.CITATION_REFRESH, task=task)
