"""The site import form: a zip of the repository, or (editors) a path on the server."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from profiles.models import Profile
from profiles.permissions import is_editor

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class SiteImportForm(forms.Form):
    profile = forms.ModelChoiceField(
        queryset=Profile.objects.none(),
        to_field_name="slug",
        help_text="The profile that receives the site's content.",
    )
    archive = forms.FileField(
        required=False,
        label="Repository (.zip)",
        help_text="The .zip your code host gives for “Download ZIP”, at most 200 MB.",
    )
    path = forms.CharField(
        required=False,
        label="…or a folder or .zip on the server",
        help_text="Editors only: a path the server can read.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        profiles = Profile.objects.editable_by(user).order_by("name")
        self.fields["profile"].queryset = profiles
        if profiles.count() == 1:
            self.fields["profile"].initial = profiles.first().slug
            self.fields["profile"].empty_label = None
        if not is_editor(user):
            del self.fields["path"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("preview", "Preview import"))

    def clean_archive(self):
        upload = self.cleaned_data.get("archive")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / 1024 / 1024:.0f} MB; the limit is 200 MB."
            )
        if upload and not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(f"{upload.name} is not a .zip.")
        return upload

    def clean(self):
        cleaned = super().clean()
        archive, path = cleaned.get("archive"), cleaned.get("path", "").strip()
        if not self.errors and not archive and not path:
            raise forms.ValidationError("Choose the .zip of your site's repository.")
        if archive and path:
            raise forms.ValidationError("Give a .zip or a path, not both.")
        return cleaned
