"""The admin's exports: the profile list's "Export as HTML" action and the editors'
"Export the whole site" button, both run by the worker (docs/background-jobs.md)."""

from django.contrib import admin, messages
from django.shortcuts import redirect

from profiles.jobs.models import Job
from profiles.jobs.services import start_job
from profiles.permissions import can_edit_profile

from .tasks import export_profiles_task, export_site_task


def _started(modeladmin, request, job):
    modeladmin.message_user(
        request, "The export has started; this page shows how far it is.", messages.SUCCESS
    )
    return redirect(job)


@admin.action(description="Export selected profiles as HTML (.zip)")
def export_as_html(modeladmin, request, queryset):
    # The admin already limits researchers to their own profile; checked again here.
    profiles = [profile for profile in queryset if can_edit_profile(request.user, profile)]
    if not profiles:
        modeladmin.message_user(request, "No profile you may export was selected.", messages.ERROR)
        return None
    job = start_job(
        kind=Job.Kind.PROFILE_EXPORT,
        task=export_profiles_task,
        user=request.user,
        # One profile: its owner follows the job too. Several: an editor's job.
        profile=profiles[0] if len(profiles) == 1 else None,
        profile_ids=[profile.pk for profile in profiles],
    )
    return _started(modeladmin, request, job)


def export_whole_site(modeladmin, request):
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=export_site_task, user=request.user)
    return _started(modeladmin, request, job)
