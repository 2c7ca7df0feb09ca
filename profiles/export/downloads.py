"""Exports as HTTP downloads, for the researcher's export page and the admin."""

import tempfile
from pathlib import Path

from django.http import FileResponse

from .archive import PrefixedWriter, open_output
from .errors import IncompleteExport
from .html import export_profile_html, write_profile
from .render import PageRenderer, viewer_for


def download_response(profiles, *, single_file=False):
    """(response, problems): one profile as a zip or a single .html; several as one zip.

    Drafts are included: whoever may download a profile here may also see its draft.
    A file that could not be read is left out and named in ``problems``.
    """
    profiles = sorted(profiles, key=lambda profile: profile.slug)
    with tempfile.TemporaryDirectory() as folder:
        if single_file:
            (profile,) = profiles
            out = Path(folder) / f"{profile.slug}.html"
            problems = _write_single(profile, out)
            content_type = "text/html; charset=utf-8"
        else:
            out = Path(folder) / zip_name(profiles)
            problems = _write_zip(profiles, out)
            content_type = "application/zip"
        # Streamed from the open file, not read into memory (a zip of many profiles can
        # be large); the folder is removed now and the space freed when the file closes.
        file = out.open("rb")
    response = FileResponse(file, as_attachment=True, filename=out.name, content_type=content_type)
    return response, problems


def _write_single(profile, out):
    try:
        export_profile_html(profile=profile, out=out, single_file=True, include_draft=True)
    except IncompleteExport as incomplete:
        return incomplete.problems
    return []


def _write_zip(profiles, out, progress=None):
    problems = []
    with open_output(out) as writer:
        for done, profile in enumerate(profiles, start=1):
            # One profile is the zip's root; several get a folder each.
            target = writer if len(profiles) == 1 else PrefixedWriter(writer, f"{profile.slug}/")
            renderer = PageRenderer(viewer=viewer_for(profile))
            problems += write_profile(profile, target, renderer=renderer)
            if progress:
                progress(done, len(profiles))
    return problems


def write_profiles_zip(profiles, out, *, progress=None):
    """The zip the admin's export gives, written to ``out``; returns the files left out.
    ``progress(done, total)`` after each profile."""
    return _write_zip(sorted(profiles, key=lambda profile: profile.slug), out, progress)


def zip_name(profiles):
    return f"{profiles[0].slug if len(profiles) == 1 else 'profiles'}-website.zip"
