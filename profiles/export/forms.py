"""The researcher's export form: which profile, and as a zip or one file."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import models

from profiles.models import Profile


class ExportFormat(models.TextChoices):
    ZIP = "zip", "Website folder as a .zip (for GitHub Pages or a university web space)"
    SINGLE = "single", "One self-contained .html file (to mail or keep offline)"


class ExportForm(forms.Form):
    profile = forms.ModelChoiceField(
        queryset=Profile.objects.none(),
        to_field_name="slug",
        help_text="The profile to export.",
        error_messages={"invalid_choice": "You can export only a profile you may edit."},
    )
    format = forms.ChoiceField(
        choices=ExportFormat.choices, initial=ExportFormat.ZIP, widget=forms.RadioSelect
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        profiles = Profile.objects.editable_by(user).order_by("name")
        self.fields["profile"].queryset = profiles
        if profiles.count() == 1:
            # A researcher exports their own profile, whatever the URL asked for; only
            # editors choose. Set on the form: its initial data outranks the field's.
            self.initial["profile"] = profiles.first().slug
            self.fields["profile"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.add_input(Submit("export", "Download"))

    def clean(self):
        # A hidden field shows no error of its own; say it above the form instead.
        if (
            isinstance(self.fields["profile"].widget, forms.HiddenInput)
            and "profile" in self.errors
        ):
            raise forms.ValidationError(self.errors["profile"])
        return super().clean()
