"""Small reusable model fields shared by both apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

# The longest text a field holds (a bio, an abstract, a paper's verbatim BibTeX with
# thousands of authors): about 30,000 words. Every door checks it, and bundles refuse a
# longer string before they parse it (docs/security.md).
MAX_TEXT_LENGTH = 200_000
# The most items any list holds in an import: papers on a profile, authors of a paper
# (the largest physics collaborations sign about 5,000), news items.
MAX_LIST_ITEMS = 10_000


class BoundedTextField(models.TextField):
    """A TextField whose length is checked by model validation too (a plain TextField's
    ``max_length`` only reaches forms), so the admin, imports and bundles agree."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


class StringListFormField(forms.CharField):
    """Edits a list of strings as one item per line (commas also split when no newline)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, *, split_commas=True, **kwargs):
        self.split_commas = split_commas
        kwargs.pop("max_length", None)
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        lines = text.splitlines()
        if self.split_commas and len(lines) == 1:
            lines = lines[0].split(",")
        return [line.strip() for line in lines if line.strip()]


class StringListField(models.JSONField):
    """An ordered list of short strings (aliases, interests, badges, advisors)."""

    def __init__(self, *args, split_commas=True, **kwargs):
        self.split_commas = split_commas
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError("Expected a list of strings.", code="invalid")

    def formfield(self, **kwargs):
        kwargs.setdefault("help_text", self.help_text or "One per line.")
        return super().formfield(
            form_class=StringListFormField, split_commas=self.split_commas, **kwargs
        )


class YearListFormField(forms.CharField):
    """Edits years as ``2021, 2022, 2023`` or ``2021-2023``."""

    def __init__(self, **kwargs):
        # JSONField.formfield passes its JSON options; this field parses text itself.
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(year) for year in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = (super().to_python(value) or "").replace("–", "-")
        years = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                if "-" in part:
                    first, last = (int(bound) for bound in part.split("-", 1))
                    if last < first or last - first > 100:
                        raise ValueError
                    years.extend(range(first, last + 1))
                else:
                    years.append(int(part))
            except ValueError:
                raise ValidationError(
                    f"{part!r} is not a year or a range of years like 2021-2023.", code="invalid"
                ) from None
        return sorted(set(years))


class YearListField(models.JSONField):
    """A sorted list of distinct years, rendered compactly (``2020, 2021 & 2022``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(
            isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 9999
            for year in value
        ):
            raise ValidationError("Expected a list of four-digit years.", code="invalid")

    def formfield(self, **kwargs):
        kwargs.setdefault("help_text", self.help_text or "e.g. 2021, 2023 or 2021-2024")
        return super().formfield(form_class=YearListFormField, **kwargs)


class LineMappingFormField(forms.CharField):
    """Edits a ``{key: value}`` mapping as one ``key: value`` line each; ``parse_line``
    splits one line into (key, value) or returns None when the line is not one."""

    error_example = ""  # how a good line reads, for the error message

    def __init__(self, **kwargs):
        for option in ("max_length", "encoder", "decoder"):
            kwargs.pop(option, None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{key}: {item}" for key, item in value.items())
        return value

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        mapping = {}
        for number, line in enumerate((super().to_python(value) or "").splitlines(), 1):
            if not line.strip():
                continue
            pair = self.parse_line(line)
            if pair is None:
                raise ValidationError(f"Line {number}: {self.error_example}", code="invalid")
            mapping[pair[0]] = pair[1]
        return mapping

    def parse_line(self, line):
        raise NotImplementedError


class SectionTitlesFormField(LineMappingFormField):
    """Edits ``{section: heading}`` as one ``section: heading`` line each."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})
    error_example = "write a section and its heading, e.g. news: 🔥 News."

    def parse_line(self, line):
        name, colon, title = line.partition(":")
        if not colon or not name.strip() or not title.strip():
            return None
        return name.strip(), title.strip()


class SectionTitlesField(models.JSONField):
    """Headings chosen for built-in sections, by section name; absent ones keep theirs.

    Which names are sections is the model's business (``Profile.clean``); this field
    only keeps a mapping of short strings.
    """

    MAX_TITLE_LENGTH = 200

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, dict) or not all(
            isinstance(title, str) and 0 < len(title) <= self.MAX_TITLE_LENGTH
            for title in value.values()
        ):
            raise ValidationError(
                f"Expected headings of 1 to {self.MAX_TITLE_LENGTH} characters.", code="invalid"
            )

    def formfield(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            self.help_text
            or "One line each, section: heading — e.g. news: 🔥 News. Two sections with the "
            "same heading, one after the other, share it.",
        )
        return super().formfield(form_class=SectionTitlesFormField, **kwargs)
