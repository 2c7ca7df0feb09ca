"""Partial dates: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, shown at their own precision.

Stored as the ISO string itself: zero-padded ISO strings sort correctly as text on
every database, and the string keeps the precision without a second column.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import total_ordering

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

ACCEPTED_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


def invalid_date_message(value, error):
    """What a form or an import says about a date it cannot read: the problem, and the
    forms it accepts (“April 2026”, “12/31/2026” and “2026-31-12” are all refused)."""
    problem = str(error)
    if problem.startswith("expected"):
        return problem  # it names the accepted forms and the value already
    return f"{problem}; expected {ACCEPTED_FORMS}"


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value):
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError naming what is wrong."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"expected a date {ACCEPTED_FORMS}, got {value!r}")
        match = _PATTERN.match(value.strip())
        if not match:
            value = value if len(value) <= 40 else value[:40] + "…"
            raise ValueError(f"expected a date {ACCEPTED_FORMS}, got {value!r}")
        year, month, day = (int(part) if part else None for part in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} is not between 1 and 12 in {value!r}")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"day {day} does not exist in {year}-{month:02d} ({value!r})")
        return cls(year, month, day)

    @property
    def precision(self):
        return "day" if self.day else "month" if self.month else "year"

    def isoformat(self):
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    __str__ = isoformat

    def display(self):
        """Human form at the stored precision: ``2025``, ``Jun 2025``, ``14 Jul 2023``."""
        if self.day:
            return f"{self.day} {calendar.month_abbr[self.month]} {self.year}"
        if self.month:
            return f"{calendar.month_abbr[self.month]} {self.year}"
        return str(self.year)

    def _key(self):
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other):
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()


class PartialDateField(models.CharField):
    """A model field holding a :class:`PartialDate` as its ISO string (a varchar(10))."""

    description = "A date of year, month or day precision"

    def __init__(self, *args, **kwargs):
        # max_length is set after CharField.__init__, which would otherwise add a length
        # validator that is handed a PartialDate; parsing bounds the length already.
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        self.max_length = 10

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return PartialDate.parse(value) if value else None

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            raise ValidationError(invalid_date_message(value, error), code="invalid") from error

    def get_prep_value(self, value):
        value = self.to_python(value)
        return value.isoformat() if value else None

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", PartialDateFormField)
        # The form field's value is a PartialDate, which has no length to check.
        kwargs.setdefault("max_length", None)
        kwargs.setdefault(
            "help_text", self.help_text or "YYYY, YYYY-MM or YYYY-MM-DD; shown at this precision."
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "YYYY-MM", "size": 10}))
        return super().formfield(**kwargs)


class PartialDateFormField(forms.CharField):
    """A form's date box: read into a PartialDate while the form is cleaned, so that a
    date that does not parse is the field's error and never reaches the model's
    ``clean()`` as text."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            raise ValidationError(invalid_date_message(value, error), code="invalid") from error

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value
