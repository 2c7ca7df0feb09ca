"""The admin's "Export as HTML" button and list action."""

import io
import zipfile

import pytest
from django.urls import reverse

from profiles.jobs.models import Job
from profiles.tests import factories as pf

from .job_helpers import run_jobs

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


def test_list_action_exports_in_the_background_one_zip_with_a_folder_per_profile(client, superuser):
    first = pf.ProfileFactory(slug="ada-page")
    second = pf.ProfileFactory(slug="bob-page")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:profiles_profile_changelist"),
        {"action": "export_as_html", "_selected_action": [first.pk, second.pk]},
    )

    job = Job.objects.get(kind=Job.Kind.PROFILE_EXPORT)
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    run_jobs()
    download = client.get(Job.objects.get(pk=job.pk).get_download_url())
    assert download["Content-Disposition"] == 'attachment; filename="profiles-website.zip"'
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "ada-page/index.html" in names
    assert "bob-page/index.html" in names


def test_a_researchers_export_job_is_theirs_to_follow(client):
    owner = pf.UserFactory(username="owner", is_staff=True)
    profile = pf.ProfileFactory(slug="own-page", user=owner)
    client.force_login(owner)

    client.post(
        reverse("admin:profiles_profile_changelist"),
        {"action": "export_as_html", "_selected_action": [profile.pk]},
    )

    job = Job.objects.get(kind=Job.Kind.PROFILE_EXPORT)
    assert (job.profile, job.user) == (profile, owner)
    run_jobs()
    page = client.get(job.get_absolute_url())
    assert b'id="job-message">Exported 1 profile.<' in page.content
    assert b'href="/me/jobs/%d/download/"' % job.pk in page.content


def test_editors_export_the_whole_site_from_the_profile_list(client, superuser):
    pf.ProfileFactory(slug="ada-page")
    client.force_login(superuser)
    changelist = client.get(reverse("admin:profiles_profile_changelist"))
    assert b"Export the whole site" in changelist.content

    response = client.post(reverse("admin:profiles_profile_export_site"))

    job = Job.objects.get(kind=Job.Kind.SITE_EXPORT)
    assert response["Location"] == job.get_absolute_url()
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    names = zipfile.ZipFile(job.result_path).namelist()
    assert {"index.html", "ada-page/index.html"} <= set(names)


def test_researchers_may_not_export_the_whole_site(client):
    owner = pf.UserFactory(username="owner", is_staff=True)
    pf.ProfileFactory(slug="own-page", user=owner)
    client.force_login(owner)
    assert (
        b"Export the whole site"
        not in client.get(reverse("admin:profiles_profile_changelist")).content
    )
    assert client.post(reverse("admin:profiles_profile_export_site")).status_code == 403
    assert not Job.objects.filter(kind=Job.Kind.SITE_EXPORT).exists()
