from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("<int:pk>/<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
]
