"""Validators for identifiers researchers type by hand."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Django's URLField also takes ftp://; pages, BibTeX and bundles link to the web only.
web_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address starting with https:// or http://.",
    code="web_url",  # a field's own "invalid" message would replace this one
)

_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$", re.IGNORECASE)


def orcid_checksum_ok(digits):
    """ISO 7064 11-2 check digit, as ORCID documents it."""
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    remainder = (12 - total % 11) % 11
    expected = "X" if remainder == 10 else str(remainder)
    return digits[-1].upper() == expected


def normalize_orcid(value):
    """Return the bare iD ``0000-0002-1825-0097`` or raise ValidationError saying why."""
    match = _ORCID.match((value or "").strip())
    if not match:
        raise ValidationError(
            f"{value!r} is not an ORCID iD: expected 0000-0000-0000-0000 "
            "or https://orcid.org/0000-0000-0000-0000.",
            code="invalid_orcid",
        )
    orcid = match.group(1).upper()
    if not orcid_checksum_ok(orcid.replace("-", "")):
        raise ValidationError(
            f"{orcid} is not a valid ORCID iD: its check digit is wrong (typo?).",
            code="orcid_checksum",
        )
    return orcid


def validate_orcid(value):
    if value:
        normalize_orcid(value)
