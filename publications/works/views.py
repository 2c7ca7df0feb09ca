"""The import-by-identifier page: paste identifiers, preview, confirm (as for BibTeX)."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from profiles.models import Profile
from publications.bibtex.importer import RowStatus
from publications.bibtex.views import PREVIEW_LIFETIME
from publications.models import WorksPreview

from .fetch import Fetched, fetch
from .forms import WorksImportForm
from .importer import apply_works, preview_works
from .tasks import start_orcid_fetch


@login_required
def import_page(request):
    form = WorksImportForm(
        request.POST or None,
        user=request.user,
        initial={"profile": request.GET["profile"]} if request.GET.get("profile") else {},
    )
    if not form.fields["profile"].queryset.exists():
        return render(request, "publications/bibtex/no_profile.html", status=403)
    if request.method == "POST" and form.is_valid():
        profile = form.cleaned_data["profile"]
        identifiers = form.cleaned_data["identifiers"]
        WorksPreview.objects.filter(
            Q(user=request.user) | Q(created_at__lt=timezone.now() - PREVIEW_LIFETIME)
        ).delete()
        if any(item.kind == "orcid" for item in identifiers):
            # An ORCID record is read by the worker; its page links to the preview.
            job = start_orcid_fetch(request.user, profile, identifiers, form.unreadable)
            return redirect(job)
        fetched = fetch(identifiers)
        fetched.failures += [(text.rsplit(": not ", 1)[0], text) for text in form.unreadable]
        preview = WorksPreview.objects.create(
            token=secrets.token_urlsafe(24),
            user=request.user,
            profile=profile,
            fetched=fetched.as_json(),
        )
        return _render_preview(request, preview, fetched)
    return render(request, "publications/works/import.html", {"form": form})


@login_required
def job_preview(request, pk):
    """The preview a background ORCID job left, for the person who started it."""
    preview = get_object_or_404(WorksPreview, job_id=pk, user=request.user)
    get_object_or_404(Profile.objects.editable_by(request.user), pk=preview.profile_id)
    return _render_preview(request, preview, Fetched.from_json(preview.fetched))


def _render_preview(request, preview, fetched):
    context = {
        "plan": preview_works(preview.profile, fetched),
        "profile": preview.profile,
        "token": preview.token,
        "statuses": RowStatus,
        "fetched": fetched,
    }
    return render(request, "publications/works/preview.html", context)


@login_required
@require_POST
def confirm_import(request):
    resolutions = {
        name: int(value)
        for name, value in request.POST.items()
        if name.startswith("author-") and value.isdigit()
    }
    with transaction.atomic():
        preview = WorksPreview.objects.take(request.POST.get("token", ""), request.user)
        if preview is None:
            messages.error(request, "This preview is no longer available; paste the list again.")
            return redirect("works:import")
        profile = get_object_or_404(
            Profile.objects.editable_by(request.user), pk=preview.profile_id
        )
        plan = apply_works(profile, Fetched.from_json(preview.fetched), resolutions=resolutions)
    messages.success(request, f"Imported onto {profile.name}’s page. {plan.summary()}")
    return redirect(f"{reverse('works:import')}?profile={profile.slug}")
