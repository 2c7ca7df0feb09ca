"""The demo profiles as test data, and the public pages to check for each of them."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA = ROOT / "profiles" / "demo_data"


def demo_slugs():
    return sorted(path.parent.name for path in DEMO_DATA.glob("*/profile.yaml"))


def load_demo_profiles():
    """Load the demo profiles as ``manage.py demo`` does, with their placeholder images."""
    from profiles.models import Profile

    call_command("demo", stdout=StringIO())
    return list(Profile.objects.filter(slug__in=demo_slugs()).order_by("slug"))


def public_paths(profile):
    """The public HTML pages of one profile: the page, the publication list, every paper."""
    from publications.models import Publication

    papers = Publication.objects.listed_on(profile).order_by("pk")
    return [
        f"/{profile.slug}/",
        f"/{profile.slug}/publications/",
        *(paper.get_absolute_url() for paper in papers),
    ]
