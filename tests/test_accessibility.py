"""axe-core finds no violation on the public pages of every demo profile, light and dark."""

import pytest

from tests.harness import ACCESSIBILITY_CONTEXT, format_violations, run_axe
from tests.support import demo_slugs

pytestmark = pytest.mark.browser

PAGES = ["profile", "publications", "paper", "directory"]


def page_path(demo_data, slug, page):
    paths = demo_data.paths[slug]
    if page == "directory":
        return f"/?q={slug.split('-')[0]}"
    if page == "paper":
        papers = [path for path in paths if path.startswith("/papers/")]
        assert papers, f"{slug} lists no papers"
        return papers[0]
    return {"profile": f"/{slug}/", "publications": f"/{slug}/publications/"}[page]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("slug", demo_slugs())
def test_no_axe_violations(demo_site, demo_data, visit, slug, page, scheme):
    path = page_path(demo_data, slug, page)
    opened = visit(demo_site + path, color_scheme=scheme, **ACCESSIBILITY_CONTEXT)
    assert opened.response.status == 200, f"{path} answered {opened.response.status}"
    violations = run_axe(opened.page)
    assert not violations, f"{path} ({scheme}):\n{format_violations(violations)}"
    assert not opened.guard.offending, opened.problems()


def test_axe_reports_a_violation(demo_site, visit):
    """The injected axe works: a page with an unlabelled image and no title fails."""
    opened = visit(demo_site + "/", **ACCESSIBILITY_CONTEXT)
    opened.page.set_content("<html><body><img src='data:,'><a href='#'></a></body></html>")
    ids = {violation["id"] for violation in run_axe(opened.page)}
    assert {"image-alt", "link-name", "document-title"} <= ids
    assert "image-alt" in format_violations(run_axe(opened.page))
