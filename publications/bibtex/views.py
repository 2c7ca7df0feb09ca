"""The BibTeX import page (preview, then confirm) and the BibTeX / CSL-JSON exports."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from profiles.cache import cached_page, profile_version_key
from profiles.models import Profile
from profiles.selectors import visible_profile
from publications.models import BibtexPreview
from publications.selectors import listed_publications, load

from .csl import csl_for_publications
from .export import bibtex_for_publications
from .forms import BibtexImportForm
from .parse import BibtexInputError
from .tasks import start_bibtex_import

# The uploaded text waits in the database between preview and confirm (the form caps
# it): one preview per person, none kept longer than this.
PREVIEW_LIFETIME = timedelta(days=1)


@login_required
def import_page(request):
    form = BibtexImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"profile": request.GET["profile"]} if request.GET.get("profile") else {},
    )
    if not form.fields["profile"].queryset.exists():
        return render(request, "publications/bibtex/no_profile.html", status=403)
    if request.method == "POST" and form.is_valid():
        profile = form.cleaned_data["profile"]
        text, filename = form.cleaned_data["bibtex"], form.cleaned_data["filename"]
        # Imported on use, not with the URLconf, which every command and worker start-up
        # loads (the importer's parsers and mappings are a large part of it).
        from .importer import RowStatus, preview_import

        try:
            plan = preview_import(profile, text, filename=filename)
        except BibtexInputError as error:
            form.add_error(None, str(error))
        else:
            BibtexPreview.objects.filter(
                Q(user=request.user) | Q(created_at__lt=timezone.now() - PREVIEW_LIFETIME)
            ).delete()
            preview = BibtexPreview.objects.create(
                token=secrets.token_urlsafe(24),
                user=request.user,
                profile=profile,
                text=text,
                filename=filename,
                entries=len(plan.rows),
            )
            return render(
                request,
                "publications/bibtex/preview.html",
                {"plan": plan, "profile": profile, "token": preview.token, "statuses": RowStatus},
            )
    return render(request, "publications/bibtex/import.html", {"form": form})


@login_required
@require_POST
def confirm_import(request):
    # The preview's choices for ambiguous names: "author-<line>-<position>" → author pk.
    resolutions = {
        name: int(value)
        for name, value in request.POST.items()
        if name.startswith("author-") and value.isdigit()
    }
    try:
        with transaction.atomic():
            preview = BibtexPreview.objects.take(request.POST.get("token", ""), request.user)
            if preview is None:
                messages.error(
                    request, "This preview is no longer available; upload the file again."
                )
                return redirect("bibtex:import")
            profile = get_object_or_404(
                Profile.objects.editable_by(request.user), pk=preview.profile_id
            )
            if preview.entries > settings.BIBTEX_BACKGROUND_ENTRIES:
                # A large file is imported by the worker; its page shows the progress and
                # outcome. The preview is consumed with the job queued, in one transaction.
                job = start_bibtex_import(request.user, profile, preview, resolutions)
                return redirect(job)
            from .importer import apply_import  # on use, as in import_page

            plan = apply_import(
                profile, preview.text, filename=preview.filename, resolutions=resolutions
            )
    except BibtexInputError as error:
        messages.error(request, str(error))
        return redirect("bibtex:import")
    messages.success(request, f"Imported onto {profile.name}’s page. {plan.summary()}")
    return redirect(f"{reverse('bibtex:import')}?profile={profile.slug}")


def _citation_publications(profile):
    # Four queries for every paper's authors, links and tags, not four per paper.
    return load(listed_publications(profile).prefetch_related("tags"))


# Cached like the profile's pages (same version: they show the same papers); the page
# cache keeps only the body and content type, so the file name is set outside it.
@cached_page(lambda slug: [profile_version_key(slug)])
def _bibtex_response(request, slug):
    profile = visible_profile(request, slug)
    text = bibtex_for_publications(_citation_publications(profile))
    return HttpResponse(text, content_type="application/x-bibtex; charset=utf-8")


def profile_bibtex(request, slug):
    response = _bibtex_response(request, slug=slug)
    response["Content-Disposition"] = f'inline; filename="{slug}.bib"'
    return response


@cached_page(lambda slug: [profile_version_key(slug)])
def profile_csl_json(request, slug):
    profile = visible_profile(request, slug)
    items = csl_for_publications(_citation_publications(profile))
    return JsonResponse(
        items,
        safe=False,
        content_type="application/vnd.citationstyles.csl+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
