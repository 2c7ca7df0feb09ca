"""An ORCID record's works asked for in the background (the page sends a list with an
ORCID iD here: a record of hundreds of works takes several requests to several services).
The job ends with a preview waiting for "Confirm", linked from the job's page."""

import secrets

from django.tasks import task

from profiles.jobs.models import Job
from profiles.jobs.services import JobFailed, running_job, start_job
from publications.models import WorksPreview

from .fetch import fetch
from .identifiers import Identifier


def start_orcid_fetch(user, profile, identifiers, unreadable):
    return start_job(
        kind=Job.Kind.ORCID_WORKS,
        task=fetch_works_task,
        user=user,
        profile=profile,
        identifiers=[[item.kind, item.value, item.asked] for item in identifiers],
        unreadable=list(unreadable),
    )


@task
def fetch_works_task(job_id, identifiers, unreadable):
    with running_job(job_id) as run:
        profile = run.editable_profiles().filter(pk=run.profile.pk).first()
        if profile is None:
            raise JobFailed(f"{run.user} may no longer edit {run.profile}.")
        fetched = fetch([Identifier(*item) for item in identifiers], progress=run.progress)
        fetched.failures += [(text.rsplit(": not ", 1)[0], text) for text in unreadable]
        WorksPreview.objects.filter(user=run.user).delete()
        WorksPreview.objects.create(
            token=secrets.token_urlsafe(24),
            user=run.user,
            profile=profile,
            fetched=fetched.as_json(),
            job=run.job,
        )
        run.succeed(f"{fetched.report()} Nothing is imported until you confirm the preview.")
