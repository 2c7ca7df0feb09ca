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

Inside pytest the fixtures of tests/conftest.py (``browser``, ``visit``) do the set-up.
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
