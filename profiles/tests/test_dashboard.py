"""The admin as the researcher's home: their dashboard after login, "View site" to their
own page, and /me/ leading there."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.tests.admin_forms import make_cast
from profiles.tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture
def cast():
    return make_cast()


def dashboard(client):
    response = client.get(INDEX)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_researcher_lands_on_their_dashboard(client, cast):
    NewsItemFactory(profile=cast.profile_a, is_published=False)
    NewsItemFactory(profile=cast.profile_b, is_published=False)
    client.force_login(cast.alice)
    soup = dashboard(client)
    assert soup.select_one("#dashboard-title").get_text(strip=True).startswith("Alice Ahn")
    actions = {a.get_text(strip=True): a["href"] for a in soup.select("a.dashboard-action")}
    assert actions["View my page"] == "/alice/"
    assert actions["Edit my profile"] == reverse(
        "admin:profiles_profile_change", args=[cast.profile_a.pk]
    )
    assert actions["Add a paper"] == reverse("admin:publications_publication_add")
    assert actions["Import BibTeX"] == "/me/bibtex/"
    assert actions["Export"] == "/me/export/"
    pending = [li.get_text(" ", strip=True) for li in soup.select(".dashboard-pending li")]
    assert pending == ["Draft news to publish (1)"]
    recent = {a.get_text(strip=True) for a in soup.select(".dashboard-recent a")}
    assert recent == {"Shared Paper of Alice and Bob", "Alice Alone"}
    # Every link it offers opens for her.
    for url in [*actions.values(), *(a["href"] for a in soup.select(".dashboard-recent a"))]:
        assert client.get(url).status_code == 200, url


def test_view_site_is_the_researchers_own_page(client, cast):
    client.force_login(cast.bob)
    soup = dashboard(client)
    view_site = [a["href"] for a in soup.select("#user-tools a") if "View site" in a.get_text()]
    assert view_site == ["/bob/"]


def test_an_editor_without_a_profile_gets_the_plain_index(client, cast):
    client.force_login(cast.dana)
    soup = dashboard(client)
    assert soup.select_one(".researcher-dashboard") is None
    view_site = [a["href"] for a in soup.select("#user-tools a") if "View site" in a.get_text()]
    assert view_site == ["/"]


def test_me_leads_to_the_dashboard(client, cast):
    response = client.get("/me/")
    assert (response.status_code, response["Location"]) == (302, INDEX)
    client.force_login(cast.alice)
    response = client.get("/me/", follow=True)
    assert response.redirect_chain[-1][0] == INDEX
    assert b"researcher-dashboard" in response.content
