from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("<slug:slug>/", views.ProfileDetailView.as_view(), name="detail"),
]
