"""Badges on a paper ("Oral", "CCF-A", "Accepted") and the kind that decides their look.

A badge's kind is read from its text unless the paper says otherwise (``badge_kinds``):
"Best Paper Nominee" reads as an honour by itself, but a researcher may want a
"Distinguished" badge to look like a rank.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from profiles.fields import LineMappingFormField


class BadgeKind(models.TextChoices):
    HONOUR = "honour", "Honour (Oral, Best Paper)"
    RANK = "rank", "Rank (CCF-A, Q1)"
    STATUS = "status", "Status (Accepted, To appear)"
    NOTE = "note", "Plain note"


# Presentation honours (Oral, Best Paper…) stand out; rankings (CCF-A, Q1, CORE A*)
# are context, shown quieter; a status says where the paper is; anything else is a note.
_HONOUR = re.compile(
    r"oral|spotlight|highlight|best|award|honou?rable|outstanding|winner|nominee", re.I
)
_RANK = re.compile(r"^(ccf|core|q[1-4]\b|jcr|sci\b|ei\b|cas\b|中科院|h5)", re.I)
_STATUS = re.compile(r"^(accepted|to appear|in press|under review|submitted|forthcoming)", re.I)


def badge_kind(text, kinds=None):
    """The kind of badge ``text``: the paper's own choice (``kinds``), else read from it."""
    if kinds and text in kinds:
        return kinds[text]
    if _HONOUR.search(text):
        return BadgeKind.HONOUR.value
    if _RANK.search(text):
        return BadgeKind.RANK.value
    if _STATUS.search(text):
        return BadgeKind.STATUS.value
    return BadgeKind.NOTE.value


class BadgeKindsFormField(LineMappingFormField):
    """Edits ``{badge: kind}`` as one ``badge: kind`` line each."""

    widget = forms.Textarea(attrs={"rows": 2, "cols": 40})
    error_example = (
        f"write a badge and its kind ({', '.join(BadgeKind.values)}), e.g. Accepted: status."
    )

    def parse_line(self, line):
        badge, colon, kind = line.rpartition(":")
        if not colon or not badge.strip() or kind.strip() not in BadgeKind.values:
            return None
        return badge.strip(), kind.strip()


class BadgeKindsField(models.JSONField):
    """The kinds a paper chose for some of its badges, by badge text."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            "Only to change how a badge looks: one line each, badge: kind "
            f"({', '.join(BadgeKind.values)}). Others are read from their text.",
        )
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, dict) or not all(
            kind in BadgeKind.values for kind in value.values()
        ):
            raise ValidationError(f"Badge kinds are {', '.join(BadgeKind.values)}.", code="invalid")

    def formfield(self, **kwargs):
        return super().formfield(form_class=BadgeKindsFormField, **kwargs)
