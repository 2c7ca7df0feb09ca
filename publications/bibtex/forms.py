"""The upload-or-paste form of the BibTeX import page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from profiles.models import Profile

from .parse import MAX_BYTES, BibtexInputError, check_text, decode_upload


class BibtexImportForm(forms.Form):
    profile = forms.ModelChoiceField(
        queryset=Profile.objects.none(),
        to_field_name="slug",
        help_text="The profile whose publication list receives the papers.",
    )
    bib_file = forms.FileField(
        required=False,
        label="BibTeX file",
        help_text=f"A .bib file, UTF-8, at most {MAX_BYTES // 1024 // 1024} MB.",
    )
    text = forms.CharField(
        required=False,
        label="…or paste BibTeX",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        profiles = Profile.objects.editable_by(user).order_by("name")
        self.fields["profile"].queryset = profiles
        if profiles.count() == 1:
            self.fields["profile"].initial = profiles.first().slug
            self.fields["profile"].empty_label = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("preview", "Preview import"))

    def clean_bib_file(self):
        upload = self.cleaned_data.get("bib_file")
        if not upload:
            return ""
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB."
            )
        try:
            return decode_upload(upload.read(), filename=upload.name)
        except BibtexInputError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        if text.strip():
            try:
                check_text(text, "The pasted text")
            except BibtexInputError as error:
                raise forms.ValidationError(str(error)) from None
        return text

    def clean(self):
        cleaned = super().clean()
        from_file, pasted = cleaned.get("bib_file"), cleaned.get("text", "")
        if not self.errors and not from_file and not pasted.strip():
            raise forms.ValidationError("Choose a .bib file or paste BibTeX.")
        if from_file and pasted.strip():
            raise forms.ValidationError("Give a file or pasted text, not both.")
        cleaned["bibtex"] = from_file or pasted
        cleaned["filename"] = self.files["bib_file"].name if from_file else "The pasted text"
        return cleaned
