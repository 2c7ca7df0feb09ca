"""Fixtures for the cross-app HTML and browser tests.

The demo profiles are loaded once per test module (``demo_data``), committed, and served by
one live server per test process (``site_server``), so browser tests need no per-test
database set-up. A module that uses them gets an empty database again at its end.
"""

import os
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings

from tests.harness import launch_chromium, open_page
from tests.support import load_demo_profiles, public_paths

# Playwright's sync API keeps an asyncio loop in this thread; Django's ORM would take that
# for async code and refuse. Test code is synchronous, so the check is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def shared_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_root(shared_media_root, settings):
    """One MEDIA_ROOT for the whole session here: the live server serves the demo photos."""
    settings.MEDIA_ROOT = shared_media_root
    return shared_media_root


@dataclass
class DemoData:
    slugs: list  # the demo profiles' slugs, in order
    paths: dict  # slug -> that profile's public page paths


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, shared_media_root):
    """The demo profiles, imported and committed for one module, then flushed.

    pytest-django creates the test database only when a collected test asks for the
    database, so a module using this fixture carries ``pytest.mark.django_db`` (or its tests
    use ``demo_site``, which asks for ``db``).
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=shared_media_root):
        try:
            profiles = load_demo_profiles()
            yield DemoData(
                slugs=[profile.slug for profile in profiles],
                paths={profile.slug: public_paths(profile) for profile in profiles},
            )
        finally:
            call_command("flush", interactive=False, verbosity=0)
            # While Playwright's loop runs, asgiref keeps this thread's connections apart from
            # those made without it; close them, or the test database cannot be dropped.
            connections.close_all()


@pytest.fixture(scope="session")
def site_server(django_db_setup):
    """A live server for the demo data (pytest-django's ``live_server`` flushes per test)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def demo_site(demo_data, site_server, db):
    """The base URL of the live server showing the demo data."""
    return site_server.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def visit(browser):
    """Opens URLs in fresh browser contexts: ``visit(url, color_scheme="dark")`` -> Visit."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield lambda url, **options: stack.enter_context(open_page(browser, url, **options))
