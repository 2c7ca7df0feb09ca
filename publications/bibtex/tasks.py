"""Large BibTeX imports, run by the worker (the import page sends them here)."""

from django.tasks import task

from profiles.jobs.models import Job
from profiles.jobs.services import JobFailed, running_job, start_job

from .importer import apply_import, preview_import
from .parse import BibtexInputError


def start_bibtex_import(user, profile, preview, resolutions):
    """Queue the import ``preview`` (a BibtexPreview) showed."""
    return start_job(
        kind=Job.Kind.BIBTEX_IMPORT,
        task=import_bibtex_task,
        user=user,
        profile=profile,
        text=preview.text,
        filename=preview.filename,
        resolutions=resolutions,
    )


@task
def import_bibtex_task(job_id, text, filename, resolutions):
    with running_job(job_id) as run:
        profile = run.editable_profiles().filter(pk=run.profile.pk).first()
        if profile is None:
            raise JobFailed(f"{run.user} may no longer edit {run.profile}.")
        # JSON keeps the chosen authors' keys as text; the importer wants author pks.
        resolutions = {name: int(pk) for name, pk in resolutions.items()}
        try:
            # The plan is made once outside the import's transaction, where the progress
            # written per entry is visible to the job's page, then again inside it (as
            # every import does): for 1,000 entries, a second more.
            preview_import(
                profile, text, filename=filename, resolutions=resolutions, progress=run.progress
            )
            plan = apply_import(profile, text, filename=filename, resolutions=resolutions)
        except BibtexInputError as error:
            raise JobFailed(str(error)) from error
        run.succeed(f"Imported onto {profile.name}’s page. {plan.summary()}")
