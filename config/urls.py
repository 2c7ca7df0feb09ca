from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("papers/", include("publications.urls")),
    path("me/bibtex/", include("publications.bibtex.urls")),
    path("me/export/", include("profiles.export.urls")),
    path("me/import/site/", include("profiles.site_import.urls")),
    path("", include("profiles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
