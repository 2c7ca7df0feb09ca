"""The page-check harness itself: pytest-django's live_server with a fresh profile, and the
network guard catching a request to another host."""

import pytest

from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_live_server_page_is_clean_and_guard_flags_other_hosts(live_server, visit):
    ProfileFactory(slug="ada-lovelace", name="Ada Lovelace")
    opened = visit(f"{live_server.url}/ada-lovelace/")
    assert opened.response.status == 200
    assert "Ada Lovelace" in opened.page.inner_text("h1")
    opened.assert_clean()

    opened.page.set_content('<img alt="" src="http://elsewhere.invalid/pixel.png">')
    opened.page.wait_for_load_state("load")
    assert opened.guard.offending == ["http://elsewhere.invalid/pixel.png"]
    with pytest.raises(AssertionError, match="request to another origin"):
        opened.assert_clean()
