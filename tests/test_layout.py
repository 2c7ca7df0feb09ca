"""Layout a reader sees: the phone nav, the sticky identity column, the owner's underline."""

import pytest

from tests.support import demo_slugs

pytestmark = pytest.mark.browser

# Each nav entry's box, relative to the window.
NAV_BOXES = """() => [...document.querySelectorAll('.site-nav a')].map(a => {
    const box = a.getBoundingClientRect();
    return {text: a.textContent.trim(), left: box.left, right: box.right};
})"""
HEADER_TOP = (
    "document.querySelector('.profile-layout > .profile-header').getBoundingClientRect().top"
)


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("slug", demo_slugs())
def test_every_nav_entry_is_inside_a_phone_window(demo_site, visit, slug, width):
    opened = visit(f"{demo_site}/{slug}/", viewport={"width": width, "height": 800})
    boxes = opened.page.evaluate(NAV_BOXES)
    assert len(boxes) >= 2, boxes  # the site name and at least one entry
    outside = [box for box in boxes if box["left"] < 0 or box["right"] > width]
    assert not outside, f"cut off at {width}px: {outside}"


def scrolled_header_top(visit, url, height, media="screen"):
    opened = visit(url, viewport={"width": 1280, "height": height})
    opened.page.emulate_media(media=media)
    opened.page.evaluate("window.scrollTo(0, 2000)")
    return opened.page.evaluate(HEADER_TOP)


def test_identity_column_stays_in_view_on_a_tall_wide_window(demo_site, visit):
    top = scrolled_header_top(visit, f"{demo_site}/zikai-song/", height=900)
    assert 0 <= top < 200, f"the sidebar's top is at {top}px after scrolling"


def test_identity_column_scrolls_away_when_the_window_is_too_short(demo_site, visit):
    top = scrolled_header_top(visit, f"{demo_site}/zikai-song/", height=600)
    assert top < -1000, f"the sidebar's top is at {top}px: it stuck in a short window"


def test_identity_column_is_not_sticky_in_print(demo_site, visit):
    opened = visit(f"{demo_site}/zikai-song/", viewport={"width": 1280, "height": 900})
    opened.page.emulate_media(media="print")
    position = opened.page.evaluate(
        "getComputedStyle(document.querySelector('.profile-header')).position"
    )
    assert position == "static"


OWNER_AND_LINK_STYLE = """() => {
    const style = element => getComputedStyle(element);
    const owner = style(document.querySelector('.author-self u'));
    const link = style(document.querySelector('.profile-facts a'));
    return {
        ownerColour: owner.color,
        ownerLine: owner.textDecorationColor,
        ownerThickness: parseFloat(owner.textDecorationThickness),
        linkColour: link.color,
        linkThickness: parseFloat(link.textDecorationThickness) || 1,
    };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_owner_underline_does_not_look_like_a_link(demo_site, visit, scheme):
    """zeqing-wang's self_style is "underline": text colour and a thicker line than links."""
    opened = visit(
        f"{demo_site}/zeqing-wang/", viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    style = opened.page.evaluate(OWNER_AND_LINK_STYLE)
    assert style["ownerColour"] != style["linkColour"], style
    assert style["ownerLine"] == style["ownerColour"], style
    assert style["ownerThickness"] > style["linkThickness"], style
