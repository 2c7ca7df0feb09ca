"""Nothing uploaded runs: documents and images are checked by content, stored clean, and
served so that no browser treats them as a page, a drawing or a script.

Doors: the admin (profile link file, photo), bundles (the same validator), and the media
view every environment with media on disk serves uploads through.
"""

import io
import json
import os
import subprocess
import sys
import zipfile
from email.utils import formatdate
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from profiles.bundles.importer import import_bundle
from profiles.bundles.media import is_clean_jpeg
from profiles.bundles.schema import BundleError
from profiles.documents import MAX_BYTES, inspect_document
from profiles.media_views import media_urlpatterns
from profiles.models import ProfileLink
from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from profiles.tests.bundle_helpers import document, write_folder

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

HTML = b"<!doctype html><script>fetch('/admin/').then(r => r.text()).then(alert)</script>"
ACCEPTED = (
    "upload a PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx) or OpenDocument (.odt, "
    ".odp, .ods) file, at most 20 MB."
)


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def cast():
    return make_cast()


def make_pdf():
    """A real PDF, as Pillow writes one (dated: made once, compared byte for byte)."""
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buffer, format="PDF")
    return buffer.getvalue()


PDF = make_pdf()


def pdf():
    return PDF


def office(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def docx(*, macros=False):
    parts = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
    if macros:
        parts["word/vbaProject.bin"] = b"\0"
    return office(parts)


def odt():
    return office({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


def xlsx():
    return office({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


LEGACY_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512

# name, content, stored extension or the start of the refusal.
DOCUMENTS = {
    "PDF": ("cv.pdf", pdf, "pdf"),
    "PDF named .html": ("cv.html", pdf, "pdf"),
    "Word": ("cv.docx", docx, "docx"),
    "Excel": ("grades.xlsx", xlsx, "xlsx"),
    "OpenDocument": ("cv.odt", odt, "odt"),
    "HTML": ("cv.html", lambda: HTML, f"cv.html is not an accepted document: {ACCEPTED}"),
    "HTML named .pdf": ("cv.pdf", lambda: HTML, "cv.pdf is not an accepted document"),
    "JavaScript": ("cv.js", lambda: b"alert(document.cookie)", "cv.js is not an accepted"),
    "SVG": ("cv.svg", lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "cv.svg is not"),
    "zip that is no office file": ("cv.docx", lambda: office({"a.html": HTML}), "cv.docx is not"),
    "Word with macros": ("cv.docx", lambda: docx(macros=True), "cv.docx is not an accepted"),
    "legacy Word": ("cv.doc", lambda: LEGACY_DOC, "cv.doc is an old-style Office file"),
}


def upload_cv(client, cast, name, content):
    client.force_login(cast.alice)
    url = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
    data = form_fields(client.get(url))
    data["links-TOTAL_FORMS"] = "1"
    data.update({"links-0-kind": "cv", "links-0-file": SimpleUploadedFile(name, content)})
    return client.post(url, data)


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_the_admin_takes_documents_by_content_and_stores_them_under_their_type(
    client, cast, media_root, kind
):
    name, make, expected = DOCUMENTS[kind]
    response = upload_cv(client, cast, name, make())
    if "." in expected or " " in expected:
        assert response.status_code == 200
        assert any(text.startswith(expected) for text in error_texts(response)), error_texts(
            response
        )
        assert not ProfileLink.objects.exists()
        assert not any(media_root.rglob("*.*"))
    else:
        assert response.status_code == 302, error_texts(response)
        link = ProfileLink.objects.get()
        assert link.file.name.endswith(f".{expected}")
        assert link.file.open("rb").read() == make()


def test_documents_over_the_size_limit_are_refused_before_reading_them():
    big = SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n" + b"0" * MAX_BYTES)
    with pytest.raises(Exception, match=r"cv.pdf is 20.0 MB; documents may be at most 20 MB"):
        inspect_document(big)


@pytest.mark.parametrize("kind", ["HTML", "HTML named .pdf", "legacy Word", "PDF named .html"])
def test_bundles_share_the_admins_document_check(tmp_path, media_root, kind):
    name, make, expected = DOCUMENTS[kind]
    doc = document(profile={"links": [{"kind": "cv", "url": f"media/{name}"}]})
    folder = write_folder(tmp_path / "b", doc, {f"media/{name}": make()})
    if expected == "pdf":
        link = import_bundle(folder).profile.links.get()
        assert link.file.name.endswith(".pdf")
        return
    with pytest.raises(BundleError) as raised:
        import_bundle(folder)
    assert f"profile.links[0].url: media/{name}: {expected}" in str(raised.value)


# Serving: whatever is in MEDIA_ROOT, however it got there.


def put(media_root, name, content):
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/{name}"


SERVED = {
    # name: (Content-Type, inline)
    "files/cv.html": ("application/octet-stream", False),
    "files/cv.htm": ("application/octet-stream", False),
    "files/drawing.svg": ("application/octet-stream", False),
    "files/app.js": ("application/octet-stream", False),
    "files/app.mjs": ("application/octet-stream", False),
    "files/page.xhtml": ("application/octet-stream", False),
    "files/noext": ("application/octet-stream", False),
    "files/cv.pdf": ("application/pdf", True),
    "files/cv.docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        False,
    ),
    "files/cv.odt": ("application/vnd.oasis.opendocument.text", False),
    "photos/me.png": ("image/png", True),
    "photos/me.JPG": ("image/jpeg", True),
    "CACHE/images/photos/me.0a1b.webp": ("image/webp", True),
}


@pytest.mark.parametrize("name", SERVED)
def test_uploads_are_served_with_a_safe_type_and_a_policy_that_runs_nothing(
    client, media_root, name
):
    content_type, inline = SERVED[name]
    response = client.get(put(media_root, name, HTML))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment")
    assert os.path.basename(name) in disposition
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none';")
    assert "script-src" not in policy
    assert policy.endswith("; sandbox") or content_type == "application/pdf"
    assert b"".join(response.streaming_content) == HTML


@pytest.mark.parametrize(
    "path",
    [
        "/media/../config/settings/base.py",
        "/media/%2e%2e/config/settings/base.py",
        "/media/files/..%2f..%2fsecret.txt",
        "/media/files/%2e%2e%5c%2e%2e%5csecret.txt",
        "/media//etc/passwd",
        "/media/files/",
        "/media/.hidden",
        "/media/files/link-out.pdf",
        "/media/files/missing.pdf",
    ],
)
def test_nothing_outside_media_root_or_hidden_is_served(client, media_root, path):
    (media_root.parent / "secret.txt").write_text("secret")
    put(media_root, ".hidden", b"secret")
    put(media_root, "files/ok.pdf", b"%PDF-1.4")
    (media_root / "files/link-out.pdf").symlink_to(media_root.parent / "secret.txt")
    response = client.get(path)
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_media_answers_conditional_and_head_requests_only(client, media_root):
    url = put(media_root, "photos/me.png", b"\x89PNG")
    assert client.head(url).status_code == 200
    later = formatdate(os.stat(media_root / "photos/me.png").st_mtime + 60, usegmt=True)
    assert client.get(url, headers={"if-modified-since": later}).status_code == 304
    assert client.post(url).status_code == 405


def test_media_is_served_without_debug(client, media_root, settings):
    assert not settings.DEBUG
    assert client.get(put(media_root, "photos/me.png", b"\x89PNG")).status_code == 200


def test_media_on_another_origin_is_not_served_here():
    with override_settings(MEDIA_URL="https://media.example.org/"):
        assert media_urlpatterns() == []
    with override_settings(MEDIA_URL="/uploads/"):
        [pattern] = media_urlpatterns()
        assert pattern.pattern.match("uploads/files/cv.pdf")


@pytest.mark.parametrize(
    ("media_url", "img_src"),
    [
        (None, ["'self'", "data:"]),
        ("https://media.example.org/", ["'self'", "data:", "https://media.example.org"]),
    ],
)
def test_a_separate_media_origin_is_set_from_the_environment(media_url, img_src):
    environment = {key: value for key, value in os.environ.items() if key != "MEDIA_URL"}
    environment.update({"MEDIA_URL": media_url} if media_url else {})
    code = (
        "import json; from config.settings.local import *;"
        "print(json.dumps([MEDIA_URL, [str(v) for v in SECURE_CSP['img-src']]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [media_url or "media/", img_src]


# Images: refused saying which types are accepted; stored with nothing but pixels.


@pytest.mark.parametrize("name", ["photo.html", "photo.js", "photo.pdf"])
def test_a_photo_that_is_no_image_is_refused_naming_the_image_types(client, cast, name):
    client.force_login(cast.alice)
    url = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
    data = form_fields(client.get(url))
    data["photo"] = SimpleUploadedFile(name, HTML)
    errors = error_texts(client.post(url, data))
    assert f"{name} is not an image Pillow can read (JPEG, PNG, WebP or GIF expected)." in errors
    assert not any("Allowed extensions" in error or "psd" in error for error in errors), errors


def test_an_image_named_html_is_stored_as_what_it_is(client, cast, media_root):
    client.force_login(cast.alice)
    url = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
    data = form_fields(client.get(url))
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    data["photo"] = SimpleUploadedFile("photo.html", buffer.getvalue())
    response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    cast.profile_a.refresh_from_db()
    assert cast.profile_a.photo.name.endswith(".png")


def jpeg_with_metadata():
    """A real JPEG with an HTML payload in its COM segment, plus XMP and EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(
        buffer,
        format="JPEG",
        comment=HTML,
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><script>alert(2)</script></x:xmpmeta>",
        exif=exif,
    )
    data = buffer.getvalue()
    assert b"\xff\xfe" in data and HTML in data and b"alert(2)" in data  # the fixture holds them
    return data


@pytest.mark.parametrize("door", ["admin", "bundle"])
def test_a_jpeg_keeps_only_its_pixels(client, cast, media_root, tmp_path, door):
    original = jpeg_with_metadata()
    if door == "admin":
        client.force_login(cast.alice)
        url = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
        data = form_fields(client.get(url))
        data["photo"] = SimpleUploadedFile("me.jpg", original)
        assert client.post(url, data).status_code == 302
        cast.profile_a.refresh_from_db()
        photo = cast.profile_a.photo
    else:
        doc = document(profile={"photo": "media/me.jpg"})
        photo = import_bundle(write_folder(tmp_path / "b", doc, {"media/me.jpg": original}))
        photo = photo.profile.photo
    stored = photo.open("rb").read()
    assert is_clean_jpeg(stored)
    for payload in (HTML, b"alert(2)", b"PhoneMaker", b"xmpmeta"):
        assert payload not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30) and "comment" not in image.info


def test_a_gif_keeps_its_frames_but_not_its_comment(client, cast, media_root):
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (10, 10), color) for color in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], comment=HTML)
    assert HTML in buffer.getvalue()
    client.force_login(cast.alice)
    url = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
    data = form_fields(client.get(url))
    data["photo"] = SimpleUploadedFile("me.gif", buffer.getvalue())
    assert client.post(url, data).status_code == 302
    cast.profile_a.refresh_from_db()
    stored = cast.profile_a.photo.open("rb").read()
    assert HTML not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.n_frames == 2
