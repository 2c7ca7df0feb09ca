import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from profiles.models import Profile, ProfileLink
from profiles.permissions import EDITORS_GROUP
from profiles.tests.admin_forms import error_texts, form_fields, inline_rows, make_cast
from profiles.tests.factories import (
    AwardFactory,
    ProfileFactory,
    ProfileLinkFactory,
    UserFactory,
)
from publications.models import Author, ProfilePublication, Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def change_url(profile):
    return reverse("admin:profiles_profile_change", args=[profile.pk])


def changelist_names(client):
    response = client.get(reverse("admin:profiles_profile_changelist"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {cell.get_text(strip=True) for cell in soup.select("#result_list .field-name")}


def post_change(client, profile, **changes):
    """Load the change page as its user sees it, apply ``changes``, submit."""
    data = form_fields(client.get(change_url(profile)))
    data.update(changes)
    return client.post(change_url(profile), data)


def test_profile_editors_group_exists_after_migrating():
    assert Group.objects.filter(name=EDITORS_GROUP).exists()


def test_researcher_sees_only_their_own_profile_in_the_list(client, cast):
    client.force_login(cast.alice)
    assert changelist_names(client) == {"Alice Ahn"}


@pytest.mark.parametrize("who", ["dana", "root"])
def test_editors_and_superusers_see_every_profile(client, cast, who):
    client.force_login(getattr(cast, who))
    assert changelist_names(client) == {"Alice Ahn", "Bob Baker", "Charlie Cho"}


def test_owner_opens_own_change_page_with_every_section_inline(client, cast):
    client.force_login(cast.alice)
    response = client.get(change_url(cast.profile_a))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headings = {h2.get_text(strip=True) for h2 in soup.select(".inline-group h2")}
    assert headings == {
        "Profile links",
        "News items",
        "Positions",
        "Awards",
        "Services",
        "Grants",
        "Custom sections",
        "Publications on this page",
    }
    # Ordered sections are drag-and-drop sortable, and so are the page's papers (its
    # order by hand); news is ordered by date.
    sortable = {fs.find("h2").get_text(strip=True) for fs in soup.select("fieldset.sortable")}
    assert sortable == {
        "Profile links",
        "Positions",
        "Awards",
        "Services",
        "Grants",
        "Custom sections",
        "Publications on this page",
    }


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_other_researchers_cannot_open_a_profile_they_do_not_own(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(change_url(cast.profile_a))
    # The admin answers as for a missing object: no page, back to the index.
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert b"Alice Ahn" not in client.get(response.url).content


def test_posting_an_edit_to_someone_elses_profile_changes_nothing(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    data["headline"] = "Hijacked"
    response = client.post(change_url(cast.profile_b), data)
    assert response.status_code == 302
    cast.profile_b.refresh_from_db()
    assert cast.profile_b.headline == "Ph.D. student"


def test_owner_edits_own_profile_and_its_sections(client, cast):
    AwardFactory(profile=cast.profile_a, title="Best Poster", order=1)
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    data["headline"] = "Assistant Professor"
    data["awards-0-title"] = "Best Paper"
    response = client.post(change_url(cast.profile_a), data)
    assert response.status_code == 302, error_texts(response)
    cast.profile_a.refresh_from_db()
    assert cast.profile_a.headline == "Assistant Professor"
    assert list(cast.profile_a.awards.values_list("title", flat=True)) == ["Best Paper"]


def test_researcher_cannot_hand_their_profile_to_another_user(client, cast):
    client.force_login(cast.alice)
    response = post_change(client, cast.profile_a, user=str(cast.charlie.pk))
    assert response.status_code == 302
    cast.profile_a.refresh_from_db()
    assert cast.profile_a.user == cast.alice
    page = client.get(change_url(cast.profile_a))
    assert not BeautifulSoup(page.content, "html.parser").find(attrs={"name": "user"})


def test_editor_may_change_who_owns_a_profile(client, cast):
    newcomer = UserFactory(username="newcomer", is_staff=True)
    client.force_login(cast.dana)
    response = post_change(client, cast.profile_b, user=str(newcomer.pk), headline="Postdoc")
    assert response.status_code == 302, error_texts(response)
    cast.profile_b.refresh_from_db()
    assert (cast.profile_b.user, cast.profile_b.headline) == (newcomer, "Postdoc")


def test_researcher_can_neither_add_nor_delete_profiles(client, cast):
    client.force_login(cast.alice)
    assert client.get(reverse("admin:profiles_profile_add")).status_code == 403
    delete_url = reverse("admin:profiles_profile_delete", args=[cast.profile_a.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Profile.objects.filter(pk=cast.profile_a.pk).exists()


@pytest.mark.parametrize("url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist"])
def test_researcher_cannot_reach_user_or_group_admin(client, cast, url_name):
    client.force_login(cast.alice)
    assert client.get(reverse(url_name)).status_code == 403
    user_url = reverse("admin:auth_user_change", args=[cast.alice.pk])
    assert client.post(user_url, {"is_superuser": "on"}).status_code == 403
    cast.alice.refresh_from_db()
    assert not cast.alice.is_superuser


def test_staff_without_a_profile_or_group_edits_nothing(client, cast):
    client.force_login(UserFactory(username="visitor", is_staff=True))
    assert client.get(reverse("admin:profiles_profile_changelist")).status_code == 403
    assert client.get(reverse("admin:publications_publication_changelist")).status_code == 403
    index = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    assert not index.select("#content-main .app-profiles, #content-main .app-publications")


def test_researcher_marks_papers_selected_and_hidden_on_own_page(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    rows = {data[f"{row}-id"]: row for row in inline_rows(data, "listings") if f"{row}-id" in data}
    shared = ProfilePublication.objects.get(profile=cast.profile_a, publication=cast.shared)
    alone = ProfilePublication.objects.get(profile=cast.profile_a, publication=cast.alice_only)
    data[f"{rows[str(shared.pk)]}-selected"] = "on"
    data[f"{rows[str(alone.pk)]}-hidden"] = "on"
    response = client.post(change_url(cast.profile_a), data)
    assert response.status_code == 302, error_texts(response)
    shared.refresh_from_db()
    alone.refresh_from_db()
    assert (shared.selected, shared.hidden, alone.selected, alone.hidden) == (
        True,
        False,
        False,
        True,
    )
    assert list(Publication.objects.listed_on(cast.profile_a)) == [cast.shared]
    # Bob's flags for the same paper are his own.
    assert not ProfilePublication.objects.get(
        profile=cast.profile_b, publication=cast.shared
    ).selected


def test_researcher_cannot_list_someone_elses_paper_on_their_page(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    index = int(data["listings-TOTAL_FORMS"])
    data["listings-TOTAL_FORMS"] = str(index + 1)
    data[f"listings-{index}-publication"] = str(cast.charlie_only.pk)
    data[f"listings-{index}-selected"] = "on"
    client.post(change_url(cast.profile_a), data)
    assert not ProfilePublication.objects.filter(
        profile=cast.profile_a, publication=cast.charlie_only
    ).exists()
    assert not Publication.objects.editable_by(cast.alice).filter(pk=cast.charlie_only.pk)


def test_dragging_links_saves_their_new_order(client, cast):
    for order, kind in enumerate(["github", "website", "cv"], start=1):
        ProfileLinkFactory(profile=cast.profile_a, kind=kind, order=order)
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    by_kind = {data[f"{row}-kind"]: row for row in inline_rows(data, "links")}
    # What adminsortable2's script writes after a drag: 1..n in the new order.
    for order, kind in enumerate(["cv", "github", "website"], start=1):
        data[f"{by_kind[kind]}-order"] = str(order)
    response = client.post(change_url(cast.profile_a), data)
    assert response.status_code == 302, error_texts(response)
    assert list(cast.profile_a.links.values_list("kind", flat=True)) == ["cv", "github", "website"]


def test_new_link_is_added_after_the_existing_ones(client, cast):
    ProfileLinkFactory(profile=cast.profile_a, kind="github", order=5)
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    data["links-TOTAL_FORMS"] = "2"
    data.update({"links-1-kind": "orcid", "links-1-url": "0000-0002-1825-0097"})
    response = client.post(change_url(cast.profile_a), data)
    assert response.status_code == 302, error_texts(response)
    assert list(cast.profile_a.links.values_list("kind", "url")) == [
        ("github", "https://github.com/example"),
        ("orcid", "https://orcid.org/0000-0002-1825-0097"),
    ]


def test_invalid_inline_row_is_reported_next_to_its_field(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    data["links-TOTAL_FORMS"] = "1"
    data.update({"links-0-kind": "orcid", "links-0-url": "0000-0002-1825-0098"})
    response = client.post(change_url(cast.profile_a), data)
    assert response.status_code == 200
    assert any("check digit is wrong" in text for text in error_texts(response))
    assert not ProfileLink.objects.exists()


def test_deleting_a_profile_in_the_admin_keeps_papers_coauthors_list(client, cast):
    client.force_login(cast.dana)
    delete_url = reverse("admin:profiles_profile_delete", args=[cast.profile_a.pk])
    response = client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302
    assert not Profile.objects.filter(slug="alice").exists()
    assert set(Publication.objects.values_list("title", flat=True)) == {
        "Shared Paper of Alice and Bob",
        "Charlie Alone",
    }
    # Alice's author row stays on the shared paper, now unlinked.
    assert Author.objects.get(name="Alice Ahn").profile is None


def test_bulk_deleting_profiles_keeps_papers_coauthors_list(client, cast):
    client.force_login(cast.root)
    response = client.post(
        reverse("admin:profiles_profile_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [cast.profile_a.pk, cast.profile_c.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert set(Profile.objects.values_list("slug", flat=True)) == {"bob"}
    assert list(Publication.objects.values_list("title", flat=True)) == [
        "Shared Paper of Alice and Bob"
    ]


def test_researchers_get_no_bulk_delete_action(client, cast):
    client.force_login(cast.alice)
    page = client.get(reverse("admin:profiles_profile_changelist"))
    assert b"delete_selected" not in page.content


def test_view_on_site_leads_to_the_public_profile_page(client, cast):
    client.force_login(cast.alice)
    page = BeautifulSoup(client.get(change_url(cast.profile_a)).content, "html.parser")
    link = page.find("a", class_="viewsitelink")
    response = client.get(link["href"])
    assert response.status_code == 302
    assert response.url.endswith(cast.profile_a.get_absolute_url())


def test_change_list_shows_a_photo_thumbnail(client, cast):
    from profiles.tests.factories import image_file

    with_photo = ProfileFactory(name="Photo Person", photo=image_file("face.png"))
    client.force_login(cast.dana)
    soup = BeautifulSoup(
        client.get(reverse("admin:profiles_profile_changelist")).content, "html.parser"
    )
    thumbnails = soup.select("#result_list img.admin-thumbnail")
    assert [img["src"] for img in thumbnails] == [with_photo.photo.url]


def test_help_texts_read_the_same_as_html():
    # Forms render help_text as HTML: "/<slug>/" showed as "//" on the profile form.
    fields = [
        field
        for app in ("profiles", "publications")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if getattr(field, "help_text", "")
    ]
    assert fields
    for field in fields:
        text = str(field.help_text)
        shown = BeautifulSoup(text, "html.parser").get_text()
        assert shown == text, f"{field.model.__name__}.{field.name}: {text!r} shows as {shown!r}"


def test_deleting_a_profile_names_the_papers_it_takes_and_offers_the_bundle_first(client, cast):
    client.force_login(cast.dana)
    url = reverse("admin:profiles_profile_delete", args=[cast.profile_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    deleted = [li.get_text(strip=True) for li in soup.select(".papers-deleted li")]
    kept = [li.get_text(strip=True) for li in soup.select(".papers-kept li")]
    assert deleted == ["Alice Alone (2024)"]
    assert kept == ["Shared Paper of Alice and Bob (2024)"]
    summary = soup.select_one("#deleted-objects").get_text(" ", strip=True)
    assert "Alice Alone" in summary and "Shared Paper" not in summary
    assert "publication on a profile" not in response.content.decode().lower()
    # The bundle is offered before the button, and downloads.
    link = soup.select_one("a.download-bundle")
    assert link.sourceline < soup.select_one("input[type=submit]").sourceline
    download = client.get(link["href"])
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert "Alice Alone" in archive.read("profile.yaml").decode()
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert set(Publication.objects.values_list("title", flat=True)) == {
        "Shared Paper of Alice and Bob",
        "Charlie Alone",
    }
    # Bob's paper still names Alice, now unlinked from any page.
    first = cast.shared.authorships.select_related("author").first().author
    assert (first.name, first.profile_id) == ("Alice Ahn", None)


def test_a_researcher_cannot_download_someone_elses_bundle(client, cast):
    client.force_login(cast.bob)
    assert client.get(reverse("export:bundle", args=["alice"])).status_code == 404


def test_the_profile_form_links_every_section_with_its_count(client, cast):
    AwardFactory(profile=cast.profile_a, title="Best Poster")
    AwardFactory(profile=cast.profile_a, title="Best Paper")
    client.force_login(cast.alice)
    soup = BeautifulSoup(client.get(change_url(cast.profile_a)).content, "html.parser")
    links = {
        a.contents[0].strip(): (a["href"], a.select_one(".section-count").get_text())
        for a in soup.select("nav.form-sections a")
    }
    assert links["Awards"] == ("#awards-group", "2")
    assert links["News items"][1] == "0"
    assert links["Publications on this page"] == ("#listings-group", "2")
    assert links["Name and headline"][0] == "#fieldset-0-1-heading"
    # Every link lands on an element of the page: a fieldset's heading or an inline.
    headings = {fieldset.get_text(strip=True) for fieldset in soup.select("h2.fieldset-heading")}
    for title, (href, _) in links.items():
        target = soup.find(id=href[1:])
        assert target is not None, title
        assert title in target.get_text() or title in headings, title
