"""The admin's "Export as HTML" action on the profile list."""

from django.contrib import admin, messages

from profiles.permissions import can_edit_profile

from .downloads import download_response


@admin.action(description="Export selected profiles as HTML (.zip)")
def export_as_html(modeladmin, request, queryset):
    # The admin already limits researchers to their own profile; checked again here.
    profiles = [profile for profile in queryset if can_edit_profile(request.user, profile)]
    if not profiles:
        modeladmin.message_user(request, "No profile you may export was selected.", messages.ERROR)
        return None
    response, problems = download_response(profiles)
    if problems:
        modeladmin.message_user(
            request, "Exported without: " + "; ".join(problems), messages.WARNING
        )
    return response
