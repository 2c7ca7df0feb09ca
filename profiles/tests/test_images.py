"""Image uploads: real bad files are refused saying why; good ones are stored re-encoded."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from profiles.tests.factories import image_file

pytestmark = pytest.mark.django_db


def encoded(fmt, size=(32, 24), mode="RGB", **save_kwargs):
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 200) if mode == "RGB" else 1).save(
        buffer, format=fmt, **save_kwargs
    )
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims ``width``×``height`` (IHDR patched, CRC fixed)."""
    data = bytearray(encoded("PNG", size=(8, 8)))
    # IHDR is the first chunk: length(4) type(4) width(4) height(4) ... crc(4).
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    data = encoded("JPEG", size=(40, 30), exif=exif)
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the fixture carries GPS"
    return data


def stored_bytes(field_file):
    with field_file.open("rb") as file:
        return file.read()


BAD_FILES = {
    "truncated JPEG": (
        "cut.jpg",
        lambda: encoded("JPEG", size=(300, 200), quality=95)[:600],
        "cut.jpg is damaged or truncated",
    ),
    "PNG bomb": (
        "bomb.png",
        lambda: png_claiming(10_000, 10_000),
        "bomb.png is 10000×10000 pixels (100 megapixels); images may have at most 40 megapixels.",
    ),
    "PNG claiming more than Pillow opens": (
        "giant.png",
        lambda: png_claiming(20_000, 20_000),
        "giant.png claims more than 179 megapixels; images may have at most 40 megapixels.",
    ),
    "SVG": (
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg is an SVG drawing; SVG can carry scripts, so upload JPEG, PNG, WebP or GIF.",
    ),
    "SVG renamed .png": (
        "sneaky.png",
        lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
        "sneaky.png is an SVG drawing",
    ),
    "text renamed .png": (
        "notes.png",
        lambda: b"Meeting notes: this is not a picture at all.\n" * 20,
        "notes.png is not an image Pillow can read (JPEG, PNG, WebP or GIF expected).",
    ),
    "11 MB file": (
        "huge.jpg",
        lambda: encoded("JPEG") + b"\0" * (11 * 1024 * 1024),
        "huge.jpg is 11.0 MB; images may be at most 10 MB.",
    ),
    "BMP": (
        "scan.bmp",
        lambda: encoded("BMP"),
        "scan.bmp is a BMP image; allowed formats are JPEG, PNG, WebP and GIF.",
    ),
    "TIFF": (
        "scan.tif",
        lambda: encoded("TIFF"),
        "scan.tif is a TIFF image; allowed formats are JPEG, PNG, WebP and GIF.",
    ),
    "empty file": ("blank.png", lambda: b"", "The submitted file is empty."),
}


@pytest.fixture
def cast():
    return make_cast()


def profile_change(client, cast):
    client.force_login(cast.alice)
    url = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
    return url, form_fields(client.get(url))


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_photo_upload_is_refused_saying_what_is_wrong(client, cast, kind):
    name, make, message = BAD_FILES[kind]
    url, data = profile_change(client, cast)
    data["photo"] = SimpleUploadedFile(name, make())
    response = client.post(url, data)
    assert response.status_code == 200
    assert any(text.startswith(message) for text in error_texts(response)), error_texts(response)
    cast.profile_a.refresh_from_db()
    assert not cast.profile_a.photo


def test_photo_with_gps_is_stored_re_encoded_without_exif(client, cast):
    original = jpeg_with_gps()
    url, data = profile_change(client, cast)
    data["photo"] = SimpleUploadedFile("holiday.jpeg", original, content_type="image/jpeg")
    response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    cast.profile_a.refresh_from_db()
    assert cast.profile_a.photo.name.endswith(".jpg")
    stored = stored_bytes(cast.profile_a.photo)
    assert stored != original
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 30)
        assert not image.getexif()
        assert "exif" not in image.info


def test_position_logo_is_validated_and_stored_through_the_profile_page(client, cast):
    url, data = profile_change(client, cast)
    data.update(
        {
            "positions-TOTAL_FORMS": "1",
            "positions-0-kind": "employment",
            "positions-0-organization": "Lab",
            "positions-0-start": "2020",
            "positions-0-logo": SimpleUploadedFile("logo.svg", b"<svg></svg>"),
        }
    )
    response = client.post(url, data)
    assert any("logo.svg is an SVG drawing" in text for text in error_texts(response))
    data["positions-0-logo"] = image_file("lab.gif", size=(20, 20))
    response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    logo = cast.profile_a.positions.get().logo
    with Image.open(io.BytesIO(stored_bytes(logo))) as image:
        assert (image.format, image.size) == ("GIF", (20, 20))


def test_teaser_is_validated_and_stored_through_the_publication_page(client, cast):
    client.force_login(cast.alice)
    url = reverse("admin:publications_publication_change", args=[cast.shared.pk])
    data = form_fields(client.get(url))
    data["teaser"] = SimpleUploadedFile("teaser.png", png_claiming(9000, 9000))
    response = client.post(url, data)
    assert any("9000×9000 pixels" in text for text in error_texts(response))
    data["teaser"] = image_file("teaser.webp", size=(120, 60))
    response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    cast.shared.refresh_from_db()
    with Image.open(io.BytesIO(stored_bytes(cast.shared.teaser))) as image:
        assert (image.format, image.size) == ("WEBP", (120, 60))
    assert cast.shared.teaser.name.startswith("teasers/")


def test_animated_gif_keeps_its_frames(client, cast):
    frames = [Image.new("RGB", (16, 16), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=80)
    url, data = profile_change(client, cast)
    with Image.open(buffer) as uploaded:
        assert uploaded.n_frames == 3
    data["photo"] = SimpleUploadedFile("wave.gif", buffer.getvalue())
    assert client.post(url, data).status_code == 302
    cast.profile_a.refresh_from_db()
    with Image.open(io.BytesIO(stored_bytes(cast.profile_a.photo))) as image:
        assert (image.format, image.n_frames) == ("GIF", 3)
