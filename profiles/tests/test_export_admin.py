"""The admin's "Export as HTML" button and list action."""

import io
import zipfile

import pytest
from django.urls import reverse

from profiles.tests import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return pf.UserFactory(username="root", is_staff=True, is_superuser=True)


def test_change_page_has_an_export_button_to_the_zip(client, superuser):
    profile = pf.ProfileFactory(slug="ada-page")
    client.force_login(superuser)

    response = client.get(reverse("admin:profiles_profile_change", args=[profile.pk]))

    assert response.status_code == 200
    assert b'href="/me/export/ada-page.zip"' in response.content


def test_list_action_downloads_one_zip_with_a_folder_per_profile(client, superuser):
    first = pf.ProfileFactory(slug="ada-page")
    second = pf.ProfileFactory(slug="bob-page")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:profiles_profile_changelist"),
        {"action": "export_as_html", "_selected_action": [first.pk, second.pk]},
    )

    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.getvalue())).namelist()
    assert "ada-page/index.html" in names
    assert "bob-page/index.html" in names
