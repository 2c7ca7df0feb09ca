"""Jobs in the admin: state and progress, for the profile's owner and for editors."""

from django.contrib import admin
from django.utils.html import format_html

from profiles.admin import EDITOR, ResearcherAccessMixin, admin_role

from .models import Job


@admin.register(Job)
class JobAdmin(ResearcherAccessMixin, admin.ModelAdmin):
    list_display = ["kind", "target", "status", "progress", "message", "created_at", "result"]
    list_filter = ["status", "kind"]
    list_select_related = ["profile", "user"]
    search_fields = ["profile__name", "profile__slug", "user__username", "message"]
    date_hierarchy = "created_at"
    fields = [
        "kind", "profile", "user", "status", "progress", "message", "result", "attempts",
        "created_at", "started_at", "finished_at", "task_id",
    ]  # fmt: skip
    readonly_fields = fields

    class Media:
        css = {"all": ["css/admin.css"]}

    def researcher_may(self, request, action, obj):
        # Jobs are started from where their work is; here they are only watched.
        return action == "view" and (
            obj is None or (obj.profile is not None and obj.profile.user_id == request.user.pk)
        )

    def researcher_queryset(self, request, queryset):
        return queryset.visible_to(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Editors tidy up finished jobs (their files go with them, see profiles.jobs.signals).
        return admin_role(request) == EDITOR and (obj is None or obj.is_finished)

    @admin.display(description="for", ordering="profile__name")
    def target(self, job):
        return job.profile or "the site"

    @admin.display(description="progress")
    def progress(self, job):
        if job.status == Job.Status.QUEUED:
            return "waiting"
        if not job.total:
            return "—" if job.is_finished else "started"
        return format_html(
            '<progress class="job-progress" max="{}" value="{}">{} %</progress> {}/{}',
            job.total,
            job.done,
            job.percent,
            job.done,
            job.total,
        )

    @admin.display(description="result")
    def result(self, job):
        link = format_html('<a href="{}">open</a>', job.get_absolute_url())
        if job.result_file and job.status == Job.Status.SUCCEEDED:
            return format_html(
                '{} · <a href="{}">download {}</a>', link, job.get_download_url(), job.result_file
            )
        return link
