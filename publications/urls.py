from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    # A paper's short address (its number alone) redirects to the canonical one.
    path("<int:pk>/", views.PublicationDetailView.as_view(), {"slug": ""}, name="short"),
    path("<int:pk>/<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
]
