"""/me/import/site/: upload the repository, see the preview, confirm once."""

import secrets
import tempfile
import time
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from .forms import SiteImportForm

SESSION_KEY = "site_import"
# Uploads wait here between preview and confirm: outside MEDIA_ROOT, never served.
UPLOAD_DIR = Path(tempfile.gettempdir()) / "scholar-site-imports"
STALE_SECONDS = 24 * 3600


def _store_upload(upload):
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    for old in UPLOAD_DIR.glob("*.zip"):
        if old.stat().st_mtime < time.time() - STALE_SECONDS:
            old.unlink(missing_ok=True)
    path = UPLOAD_DIR / f"{secrets.token_hex(16)}.zip"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@login_required
def import_page(request):
    form = SiteImportForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["profile"].queryset.exists():
        return render(request, "publications/bibtex/no_profile.html", status=403)
    if request.method == "POST" and form.is_valid():
        profile = form.cleaned_data["profile"]
        archive = form.cleaned_data.get("archive")
        path = _store_upload(archive) if archive else Path(form.cleaned_data["path"].strip())
        # Imported on use, not with the URLconf, which every command and worker start-up
        # loads (the importer's YAML, schemas and readers are a large part of it).
        from .services import preview_site_import
        from .source import SiteImportError

        try:
            plan = preview_site_import(slug=profile.slug, path=path, user=request.user)
        except (SiteImportError, OSError) as error:
            form.add_error(None, str(error))
            if archive:
                path.unlink(missing_ok=True)
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "profile": profile.slug,
                "path": str(path),
                "uploaded": bool(archive),
                "fingerprint": plan.fingerprint,
            }
            return render(
                request,
                "profiles/site_import/preview.html",
                {
                    "plan": plan,
                    "profile": profile,
                    "token": token,
                    "page_html": mark_safe(plan.page_html),  # our templates' output, escaped there
                },
            )
    return render(request, "profiles/site_import/import.html", {"form": form})


@login_required
@require_POST
def confirm_import(request):
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, "This preview is no longer available; upload the site again.")
        return redirect("site_import:import")
    del request.session[SESSION_KEY]  # a token is used once, whatever happens next
    path = Path(stored["path"])
    from .services import apply_site_import  # on use, as in import_page
    from .source import SiteImportError

    try:
        plan = apply_site_import(
            slug=stored["profile"], path=path, user=request.user, expected=stored["fingerprint"]
        )
    except PermissionDenied:
        raise
    except (SiteImportError, OSError) as error:
        messages.error(request, str(error))
        return redirect("site_import:import")
    finally:
        if stored.get("uploaded"):
            path.unlink(missing_ok=True)
    messages.success(request, f"Imported onto {stored['profile']}: {plan.summary()}")
    return redirect("profiles:detail", slug=stored["profile"])
