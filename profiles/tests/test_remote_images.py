"""Images given as a web address: fetched once from a (local) server, checked like an
upload, stored locally; every bad answer refused with its reason, nothing written."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from profiles.bundles.exporter import dump_yaml
from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError
from profiles.models import Profile
from profiles.remote_images import fetch_image
from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from profiles.tests.image_server import image_server

pytestmark = pytest.mark.django_db

BAD = {
    "/bomb.png": "megapixels",
    "/drawing.svg": "SVG",
    "/page.html": "not an image",
    "/loop-a.png": "more than 5 redirects",
    "/slow.png": "took too long",
    "/huge.png": "at most 10 MB",
    "/huge-undeclared.png": "at most 10 MB",
    "/missing.png": "answered 404",
}


@pytest.fixture
def server(http_mock):
    with image_server() as base:
        http_mock.add_passthru(base)
        yield base


def stored_files(media_root):
    return sorted(
        p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file()
    )


def test_a_good_image_is_fetched_as_a_file_pillow_reads(server):
    file = fetch_image(f"{server}/good.png")
    assert file.name == "good.png"
    with Image.open(io.BytesIO(file.read())) as image:
        assert image.format == "PNG" and image.size == (120, 80)


@pytest.mark.parametrize("path", list(BAD))
def test_every_bad_answer_is_refused_with_its_reason(server, path):
    with pytest.raises(ValidationError) as caught:
        fetch_image(f"{server}{path}")
    message = caught.value.messages[0]
    assert message.startswith(f"The image at {server}{path} could not be used:")
    assert BAD[path] in message, message


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/a.png", "http://10.1.2.3/a.png", "http://[::1]/a.png",
            "http://169.254.169.254/latest/meta-data", "ftp://example.org/a.png"]
)  # fmt: skip
def test_private_and_loopback_addresses_are_refused_outside_tests(settings, url):
    settings.REMOTE_IMAGE_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        fetch_image(url)
    assert "private or local address" in caught.value.messages[0] or (
        "only http:// and https://" in caught.value.messages[0]
    )


def bundle_with_teasers(tmp_path, urls):
    document = {
        "format": "profile-bundle/1",
        "profile": {"slug": "ada", "name": "Ada Lovelace", "photo": urls[0]},
        "publications": [
            {
                "title": f"Paper {index}",
                "authors": [{"name": "Ada Lovelace", "me": True}],
                "year": 2024,
                "type": "conference",
                "teaser": url,
            }
            for index, url in enumerate(urls[1:])
        ],
    }
    path = tmp_path / "profile.yaml"
    path.write_text(dump_yaml(document))
    return path


def test_a_bundle_naming_images_by_address_stores_them_locally(server, tmp_path, media_root):
    result = import_bundle(bundle_with_teasers(tmp_path, [f"{server}/good.png"] * 2))
    profile = result.profile
    assert profile.photo.name.startswith("photos/") and profile.photo.name.endswith(".png")
    teaser = profile.listings.get().publication.teaser
    assert teaser.name.startswith("teasers/")
    assert stored_files(media_root) == sorted([profile.photo.name, teaser.name])


def test_a_bundle_with_bad_image_addresses_writes_nothing_and_names_each(
    server, tmp_path, media_root
):
    urls = [f"{server}/good.png", *(f"{server}{path}" for path in BAD)]
    with pytest.raises(BundleError) as caught:
        import_bundle(bundle_with_teasers(tmp_path, urls))
    paths = [issue.path for issue in caught.value.issues]
    assert paths == [f"publications[{index}].teaser" for index in range(len(BAD))]
    assert not Profile.objects.exists()
    assert stored_files(media_root) == []


def test_the_admin_takes_a_photo_by_address_and_refuses_a_bad_one(client, server, media_root):
    cast = make_cast()
    client.force_login(cast.alice)
    url = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
    data = form_fields(client.get(url))
    data["photo_url"] = f"{server}/drawing.svg"
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("is an SVG drawing" in text for text in error_texts(response))
    assert stored_files(media_root) == []

    data["photo_url"] = f"{server}/good.png"
    response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    cast.profile_a.refresh_from_db()
    assert stored_files(media_root) == [cast.profile_a.photo.name]
