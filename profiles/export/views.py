"""The researcher's export page under /me/export/, and the download the admin links to."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from profiles.bundles.exporter import write_bundle
from profiles.models import Profile

from .downloads import download_response
from .forms import ExportForm, ExportFormat


def _download(request, profiles, *, single_file=False):
    response, problems = download_response(profiles, single_file=single_file)
    if problems:
        # Shown on the next page the researcher opens; the download itself is complete.
        messages.warning(request, "Exported without: " + "; ".join(problems))
    return response


@login_required
def export_page(request):
    form = ExportForm(
        request.POST or None, user=request.user, initial={"profile": request.GET.get("profile")}
    )
    if not form.fields["profile"].queryset.exists():
        return render(request, "profiles/export/no_profile.html", status=403)
    if request.method == "POST" and form.is_valid():
        single_file = form.cleaned_data["format"] == ExportFormat.SINGLE
        return _download(request, [form.cleaned_data["profile"]], single_file=single_file)
    return render(request, "profiles/export/export.html", {"form": form})


@login_required
def download_zip(request, slug):
    """GET: the zip of one profile (the admin's "Export as HTML" button)."""
    profile = get_object_or_404(Profile.objects.editable_by(request.user), slug=slug)
    return _download(request, [profile])


@login_required
def download_bundle(request, slug):
    """GET: the profile as a bundle (.zip of profile.yaml and media), which
    ``import_profile`` reads back; offered before a profile is deleted."""
    profile = get_object_or_404(Profile.objects.editable_by(request.user), slug=slug)
    with tempfile.TemporaryDirectory() as folder:
        out = write_bundle(profile, Path(folder) / f"{profile.slug}-bundle.zip")
        file = out.open("rb")
    return FileResponse(file, as_attachment=True, filename=out.name, content_type="application/zip")
