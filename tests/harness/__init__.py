"""Reusable checks for rendered pages: HTML validity, accessibility, network and console.

Used by the top-level browser/HTML tests and by the static HTML export tests. Nothing here
needs Django or a database, so a folder of exported files can be checked the same way:

    from tests.harness import (
        ACCESSIBILITY_CONTEXT, files_only, format_html_errors, format_violations,
        launch_chromium, open_page, run_axe, validate_files,
    )

    errors = validate_files(sorted(out.rglob("*.html")))   # one JVM for the whole batch
    assert not any(errors.values()), format_html_errors(errors)

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        with open_page(browser, (out / "index.html").as_uri(), allowed=files_only) as visit:
            visit.assert_clean()          # no request off file://, no console or page errors
        with open_page(browser, url, allowed=files_only, **ACCESSIBILITY_CONTEXT) as visit:
            violations = run_axe(visit.page)
            assert not violations, format_violations(violations)

``tab_order(page)`` and ``visible_elements(page, selector)`` compare what Tab reaches with
what is on screen (tests/test_keyboard.py).

Inside pytest, tests/conftest.py does the set-up: ``browser`` (one Chromium per process),
``visit(url, **context_options)`` (a Visit whose context closes after the test),
``demo_data`` (the demo profiles, loaded once per module; mark the module
``pytest.mark.django_db``) and ``demo_site`` (the live server's URL for them).
"""

from .axe import ACCESSIBILITY_CONTEXT, format_violations, run_axe
from .browser import (
    NetworkGuard,
    Visit,
    files_only,
    launch_chromium,
    open_page,
    same_origin,
    tab_order,
    visible_elements,
)
from .vnu import HtmlError, format_html_errors, validate_files, validate_pages

__all__ = [
    "ACCESSIBILITY_CONTEXT",
    "HtmlError",
    "NetworkGuard",
    "Visit",
    "files_only",
    "format_html_errors",
    "format_violations",
    "launch_chromium",
    "open_page",
    "run_axe",
    "same_origin",
    "tab_order",
    "validate_files",
    "validate_pages",
    "visible_elements",
]
