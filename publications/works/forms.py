"""The paste-your-identifiers form of the import-by-identifier page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from profiles.models import Profile

from .identifiers import MAX_IDENTIFIERS, IdentifierError, read_identifiers

MAX_CHARS = 50_000


class WorksImportForm(forms.Form):
    profile = forms.ModelChoiceField(
        queryset=Profile.objects.none(),
        to_field_name="slug",
        help_text="The profile whose publication list receives the papers.",
    )
    identifiers = forms.CharField(
        label="DOIs, arXiv ids or an ORCID iD",
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=(
            "Any mix, one per line or separated by spaces: 10.1145/3292500.3330701, "
            "doi:…, https://doi.org/…, 2301.01234, arXiv:hep-th/9901001v2, "
            f"0000-0002-1825-0097. At most {MAX_IDENTIFIERS}."
        ),
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

    def clean_identifiers(self):
        try:
            identifiers, unreadable = read_identifiers(self.cleaned_data["identifiers"])
        except IdentifierError as error:
            raise forms.ValidationError(str(error)) from None
        if not identifiers:
            raise forms.ValidationError(
                "; ".join(unreadable) or "Give at least one DOI, arXiv id or ORCID iD."
            )
        self.unreadable = unreadable
        return identifiers
