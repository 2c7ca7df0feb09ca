from django.urls import path

from . import views

app_name = "export"

urlpatterns = [
    path("", views.export_page, name="page"),
    path("<slug:slug>.zip", views.download_zip, name="zip"),
    path("bundle/<slug:slug>.zip", views.download_bundle, name="bundle"),
]
