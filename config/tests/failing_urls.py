"""A URL conf whose only page fails, for the logging test."""

from django.urls import path


def fail(request):
    raise ZeroDivisionError("a bug in a view")


urlpatterns = [path("boom/", fail)]
