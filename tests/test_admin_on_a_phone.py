"""The admin on a 390 px phone: no label overlaps another label or a field, and an
author's equal-contribution and corresponding boxes can be reached and ticked."""

import pytest

from profiles.tests.factories import ProfileFactory, UserFactory
from publications.tests.factories import make_publication
from tests.support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "var" / "screenshots"

# Pairs of visible labels and fields whose boxes intersect.
OVERLAPS = """() => {
    const fields = 'label, input:not([type=hidden]), select, textarea';
    const boxes = [...document.querySelectorAll('#content-main :is(' + fields + ')')]
        .filter(el => el.checkVisibility({visibilityProperty: true}))
        .map(el => ({el, box: el.getBoundingClientRect()}))
        .filter(({box}) => box.width > 0 && box.height > 0);
    const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
        && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const name = el => el.tagName + '[' + (el.htmlFor || el.name || '') + '] '
        + (el.textContent || '').trim().slice(0, 30);
    const found = [];
    for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
            if (a.el.tagName === 'LABEL' && a.el.control === b.el) continue;
            if (b.el.tagName === 'LABEL' && b.el.control === a.el) continue;
            if (hit(a.box, b.box)) found.push(name(a.el) + ' × ' + name(b.el));
        }
    return found;
}"""


@pytest.fixture
def signed_in(browser, site_server):
    user = UserFactory(username="phone", is_staff=True)
    profile = ProfileFactory(user=user, slug="phone-owner", name="Zeqing Wang")
    paper = make_publication(authors=[profile, "Shiyuan Zhang", "Lei Chen"], title="Small Screens")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_server.url}/admin/login/")
    page.fill("#id_username", "phone")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url(f"{site_server.url}/admin/")
    yield page, site_server.url, profile, paper
    context.close()


def test_the_paper_form_on_a_phone(signed_in):
    page, base, _, paper = signed_in
    page.goto(f"{base}/admin/publications/publication/{paper.pk}/change/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "admin-paper-390.png", full_page=True)
    assert page.evaluate(OVERLAPS) == []
    for row in range(3):
        for mark in ("equal_contribution", "corresponding"):
            page.check(f"#id_authorships-{row}-{mark}")  # scrolls to it and clicks it
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert paper.authorships.filter(equal_contribution=True, corresponding=True).count() == 3


def test_the_profile_form_and_dashboard_on_a_phone(signed_in):
    page, base, profile, _ = signed_in
    assert page.evaluate(OVERLAPS) == []
    page.goto(f"{base}/admin/profiles/profile/{profile.pk}/change/")
    page.screenshot(path=SCREENSHOTS / "admin-profile-390.png", full_page=True)
    assert page.evaluate(OVERLAPS) == []
