"""Keyboard users reach every link, button and summary of the public pages, and see focus.

Checked for each demo profile on its page, its publication list and its first paper page.
"""

import pytest

from tests.harness import tab_order, visible_elements
from tests.support import demo_slugs

pytestmark = pytest.mark.browser

FOCUSABLE = "a[href], button, summary, input, select, textarea"
# Where each page sits in tests.support.public_paths(profile).
PAGES = {"profile": 0, "publications": 1, "paper": 2}


@pytest.fixture(scope="module")
def tabbing_results():
    """Tabbing through a long page takes seconds: each page is tabbed through once."""
    return {}


@pytest.fixture(params=[(slug, page) for slug in demo_slugs() for page in PAGES], ids="-".join)
def tabbed_page(request, tabbing_results, demo_data, demo_site, visit):
    """A demo page at desktop width: its visible focusables, then its Tab order."""
    slug, page = request.param
    if request.param not in tabbing_results:
        path = demo_data.paths[slug][PAGES[page]]
        opened = visit(f"{demo_site}{path}", viewport={"width": 1280, "height": 900})
        assert opened.response.status == 200, path
        expected = visible_elements(opened.page, FOCUSABLE)
        tabbing_results[request.param] = expected, tab_order(opened.page)
    return tabbing_results[request.param]


def test_tab_reaches_every_visible_link_button_and_summary(tabbed_page):
    expected, reached = tabbed_page
    reached_probes = [element["probe"] for element in reached]
    missed = [element for element in expected if element["probe"] not in reached_probes]
    assert expected, "the page has nothing to focus"
    assert not missed, "never focused by Tab:\n" + "\n".join(map(str, missed))


def test_tab_order_follows_the_document(tabbed_page):
    """No positive tabindex reshuffles the order: focus moves down the document."""
    _, reached = tabbed_page
    probes = [int(element["probe"]) for element in reached]
    assert probes == sorted(probes), reached


def test_focus_is_visible(tabbed_page):
    expected, reached = tabbed_page
    unfocused = {element["probe"]: element["indicator"] for element in expected}
    invisible = [
        element
        for element in reached
        if element["probe"] in unfocused and element["indicator"] == unfocused[element["probe"]]
    ]
    assert not invisible, "no outline or box-shadow on focus:\n" + "\n".join(map(str, invisible))
