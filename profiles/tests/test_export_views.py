"""The export page under /me/export/ and the zip download the admin links to."""

import io
import tempfile
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from profiles.permissions import EDITORS_GROUP
from profiles.tests import factories as pf
from profiles.tests.admin_forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    user = pf.UserFactory(username="alice")
    pf.ProfileFactory(slug="alice-page", name="Alice Page", user=user)
    return user


@pytest.fixture
def bob_profile():
    return pf.ProfileFactory(slug="bob-page", name="Bob Page", user=pf.UserFactory(username="bob"))


@pytest.fixture
def editor():
    user = pf.UserFactory(username="erin")
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    return user


def zip_names(response):
    return zipfile.ZipFile(io.BytesIO(response.getvalue())).namelist()


def submit_export_form(client, page, **choices):
    """POST the export form as a browser would, with ``choices`` made by the user."""
    return client.post(
        page.wsgi_request.get_full_path(), form_fields(page, "form[method=post]") | choices
    )


def test_export_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("export:page"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_researcher_downloads_their_own_page_as_a_zip(client, alice, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.force_login(alice)

    page = client.get(reverse("export:page"))
    response = submit_export_form(client, page)

    assert page.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="alice-page-website.zip"' in response["Content-Disposition"]
    # Streamed from a file, not held in memory, and nothing of it left on disk.
    assert response.streaming
    body = response.getvalue()
    assert int(response["Content-Length"]) == len(body)
    assert "index.html" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert list(tmp_path.iterdir()) == []


def test_researcher_downloads_one_self_contained_html_file(client, alice):
    client.force_login(alice)

    response = submit_export_form(client, client.get(reverse("export:page")), format="single")

    assert response["Content-Type"].startswith("text/html")
    assert 'filename="alice-page.html"' in response["Content-Disposition"]
    html = response.getvalue()
    assert b"Alice Page" in html
    assert b'rel="stylesheet"' not in html


def test_researcher_cannot_export_another_profile(client, alice, bob_profile):
    client.force_login(alice)

    response = client.post(reverse("export:page"), {"profile": "bob-page", "format": "zip"})
    download = client.get(reverse("export:zip", args=["bob-page"]))

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert b"You can export only a profile you may edit." in response.content
    assert download.status_code == 404


def test_editor_chooses_any_profile(client, editor, alice, bob_profile):
    client.force_login(editor)

    page = client.get(reverse("export:page"))
    preselected = client.get(reverse("export:page") + "?profile=bob-page")
    response = client.get(reverse("export:zip", args=["bob-page"]))

    assert b"<select" in page.content
    assert b"Alice Page" in page.content
    assert b"Bob Page" in page.content
    assert "index.html" in zip_names(response)
    chosen = submit_export_form(client, preselected)
    assert 'filename="bob-page-website.zip"' in chosen["Content-Disposition"]
    chosen = submit_export_form(client, preselected, profile="alice-page")
    assert 'filename="alice-page-website.zip"' in chosen["Content-Disposition"]


def test_researcher_exports_their_own_profile_whatever_the_link_asked_for(
    client, alice, bob_profile
):
    client.force_login(alice)

    page = client.get(reverse("export:page") + "?profile=bob-page")
    response = submit_export_form(client, page)

    assert 'filename="alice-page-website.zip"' in response["Content-Disposition"]


def test_account_without_a_profile_is_told_so(client):
    client.force_login(pf.UserFactory(username="nobody"))

    response = client.get(reverse("export:page"))

    assert response.status_code == 403
    assert b"no profile to export" in response.content
