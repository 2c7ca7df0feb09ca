"""The admin site: login throttled by django-axes, and a second factor for staff.

A staff account with a TOTP authenticator (django-otp) gives its six-digit code with its
password; with ``OTP_REQUIRED_FOR_STAFF`` an account without one cannot enter the admin.
An administrator adds authenticators under "TOTP devices", which shows the QR code.
"""

import math

from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.shortcuts import render
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm

from profiles.dashboard import dashboard_for, own_profile

OTP_REQUIRED_MESSAGE = (
    "This site requires two-factor authentication for staff, and this account has no "
    "authenticator yet: ask an administrator to add one."
)


class StaffLoginForm(OTPAdminAuthenticationForm):
    otp_token = forms.CharField(
        required=False,
        label="Authentication code",
        help_text="Only for accounts with an authenticator app: the six-digit code it shows.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": "Enter the six-digit code from your authenticator app.",
        "invalid_token": "That authentication code is not right (or has expired); try the "
        "current one.",
    }

    def clean(self):
        # The password first (and django-axes' throttling), then the second factor.
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is None:  # a username or password left empty: the field says so
            return self.cleaned_data
        if any(devices_for_user(user)):
            self.clean_otp(user)
        elif settings.OTP_REQUIRED_FOR_STAFF:
            raise forms.ValidationError(OTP_REQUIRED_MESSAGE, code="otp_required")
        return self.cleaned_data

    def _chosen_device(self, user):
        # One form for all: the account's first authenticator, unless the form names one.
        return super()._chosen_device(user) or next(devices_for_user(user), None)


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results labelled by the model admin's ``autocomplete_label(obj)`` when it
    has one (authors say whose page they are), else by ``str(obj)``."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class ScholarAdminSite(admin.AdminSite):
    index_template = "admin/dashboard.html"
    login_form = StaffLoginForm
    login_template = "admin/otp_login.html"

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def each_context(self, request):
        context = super().each_context(request)
        # "View site" is a researcher's own page.
        profile = own_profile(request.user)
        if profile is not None:
            context["site_url"] = profile.get_absolute_url()
        return context

    def index(self, request, extra_context=None):
        """A researcher's home: their dashboard above the models they may edit, with how many
        papers co-authors put on their page wait for them (publications.claims)."""
        from publications.claims import pending_count

        extra_context = {
            **(extra_context or {}),
            "dashboard": dashboard_for(request.user),
            "pending_claims": pending_count(request.user),
        }
        return super().index(request, extra_context)

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        # A session from before an authenticator was added, or before enforcement, must
        # log in again with the code.
        user = request.user
        return user.is_verified() or not (
            settings.OTP_REQUIRED_FOR_STAFF or any(devices_for_user(user))
        )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a login after too many failures: HTTP 429 saying how long."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "admin/lockout.html", context, status=429)
