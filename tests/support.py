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


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_urls(client):
    """Every URL in the site's sitemap: the index at /sitemap.xml, then each section."""
    from urllib.parse import urlsplit
    from xml.etree import ElementTree

    def locations(path):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/xml"
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
        return root, [loc.text for loc in root.iter(f"{SITEMAP}loc")]

    index, sections = locations("/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    urls = []
    for section in sections:
        urlset, found = locations(urlsplit(section).path)
        assert urlset.tag == f"{SITEMAP}urlset"
        urls += found
    return urls
