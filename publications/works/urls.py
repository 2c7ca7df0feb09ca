from django.urls import path

from . import views

app_name = "works"

urlpatterns = [
    path("", views.import_page, name="import"),
    path("confirm/", views.confirm_import, name="confirm"),
    path("job/<int:pk>/", views.job_preview, name="job_preview"),
]
