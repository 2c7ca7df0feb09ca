"""A researcher drags papers and positions into their own order in the admin, in a real
browser, and the public page follows."""

import pytest

from profiles.models import Position
from profiles.tests.factories import PositionFactory, ProfileFactory, UserFactory
from publications.tests.factories import make_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def researcher(site_server):
    user = UserFactory(username="ada", is_staff=True)
    profile = ProfileFactory(
        user=user,
        slug="ada",
        name="Ada Lovelace",
        section_order=["positions", "publications"],
        publication_order="manual",
        group_publications_by="none",
        position_grouping="none",
    )
    for year in (2022, 2023, 2024):
        make_publication(title=f"Paper of {year}", year=year, authors=[profile])
    for order, organization in enumerate(["First Lab", "Second Lab", "Third Lab"]):
        PositionFactory(
            profile=profile, kind=Position.Kind.EMPLOYMENT, organization=organization, order=order
        )
    return profile


def log_in(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return context, page


def drag_last_to_first(page, rows, handle):
    """Press on the last row's handle, move in small steps to the top of the first row,
    release: as a hand does (SortableJS reorders on the way)."""
    # The rows' first at the top of the (tall) window, so that both ends of the drag are
    # on screen without scrolling during it.
    rows.first.evaluate("row => row.scrollIntoView({block: 'start'})")
    source = rows.last.locator(handle).bounding_box()
    box = rows.first.locator(handle).bounding_box()
    page.mouse.move(source["x"] + 10, source["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + 10, box["y"] + 10, steps=30)
    page.mouse.move(box["x"] + 10, box["y"] + 2, steps=10)
    page.mouse.up()
    page.wait_for_timeout(300)  # SortableJS's animation, then its order fields


def test_papers_and_positions_dragged_in_the_admin_reorder_the_public_page(
    browser, visit, site_server, researcher
):
    base = site_server.url
    context, admin = log_in(browser, base)
    try:
        admin.goto(f"{base}/admin/profiles/profile/{researcher.pk}/change/")
        papers = admin.locator("#listings-group tbody tr.has_original")
        assert papers.count() == 3
        # Listed newest first until dragged: move the oldest paper to the top.
        assert "Paper of 2022" in papers.last.inner_text()
        drag_last_to_first(admin, papers, "td.original p")
        assert "Paper of 2022" in papers.first.inner_text()
        positions = admin.locator("#positions-group .inline-related.has_original")
        drag_last_to_first(admin, positions, "h3")
        assert "Third Lab" in positions.first.locator("h3").inner_text()
        admin.click("input[name=_save]")
        assert "was changed successfully" in admin.inner_text(".messagelist")
    finally:
        context.close()

    public = visit(f"{base}/ada/")
    public.assert_clean()
    page = public.page
    assert page.locator("#publications .pub-title").all_inner_texts() == [
        "Paper of 2022",
        "Paper of 2024",
        "Paper of 2023",
    ]
    assert page.locator("#positions .organization").all_inner_texts() == [
        "Third Lab",
        "First Lab",
        "Second Lab",
    ]
