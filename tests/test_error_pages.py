"""The 500 page renders when nothing else works: no database, no context processors."""

from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.views.defaults import server_error


def broken_context_processor(request):
    raise AssertionError("the 500 page must not run context processors")


def test_server_error_page_renders_without_database_or_context_processors(settings):
    # No django_db mark: any query here fails the test (pytest-django blocks the database).
    settings.DEBUG = False
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [f"{__name__}.broken_context_processor"],
            },
        }
    ]
    response = server_error(RequestFactory().get("/ada/publications/"))

    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Something went wrong on our side"
    assert soup.select_one('link[rel="stylesheet"]')["href"].endswith("css/site.css")
    assert soup.select_one('a[href="/"]').get_text(strip=True) == "Back to the start page"
