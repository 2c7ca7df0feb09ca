"""Every public page type, rendered with the demo data, is valid HTML5 per the Nu checker."""

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.harness import format_html_errors, validate_pages
from tests.support import demo_slugs

pytestmark = pytest.mark.django_db

MISSING_PAGE = "/no-such-researcher/"
SEARCH_PAGES = ["/?q=song", "/?q=no+such+person", "/zikai-song/publications/?q=tracking&year=2024"]
# Validated with the real pages, to prove the checker run finds errors at all.
BROKEN_SAMPLE = "<!doctype html><html lang=en><title>x</title><p><div></span>"


@dataclass
class CheckedPages:
    statuses: dict  # path -> HTTP status, or the exception the view raised
    errors: dict  # path -> [HtmlError]


@pytest.fixture(scope="module")
def page_errors(demo_data, tmp_path_factory):
    """Render every page, then validate them all in one checker run."""
    client = Client()
    paths = ["/", *(path for slug in demo_data.slugs for path in demo_data.paths[slug])]
    statuses, pages = {}, {}
    for path in [*paths, *SEARCH_PAGES, MISSING_PAGE]:
        try:
            response = client.get(path)
        except Exception as error:  # reported by the test of that page
            statuses[path] = repr(error)
        else:
            statuses[path], pages[path] = response.status_code, response.content
    pages["broken sample"] = BROKEN_SAMPLE
    return CheckedPages(statuses, validate_pages(pages, tmp_path_factory.mktemp("html")))


def assert_valid(page_errors, paths, status=200):
    for path in paths:
        assert page_errors.statuses[path] == status, f"{path} answered {page_errors.statuses[path]}"
    checked = {path: page_errors.errors[path] for path in paths}
    assert not any(checked.values()), format_html_errors(checked)


def test_directory_is_valid(page_errors):
    assert_valid(page_errors, ["/"])


def test_search_and_filter_pages_are_valid(page_errors):
    assert_valid(page_errors, SEARCH_PAGES)


def test_not_found_page_is_valid(page_errors):
    assert_valid(page_errors, [MISSING_PAGE], status=404)


@pytest.mark.parametrize("slug", demo_slugs())
def test_profile_page_is_valid(page_errors, slug):
    assert_valid(page_errors, [f"/{slug}/"])


@pytest.mark.parametrize("slug", demo_slugs())
def test_publication_list_is_valid(page_errors, slug):
    assert_valid(page_errors, [f"/{slug}/publications/"])


@pytest.mark.parametrize("slug", demo_slugs())
def test_every_paper_page_is_valid(page_errors, demo_data, slug):
    papers = [path for path in demo_data.paths[slug] if path.startswith("/papers/")]
    assert papers, f"{slug} lists no papers"
    assert_valid(page_errors, papers)


def test_checker_reports_invalid_markup(page_errors):
    """The checker run itself works: a broken page yields located errors."""
    errors = page_errors.errors["broken sample"]
    assert errors, "vnu found no error in broken markup"
    assert all(error.line for error in errors)
    assert "Stray end tag" in format_html_errors({"broken sample": errors})
