"""Benchmark: saving a 12-megapixel phone photo on a profile through the admin form.

Builds a realistic 4000×3000 JPEG with Pillow (gradients and sensor-like noise, about the
size a phone writes), then, in a throw-away test database, posts the researcher's profile
form with it as the photo, as a browser does, and times:

- the POST (validation, re-encoding, storing) until the redirect,
- the first view of the profile page afterwards (its thumbnails are made then),
- the size of the stored original.

Run: .venv/bin/python bench/photo_save.py [--runs 5]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def phone_photo(width=4000, height=3000):
    from PIL import Image, ImageChops

    red = Image.linear_gradient("L").resize((width, height))
    green = Image.radial_gradient("L").resize((width, height))
    blue = red.transpose(Image.Transpose.ROTATE_180)
    noise = Image.effect_noise((width, height), 24)
    channels = [ImageChops.add(channel, noise, scale=1.3) for channel in (red, green, blue)]
    out = io.BytesIO()
    Image.merge("RGB", channels).save(out, format="JPEG", quality=92)
    return out.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    media = tempfile.TemporaryDirectory(prefix="bench-media-")
    os.environ["MEDIA_ROOT"] = media.name
    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases
    from django.urls import reverse

    from profiles.tests.admin_forms import form_fields
    from profiles.tests.factories import ProfileFactory, UserFactory

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.MEDIA_ROOT = media.name
    photo = phone_photo()
    databases = setup_databases(verbosity=0, interactive=False)
    saves, views, stored = [], [], 0
    try:
        user = UserFactory(username="bench", is_staff=True)
        profile = ProfileFactory(user=user, slug="bench", is_published=True)
        client = Client()
        client.force_login(user)
        url = reverse("admin:profiles_profile_change", args=[profile.pk])
        for _ in range(options.runs):
            data = form_fields(client.get(url))
            data["photo"] = SimpleUploadedFile("phone.jpg", photo, content_type="image/jpeg")
            started = time.perf_counter()
            response = client.post(url, data)
            saves.append(time.perf_counter() - started)
            assert response.status_code == 302, response.content[:2000]
            started = time.perf_counter()
            assert client.get(f"/{profile.slug}/").status_code == 200
            views.append(time.perf_counter() - started)
            profile.refresh_from_db()
            stored = profile.photo.size
    finally:
        teardown_databases(databases, verbosity=0)
        media.cleanup()

    print(f"photo: 4000×3000 JPEG, {len(photo) / 1e6:.1f} MB; stored {stored / 1e6:.2f} MB")
    print(
        f"admin save: median {statistics.median(saves) * 1000:.0f} ms "
        f"(min {min(saves) * 1000:.0f}, max {max(saves) * 1000:.0f}) over {options.runs}"
    )
    print(f"first page view after it (thumbnails): median {statistics.median(views) * 1000:.0f} ms")
    verdict = "meets" if statistics.median(saves) < 1 else "MISSES"
    print(f"target: save < 1 s: {verdict}")


if __name__ == "__main__":
    main()
