"""Media on S3-compatible object storage: a real S3 API (moto's server, on this machine)
holds uploads, thumbnails, what exports copy and what bundles bring in."""

import json
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.management import call_command

from profiles.bundles.exporter import write_bundle
from profiles.bundles.importer import import_bundle
from profiles.models import Profile, ProfileLink
from profiles.tests.factories import ProfileFactory, image_file
from publications.tests.factories import make_publication
from tests.processes import fetch

BUCKET = "scholar-media"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
pytestmark = pytest.mark.django_db


# Media links are the bucket's public URLs (profiles.storage), as a bucket policy allows.
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per S3 request

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """An empty bucket, and the site's media on it (as AWS_STORAGE_BUCKET_NAME would set)."""
    import boto3

    for variable, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(variable, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.MEDIA_URL = f"{s3_endpoint}/{BUCKET}/"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "profiles.storage.MediaStorage"},
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_a_photo_and_its_thumbnails_are_stored_and_served_from_the_bucket(client, bucket):
    profile = ProfileFactory(slug="ada", photo=image_file("ada.png", size=(400, 300)))
    assert profile.photo.name in keys(bucket)
    head = bucket.head_object(Bucket=BUCKET, Key=profile.photo.name)
    assert head["ContentType"] == "image/png"
    assert "ContentDisposition" not in head

    page = BeautifulSoup(client.get("/ada/").content, "html.parser")
    photo = page.select_one("img.profile-photo") or page.select_one("header img")
    assert photo["src"].startswith(f"{bucket.meta.endpoint_url}/{BUCKET}/CACHE/")
    status, headers, body = fetch(photo["src"])
    assert status == 200 and headers["Content-Type"] == "image/webp"
    assert body[:4] == b"RIFF"
    assert any(key.startswith("CACHE/") for key in keys(bucket))


@pytest.mark.parametrize(
    ("name", "content_type", "attachment"),
    [
        ("cv.pdf", "application/pdf", False),
        (
            "cv.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            True,
        ),
        ("cv.html", "application/octet-stream", True),
        ("cv.svg", "application/octet-stream", True),
        ("cv.js", "application/octet-stream", True),
        ("cv", "application/octet-stream", True),
    ],
)
def test_documents_carry_a_safe_type_and_download_unless_images_or_pdf(
    bucket, name, content_type, attachment
):
    profile = ProfileFactory(slug="ada")
    link = ProfileLink(profile=profile, kind="cv", label="CV")
    link.file.save(name, ContentFile(b"%PDF-1.4 not really"), save=True)
    head = bucket.head_object(Bucket=BUCKET, Key=link.file.name)
    assert head["ContentType"] == content_type
    assert ("attachment" in head.get("ContentDisposition", "")) is attachment
    status, headers, _ = fetch(link.file.url)
    assert status == 200 and headers["Content-Type"] == content_type


def test_the_html_export_copies_media_from_the_bucket(bucket, tmp_path):
    profile = ProfileFactory(slug="ada", photo=image_file("ada.png", size=(400, 300)))
    make_publication(
        authors=[profile], title="A Paper With A Teaser", teaser=image_file("teaser.png")
    )
    out = tmp_path / "site"
    call_command("export_profile", "ada", "--format", "html", "--out", str(out))
    index = (out / "index.html").read_text()
    assert bucket.meta.endpoint_url not in index
    images = BeautifulSoup(index, "html.parser").select("img[src]")
    assert images
    for image in images:
        copied = out / image["src"]
        assert copied.is_file() and copied.read_bytes()[:4] == b"RIFF", image["src"]


def test_bundles_export_from_and_import_into_the_bucket(bucket, tmp_path):
    profile = ProfileFactory(slug="ada", photo=image_file("ada.png", size=(400, 300)))
    link = ProfileLink(profile=profile, kind="cv", label="CV")
    link.file.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    write_bundle(profile, tmp_path / "bundle")
    photos = list((tmp_path / "bundle").rglob("*.png"))
    assert len(photos) == 1

    Profile.objects.all().delete()
    before = keys(bucket)
    imported = import_bundle(tmp_path / "bundle").profile
    assert imported.photo.name in keys(bucket) - before
    stored = bucket.get_object(Bucket=BUCKET, Key=imported.photo.name)["Body"].read()
    assert stored == photos[0].read_bytes()
    cv = imported.links.get(kind="cv")
    assert bucket.get_object(Bucket=BUCKET, Key=cv.file.name)["Body"].read().startswith(b"%PDF")
