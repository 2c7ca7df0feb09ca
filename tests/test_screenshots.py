"""Screenshots of every demo profile for people to look at, plus what a machine can check.

They are written to var/screenshots/ (git-ignored; CI keeps them as artefacts).
"""

import pytest

from tests.support import ROOT, demo_slugs

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "var" / "screenshots"
WIDTHS = [390, 1280]
# The colour the page is painted on: <body>'s, or <html>'s when <body> is transparent.
PAGE_BACKGROUND = r"""() => {
    for (const element of [document.body, document.documentElement]) {
        const colour = getComputedStyle(element).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)") return colour.match(/\d+/g).slice(0, 3).map(Number);
    }
    return null;
}"""


@pytest.fixture(scope="module")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", demo_slugs())
def test_profile_at_width(demo_site, visit, screenshot_dir, slug, width):
    opened = visit(f"{demo_site}/{slug}/", viewport={"width": width, "height": 900})
    assert opened.response.status == 200
    opened.page.screenshot(path=screenshot_dir / f"{slug}-{width}.png", full_page=True)
    scroll_width = opened.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide in a {width}px window"
    opened.assert_clean()


@pytest.mark.parametrize("slug", demo_slugs())
def test_profile_in_dark_mode(demo_site, visit, screenshot_dir, slug):
    opened = visit(
        f"{demo_site}/{slug}/", viewport={"width": 1280, "height": 900}, color_scheme="dark"
    )
    opened.page.screenshot(path=screenshot_dir / f"{slug}-1280-dark.png", full_page=True)
    background = opened.page.evaluate(PAGE_BACKGROUND)
    assert background, "neither <body> nor <html> has a background colour"
    assert max(background) < 80, f"the page background rgb{tuple(background)} is not dark"
    opened.assert_clean()


@pytest.mark.parametrize("slug", demo_slugs())
def test_profile_in_print(demo_site, visit, screenshot_dir, slug):
    opened = visit(f"{demo_site}/{slug}/", viewport={"width": 794, "height": 1123})
    opened.page.emulate_media(media="print")
    opened.page.screenshot(path=screenshot_dir / f"{slug}-print.png", full_page=True)
    opened.page.pdf(path=screenshot_dir / f"{slug}.pdf", format="A4")
    assert (screenshot_dir / f"{slug}.pdf").read_bytes().startswith(b"%PDF")
    opened.assert_clean()
