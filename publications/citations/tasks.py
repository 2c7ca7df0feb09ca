"""Citation refreshes run by the worker."""

from django.tasks import task

from profiles.jobs.services import JobFailed, running_job
from profiles.models import Profile
from publications.models import Publication

from .schedule import ensure_refresh_scheduled, papers_due, refresh_interval
from .services import refresh_citations


@task
def refresh_profile_citations(job_id):
    """All papers of the job's profile, e.g. when its owner turns citations on."""
    with running_job(job_id) as run:
        if (
            run.user is not None
            and not Profile.objects.editable_by(run.user).filter(pk=run.profile.pk).exists()
        ):
            raise JobFailed(f"{run.user} may no longer edit {run.profile}.")
        report = refresh_citations(
            Publication.objects.listed_on(run.profile), progress=run.progress
        )
        run.succeed(report.summary())


@task
def refresh_due_citations(job_id):
    """The periodic refresh of the whole site; queues its own next run."""
    try:
        with running_job(job_id) as run:
            run.succeed(refresh_citations(papers_due(), progress=run.progress).summary())
    finally:
        ensure_refresh_scheduled(after=refresh_interval())
