"""``manage.py demo``: a working site in one command, without the network.

Loads the demo bundles in profiles/demo_data/ (kept byte-identical to the shared ones),
then gives each profile placeholder images drawn with Pillow. Drawing is seeded by the
names, so every run and every machine with the same Pillow draws the same pixels.
"""

import hashlib
import io
import os
import random
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError
from profiles.models import Profile
from publications.models import Publication

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo_data"
TEASERS_PER_PROFILE = 3


def base_url():
    """Where ``make run`` serves: HOST and PORT of the environment, as the Makefile passes."""
    return f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"


def _seed(text):
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _colour(text):
    """A mid-dark colour picked by ``text``, so white letters stay readable on it."""
    rng = random.Random(_seed(text))  # noqa: S311 - picks a colour, not a secret
    return tuple(rng.randrange(40, 150) for _ in range(3))


# Not initials: "University of Edinburgh" is "UE", not "UOE".
_MINOR_WORDS = {"of", "the", "and", "for", "at", "in", "on", "de", "du", "la", "le", "&"}


def _initials(text, count=2):
    words = [
        word
        for word in text.replace("-", " ").split()
        if word[:1].isalnum() and word.casefold() not in _MINOR_WORDS
    ]
    return "".join(word[0].upper() for word in words[:count]) or "?"


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _lettered(text, size, letters):
    image = Image.new("RGB", (size, size), _colour(text))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size * 2 // (len(letters) + 2))
    draw.text((size / 2, size / 2), letters, fill="white", font=font, anchor="mm")
    return _png(image)


def avatar(name):
    """A square photo placeholder with the person's initials."""
    return _lettered(name, 256, _initials(name))


def logo(organization):
    return _lettered(organization, 128, _initials(organization, 3))


def teaser(title):
    """A 16:9 abstract picture: overlapping discs in colours picked by the title."""
    rng = random.Random(_seed(title))  # noqa: S311 - picks shapes, not a secret
    image = Image.new("RGB", (640, 360), _colour(title))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, radius = rng.randrange(640), rng.randrange(360), rng.randrange(20, 120)
        fill = tuple(rng.randrange(60, 256) for _ in range(3))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
    return _png(image)


def _attach(instance, field, content, name):
    """Set an image as an upload would: validated by full_clean, re-encoded on save."""
    setattr(instance, field, ContentFile(content, name=name))
    instance.full_clean()
    instance.save()


def add_placeholder_images(profile):
    _attach(profile, "photo", avatar(profile.name), f"{profile.slug}.png")
    for position in profile.positions.all():
        _attach(
            position,
            "logo",
            logo(position.organization),
            f"{slugify(position.organization)[:60]}.png",
        )
    papers = Publication.objects.listed_on(profile).newest_first()
    # A page with a teaser beside every paper (the seed's paper boxes) gets one for each.
    if not (profile.teaser_in_list or profile.publication_style == Profile.PublicationStyle.CARDS):
        papers = papers[:TEASERS_PER_PROFILE]
    for publication in papers:
        if not publication.teaser:
            _attach(publication, "teaser", teaser(publication.title), f"{publication.slug}.png")


class Command(BaseCommand):
    help = (
        "Set up a demo site: migrate if needed, load the demo profiles with placeholder "
        "images, create an admin account and one account per demo researcher. Idempotent."
    )

    # Checks query the database, which may not exist yet; they run once it does.
    requires_system_checks = []

    def handle(self, *args, **options):
        self._migrate()
        # The venue registry first, so the demo papers find their venues and ranks.
        call_command("load_venues", stdout=self.stdout)
        loaded = []
        for folder in sorted(path for path in DEMO_DIR.iterdir() if path.is_dir()):
            if Profile.objects.filter(slug=folder.name).exists():
                continue
            try:
                with transaction.atomic():
                    profile = import_bundle(folder).profile
                    add_placeholder_images(profile)
            except BundleError as error:
                raise CommandError(str(error)) from None
            loaded.append(profile)
        if loaded:
            names = ", ".join(profile.slug for profile in loaded)
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo profiles: {names}."))
        else:
            self.stdout.write("The demo profiles are already loaded; nothing to do.")
        self._accounts()
        self._urls()

    def _migrate(self):
        connection = connections[DEFAULT_DB_ALIAS]
        self.check()
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Applying database migrations…")
            call_command("migrate", interactive=False, verbosity=0)

    def _accounts(self):
        users = get_user_model().objects
        if not users.filter(username="admin").exists():
            password = secrets.token_urlsafe(12)
            users.create_superuser("admin", "admin@example.org", password)
            self.stdout.write(f"Created the administrator: admin / {password}")
        for folder in sorted(path for path in DEMO_DIR.iterdir() if path.is_dir()):
            profile = Profile.objects.filter(slug=folder.name, user__isnull=True).first()
            if profile is None or users.filter(username=profile.slug).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = users.create_user(profile.slug, password=password, is_staff=True)
            profile.user = user
            profile.save(update_fields=["user"])
            self.stdout.write(
                f"Created the researcher account for {profile.name}: {user.username} / {password}"
            )

    def _urls(self):
        base = base_url()
        self.stdout.write("\nOpen, after `python manage.py runserver` (`make run` starts it):")
        self.stdout.write(f"  {base}/              the directory of researchers")
        for profile in Profile.objects.filter(slug__in=[p.name for p in DEMO_DIR.iterdir()]):
            self.stdout.write(f"  {base}{profile.get_absolute_url()}")
        self.stdout.write(f"  {base}/admin/        editing (the accounts above)")
