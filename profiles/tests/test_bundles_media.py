"""Bundle images: metadata never survives, and clean JPEG/WebP keep their exact bytes so
that export → import → export does not recompress photos."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from profiles.bundles.exporter import write_bundle
from profiles.bundles.importer import import_bundle
from profiles.bundles.media import is_clean_jpeg, is_clean_webp
from profiles.bundles.schema import BundleError
from profiles.images import reencode
from profiles.models import Profile

from .bundle_helpers import document, paper, write_folder
from .test_bundles_roundtrip import empty_database, tree

pytestmark = pytest.mark.django_db


def picture(fmt, **save):
    image = Image.new("RGB", (120, 90), (30, 60, 90))
    draw = ImageDraw.Draw(image)
    for step in range(6):
        draw.ellipse(
            (step * 15, step * 9, step * 15 + 50, step * 9 + 40), fill=(200, step * 40, 90)
        )
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    return buffer.getvalue()


def exif_with_gps():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPSInfo: where the photo was taken
    exif[0x010F] = "PhoneMaker"
    return exif.tobytes()


def test_pillow_output_is_recognised_as_clean():
    assert is_clean_jpeg(picture("JPEG"))
    assert is_clean_jpeg(picture("JPEG", progressive=True))
    assert is_clean_webp(picture("WEBP"))
    assert is_clean_jpeg(reencode(ContentFile(picture("JPEG"), name="x.jpg")).read())


@pytest.mark.parametrize(
    "data",
    [
        picture("JPEG", exif=exif_with_gps()),
        picture("JPEG", comment=b"hidden note"),
        picture("JPEG") + b"<?php payload ?>",
        picture("WEBP", exif=exif_with_gps()),
        picture("WEBP") + b"trailer",
    ],
    ids=["jpeg-exif", "jpeg-comment", "jpeg-trailer", "webp-exif", "webp-trailer"],
)
def test_images_with_metadata_or_trailers_are_not_clean(data):
    assert not (is_clean_jpeg(data) or is_clean_webp(data))


def stored_photo(media_root):
    profile = Profile.objects.get()
    return (Path(media_root) / profile.photo.name).read_bytes(), profile.photo.name


def test_photo_with_gps_is_reencoded_without_it(tmp_path, media_root):
    doc = document(profile={"photo": "media/photo.jpg"})
    original = picture("JPEG", exif=exif_with_gps())
    import_bundle(write_folder(tmp_path / "b", doc, {"media/photo.jpg": original}))
    stored, _ = stored_photo(media_root)
    assert stored != original
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    assert b"PhoneMaker" not in stored


def test_clean_jpeg_is_stored_byte_for_byte_under_its_real_extension(tmp_path, media_root):
    original = picture("JPEG")
    doc = document(profile={"photo": "media/photo.png"})  # misnamed: it is a JPEG
    import_bundle(write_folder(tmp_path / "b", doc, {"media/photo.png": original}))
    stored, name = stored_photo(media_root)
    assert stored == original
    assert name.startswith("photos/photo") and name.endswith(".jpg")


def test_jpeg_and_webp_media_round_trip_identically(tmp_path):
    doc = document(
        profile={"photo": "media/photo.jpg"},
        publications=[paper("Pictured", {"name": "Ada Lovelace", "me": True}, teaser="t.webp")],
    )
    media = {"media/photo.jpg": picture("JPEG", exif=exif_with_gps()), "t.webp": picture("WEBP")}
    import_bundle(write_folder(tmp_path / "b", doc, media))
    write_bundle(Profile.objects.get(), tmp_path / "first")
    empty_database()
    import_bundle(tmp_path / "first")
    write_bundle(Profile.objects.get(), tmp_path / "second")
    first = tree(tmp_path / "first")
    assert first == tree(tmp_path / "second")
    assert set(first) == {"profile.yaml", "media/photo.jpg", "media/teasers/pictured.webp"}


def test_failed_import_removes_images_stored_as_is(tmp_path, media_root):
    doc = document(
        profile={"photo": "media/photo.jpg"},
        publications=[
            paper(
                "Bad link",
                {"name": "Ada Lovelace", "me": True},
                links=[{"label": "x", "url": "https://a b"}],
            )
        ],
    )
    with pytest.raises(BundleError, match="Enter a valid URL"):
        import_bundle(write_folder(tmp_path / "b", doc, {"media/photo.jpg": picture("JPEG")}))
    assert [path for path in Path(media_root).rglob("*") if path.is_file()] == []
