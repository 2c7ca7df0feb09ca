"""/me/import/site/: upload → preview (as the page will look) → confirm once; each
researcher only onto their own profile, editors onto any and from a server path."""

import io
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from profiles.models import NewsItem
from profiles.permissions import EDITORS_GROUP
from profiles.tests.factories import ProfileFactory, UserFactory
from publications.models import ProfilePublication

SITE = Path(__file__).parent / "data" / "594zyc__594zyc.github.io"


def site_zip():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for path in SITE.rglob("*"):
            if path.is_file():  # one top folder, as "Download ZIP" makes it
                archive.write(path, f"site-main/{path.relative_to(SITE)}")
    return SimpleUploadedFile("site-main.zip", data.getvalue(), "application/zip")


@pytest.fixture
def alice(db):
    user = UserFactory(username="alice")
    ProfileFactory(slug="alice", name="Yichi Zhang", user=user)
    return user


def preview(client, slug, **data):
    response = client.post("/me/import/site/", {"profile": slug, **data})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_owner_previews_then_confirms_once(client, alice):
    client.force_login(alice)
    soup = preview(client, "alice", archive=site_zip())
    assert "news 6 new" in soup.select_one("#import-summary").get_text()
    assert not NewsItem.objects.exists()  # the preview wrote nothing
    page = soup.select_one("#preview-page")
    assert "GROUNDHOG" in page.get_text()  # the news as the public page renders them
    assert len(page.select("article.publication")) == 12  # papers as they will look
    files = {
        row.select("td")[0].get_text(): row.select("td")[2].get_text()
        for row in soup.select("#preview-files tbody tr")
    }
    assert "al-folio's example" in files["_data/cv.yml"]
    assert "assets/img/UMich_Yichi.jpg" in soup.select_one("#preview-warnings").get_text()
    token = soup.select_one("input[name=token]")["value"]
    response = client.post("/me/import/site/confirm/", {"token": token})
    assert response.status_code == 302 and response["Location"] == "/alice/"
    assert NewsItem.objects.filter(profile__slug="alice").count() == 6
    assert ProfilePublication.objects.filter(profile__slug="alice").count() == 12
    again = client.post("/me/import/site/confirm/", {"token": token})  # used up
    assert again.status_code == 302 and again["Location"] == "/me/import/site/"
    assert NewsItem.objects.count() == 6


@pytest.mark.django_db
def test_a_researcher_cannot_import_onto_someone_elses_profile(client, alice):
    ProfileFactory(slug="bob", name="Bob")
    client.force_login(alice)
    response = client.post("/me/import/site/", {"profile": "bob", "archive": site_zip()})
    assert "Select a valid choice" in response.content.decode()
    assert "path" not in BeautifulSoup(response.content, "html.parser").select_one("form").decode()
    assert not NewsItem.objects.exists()


@pytest.mark.django_db
def test_an_editor_imports_from_a_path_on_the_server(client, alice):
    editor = UserFactory(username="dana")
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    client.force_login(editor)
    soup = preview(client, "alice", path=str(SITE))
    token = soup.select_one("input[name=token]")["value"]
    client.post("/me/import/site/confirm/", {"token": token})
    assert NewsItem.objects.filter(profile__slug="alice").count() == 6


@pytest.mark.django_db
def test_a_bad_upload_is_one_message_and_writes_nothing(client, alice):
    client.force_login(alice)
    bad = SimpleUploadedFile("site.zip", b"PK\x03\x04 not really", "application/zip")
    response = client.post("/me/import/site/", {"profile": "alice", "archive": bad})
    assert "not a readable zip archive" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/me/import/site/")
    assert response.status_code == 302 and "login" in response["Location"]
