"""Inline SVG icons from static/icons/ (stroke style, 24×24), drawn for this site.

Icons are inlined rather than linked so they take the text colour and cost no
request; every icon sits beside a text label, so each is ``aria-hidden``.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.safestring import mark_safe

ICON_DIR = Path(settings.BASE_DIR) / "static" / "icons"


@cache
def icon(name):
    """The named icon as inline markup; unknown names fall back to the generic link icon."""
    path = ICON_DIR / f"{name}.svg"
    if not path.is_file() or name == "favicon":
        path = ICON_DIR / "link.svg"
    svg = path.read_text(encoding="utf-8").strip()
    attributes = (
        f'class="icon icon-{name}" aria-hidden="true" focusable="false" width="16" height="16"'
    )
    return mark_safe(
        svg.replace("<svg ", f"<svg {attributes} ", 1)
    )  # our own files, not user input
