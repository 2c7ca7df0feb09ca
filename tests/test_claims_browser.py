"""The claim flow in a browser: Alice imports a paper naming Bob, Bob's page does not list
it until he accepts it in the admin; the one he declines stays off his page when Alice
imports her file again (publications.claims)."""

import pytest

from profiles.tests.admin_forms import make_cast
from publications.models import ProfilePublication
from publications.tests.factories import author_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
BIBTEX = """
@inproceedings{joint2025,
  title = {Tracking Everything Together},
  author = {Ahn, Alice and Baker, Bob},
  booktitle = {CVPR},
  year = {2025},
}
@inproceedings{other2025,
  title = {A Paper Bob Did Not Write},
  author = {Ahn, Alice and Baker, Bob},
  booktitle = {ICCV},
  year = {2025},
}
"""


@pytest.fixture
def cast(site_server):
    cast = make_cast()
    author_for(cast.profile_b)
    return cast


def log_in(browser, base, username):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return context, page


def import_as_alice(browser, base):
    context, page = log_in(browser, base, "alice")
    try:
        page.goto(f"{base}/me/bibtex/")
        page.fill("#id_text", BIBTEX)
        page.click("input[name=preview]")
        page.click("#confirm-form button[type=submit]")
        page.wait_for_load_state()
    finally:
        context.close()


def titles(visit, url):
    public = visit(url)
    public.assert_clean()
    return set(public.page.locator(".pub-title").all_inner_texts())


def test_a_coauthor_accepts_one_claim_and_declines_another(browser, visit, site_server, cast):
    base = site_server.url
    bob_page = f"{base}{cast.profile_b.get_absolute_url()}"
    import_as_alice(browser, base)
    alice_titles = titles(visit, f"{base}{cast.profile_a.get_absolute_url()}")
    assert {"Tracking Everything Together", "A Paper Bob Did Not Write"} <= alice_titles
    assert titles(visit, bob_page) == {"Shared Paper of Alice and Bob"}

    context, admin = log_in(browser, base, "bob")
    try:
        # The dashboard says what waits, and leads to the list.
        notice = admin.locator(".claims-waiting a")
        assert notice.inner_text().startswith("2 papers co-authors added to your page wait")
        notice.click()
        admin.wait_for_url(f"{base}/admin/publications/claim/?status__exact=pending")
        rows = admin.locator("#result_list tbody tr")
        assert rows.count() == 2
        joint = rows.filter(has_text="Tracking Everything Together")
        assert "Alice Ahn" in joint.inner_text() and "Waiting for you" in joint.inner_text()
        joint.locator("input.action-select").check()
        admin.select_option("select[name=action]", "accept")
        admin.click("button[name=index]")
        assert "Accepted 1 claim." in admin.inner_text(".messagelist")

        admin.goto(f"{base}/admin/publications/claim/?status__exact=pending")
        other = admin.locator("#result_list tbody tr", has_text="A Paper Bob Did Not Write")
        other.locator("input.action-select").check()
        admin.select_option("select[name=action]", "decline")
        admin.click("button[name=index]")
        assert "Declined 1 claim." in admin.inner_text(".messagelist")
    finally:
        context.close()

    assert titles(visit, bob_page) == {
        "Shared Paper of Alice and Bob",
        "Tracking Everything Together",
    }
    # Alice imports the same file again: the declined paper is not proposed again.
    import_as_alice(browser, base)
    assert "A Paper Bob Did Not Write" not in titles(visit, bob_page)
    declined = ProfilePublication.objects.get(
        profile=cast.profile_b, publication__title="A Paper Bob Did Not Write"
    )
    assert declined.status == ProfilePublication.Status.DECLINED
