from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from profiles.media_views import media_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("papers/", include("publications.urls")),
    # The researcher's own corner: the admin's index is their dashboard.
    path("me/", RedirectView.as_view(pattern_name="admin:index"), name="me"),
    path("me/bibtex/", include("publications.bibtex.urls")),
    path("me/works/", include("publications.works.urls")),
    path("me/export/", include("profiles.export.urls")),
    # Uploads, with headers that keep them from running as the site (profiles.media_views).
    *media_urlpatterns(),
    path("me/jobs/", include("profiles.jobs.urls")),
    path("me/import/site/", include("profiles.site_import.urls")),
    path("", include("profiles.urls")),
]
