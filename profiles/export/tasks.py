"""Exports run by the worker: the whole site, or profiles chosen in the admin."""

from django.tasks import task

from profiles.jobs.services import JobFailed, running_job
from profiles.permissions import is_editor

from .downloads import write_profiles_zip, zip_name
from .errors import ExportError, IncompleteExport
from .site import export_site

SITE_ZIP = "site.zip"


def _without(problems):
    return f" Left out (unreadable): {'; '.join(problems)}" if problems else ""


@task
def export_site_task(job_id, base_url=None):
    """Every published profile and the directory as one static site, in a zip."""
    with running_job(job_id) as run:
        if run.user is None or not is_editor(run.user):
            raise JobFailed("Only editors may export the whole site.")
        out = run.file_path(SITE_ZIP)
        try:
            pages = export_site(out=out, base_url=base_url, force=True, progress=run.progress)
        except IncompleteExport as incomplete:
            run.succeed("Exported." + _without(incomplete.problems), file_name=SITE_ZIP)
        except ExportError as error:
            raise JobFailed(str(error)) from error
        else:
            run.succeed(f"Exported {pages} pages.", file_name=SITE_ZIP)


@task
def export_profiles_task(job_id, profile_ids):
    """The chosen profiles as one zip (a folder each), drafts included, as the admin shows."""
    with running_job(job_id) as run:
        profiles = list(run.editable_profiles().filter(pk__in=profile_ids))
        if not profiles:
            raise JobFailed("None of these profiles may be exported by this account now.")
        name = zip_name(sorted(profiles, key=lambda profile: profile.slug))
        try:
            problems = write_profiles_zip(profiles, run.file_path(name), progress=run.progress)
        except ExportError as error:
            raise JobFailed(str(error)) from error
        count = f"{len(profiles)} profile{'s' if len(profiles) > 1 else ''}"
        run.succeed(f"Exported {count}." + _without(problems), file_name=name)
