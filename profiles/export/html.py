"""Export of one profile as a static website (folder, zip or one self-contained file)."""

from pathlib import Path

from publications.models import Publication

from .archive import open_output, write_file_atomically
from .errors import ExportError, IncompleteExport
from .exporter import Exporter
from .plan import ExportPlan, normalize_base_url
from .render import PageRenderer, viewer_for
from .singlefile import render_single_file
from .uploads import profile_queryset, unreadable_uploads


def check_exportable(profile, *, include_draft):
    if not profile.is_published and not include_draft:
        raise ExportError(
            f"The profile {profile.slug!r} is not published; use --include-draft to export it."
        )


def plan_profile(profile, *, base_url):
    plan = ExportPlan(base_url=base_url, seen_from=profile.slug)
    plan.add_profile(profile)
    plan.add_publications(Publication.objects.listed_on(profile))
    return plan


def export_profile_html(
    *,
    profile,
    out,
    single_file=False,
    base_url=None,
    force=False,
    include_draft=False,
    processes=1,
):
    """Writes ``profile``'s public pages to ``out``: a folder, a ``.zip`` or one ``.html``;
    rendered by ``processes`` processes (profiles.export.workers).

    Raises ExportError for bad input, and IncompleteExport after writing everything
    else when some image or file could not be read.
    """
    check_exportable(profile, include_draft=include_draft)
    base_url = normalize_base_url(base_url)
    out = Path(out)
    renderer = PageRenderer(viewer=viewer_for(profile))
    if single_file:
        if out.suffix.lower() not in (".html", ".htm"):
            raise ExportError(f"--single-file writes one .html file; {out} does not end in .html.")
        plan = ExportPlan(base_url=base_url)
        plan.add_profile(profile)
        html, problems = render_single_file(profile, plan=plan, renderer=renderer)
        problems = unreadable_uploads(profile_queryset(profile)) + problems
        write_file_atomically(out, html.encode("utf-8"), force=force)
    else:
        with open_output(out, force=force) as writer:
            problems = write_profile(
                profile, writer, base_url=base_url, renderer=renderer, processes=processes
            )
    if problems:
        raise IncompleteExport(problems)


def write_profile(profile, writer, *, base_url=None, renderer=None, processes=1):
    """Writes the pages of ``profile`` and their files; returns the files that could not be read."""
    plan = plan_profile(profile, base_url=base_url)
    exporter = Exporter(
        plan=plan,
        writer=writer,
        renderer=renderer or PageRenderer(viewer=viewer_for(profile)),
        processes=processes,
    )
    exporter.export_pages()
    if base_url:
        exporter.export_sitemap()
    return unreadable_uploads(profile_queryset(profile)) + exporter.problems
