"""Keyboard users reach every link, button and summary of a profile page, and see focus."""

import pytest

from tests.harness import tab_order, visible_elements
from tests.support import demo_slugs

pytestmark = pytest.mark.browser

FOCUSABLE = "a[href], button, summary, input, select, textarea"


@pytest.fixture(scope="module")
def tabbing_results():
    """Tabbing through a long page takes seconds: each profile is tabbed through once."""
    return {}


@pytest.fixture(params=demo_slugs())
def tabbed_profile(request, tabbing_results, demo_site, visit):
    """A demo profile page at desktop width: its visible focusables, then its Tab order."""
    slug = request.param
    if slug not in tabbing_results:
        opened = visit(f"{demo_site}/{slug}/", viewport={"width": 1280, "height": 900})
        assert opened.response.status == 200
        expected = visible_elements(opened.page, FOCUSABLE)
        tabbing_results[slug] = expected, tab_order(opened.page)
    return tabbing_results[slug]


def test_tab_reaches_every_visible_link_button_and_summary(tabbed_profile):
    expected, reached = tabbed_profile
    reached_probes = [element["probe"] for element in reached]
    missed = [element for element in expected if element["probe"] not in reached_probes]
    assert expected, "the page has nothing to focus"
    assert not missed, "never focused by Tab:\n" + "\n".join(map(str, missed))


def test_tab_order_follows_the_document(tabbed_profile):
    """No positive tabindex reshuffles the order: focus moves down the document."""
    _, reached = tabbed_profile
    probes = [int(element["probe"]) for element in reached]
    assert probes == sorted(probes), reached


def test_focus_is_visible(tabbed_profile):
    expected, reached = tabbed_profile
    unfocused = {element["probe"]: element["indicator"] for element in expected}
    invisible = [
        element
        for element in reached
        if element["probe"] in unfocused and element["indicator"] == unfocused[element["probe"]]
    ]
    assert not invisible, "no outline or box-shadow on focus:\n" + "\n".join(map(str, invisible))
