"""Hostile query strings and paths get a page or a 4xx, never a server error.

Every public URL of the URL conf (the pages of ``tests.support.public_paths`` and the
rest: feed, theme, BibTeX, CSL-JSON, sitemap, robots, health check, login pages) is sent
NUL, other control characters, overlong values, invalid UTF-8 and the like, in every
parameter any page reads and in others. On PostgreSQL a NUL reaching a query is an error
(``DataError``), so this runs on both databases in CI.
"""

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from profiles.tests.factories import NewsItemFactory, ProfileFactory, image_file
from publications.tests.factories import TagFactory, make_publication
from tests.support import public_paths

pytestmark = pytest.mark.django_db

# Percent-encoded, as they arrive in a URL; the raw bytes of invalid UTF-8 among them.
HOSTILE_VALUES = [
    "%00",
    "a%00b",
    "%01%02%03%1b%7f",
    "%c2%85%c2%9f",  # C1 controls
    "%0d%0aSet-Cookie:%20x=1",
    "%ff%fe",
    "%c0%af",  # overlong UTF-8 for "/"
    "%ed%a0%80",  # an encoded UTF-16 surrogate
    "%e2%80%ae",  # right-to-left override
    "x" * 20_000,
    "9" * 60,
    "-1",
    "%C2%B2",  # superscript two: a digit to str.isdigit()
    "%27%20OR%201=1--",
    "%3Cscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
]
# Every parameter a public page reads (profiles.query_params), and some that none does.
PARAMETERS = ["q", "page", "year", "type", "tag", "from", "p", "next", "utm_source", "%00"]
# Namespaced URL names that are not public pages, with why they are not fuzzed here.
NOT_PUBLIC = {
    "bibtex:confirm",  # POST only, behind login
    "site_import:confirm",  # POST only, behind login
    "works:confirm",  # POST only, behind login
}


def url_names(resolver=None, namespace=""):
    """Every named URL of the site's own apps, namespaced (``profiles:detail``)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


@pytest.fixture
def site():
    """A profile with news, a tagged paper with a co-author: every page has content."""
    profile = ProfileFactory(
        name="Fuzz Target", slug="fuzz", interests=["vision"], photo=image_file("fuzz.png")
    )
    NewsItemFactory(profile=profile, text="A paper accepted.")
    paper = make_publication(authors=[profile, "Cy External"], title="A Tagged Paper")
    paper.tags.add(TagFactory(name="Robotics"))
    return profile


def public_urls(profile):
    """Path per URL name: the profile's pages from tests.support, the rest by hand."""
    pages, paper = public_paths(profile)[:2], public_paths(profile)[2]
    slug = profile.slug
    return {
        "profiles:directory": "/",
        "profiles:sitemap": "/sitemap.xml",
        "profiles:sitemap_section": "/sitemap-papers-1.xml",
        "profiles:robots": "/robots.txt",
        "profiles:detail": pages[0],
        "profiles:publications": pages[1],
        "profiles:feed": f"/{slug}/feed.atom",
        "profiles:theme": f"/{slug}/theme.css",
        "profiles:bibtex": f"/{slug}/publications.bib",
        "profiles:csl_json": f"/{slug}/publications.json",
        "publications:detail": paper,
        "publications:short": paper.rstrip("/").rsplit("/", 1)[0] + "/",
        "me": "/me/",
        "bibtex:import": "/me/bibtex/",
        "site_import:import": "/me/import/site/",
        "works:import": "/me/works/",
        "works:job_preview": "/me/works/job/1/",  # behind login: a redirect
        "export:page": "/me/export/",
        "export:zip": f"/me/export/{slug}.zip",
        "export:bundle": f"/me/export/bundle/{slug}.zip",
        "jobs:detail": "/me/jobs/1/",  # behind login: a redirect
        "jobs:download": "/me/jobs/1/download/",
        "media": f"/media/{profile.photo.name}",
        "health": "/healthz",
        "admin:login": "/admin/login/",
    }


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, f"{url[:200]} answered {response.status_code}"


def test_every_public_url_of_the_url_conf_is_fuzzed(site):
    fuzzed = set(public_urls(site))
    missing = set(url_names()) - fuzzed - NOT_PUBLIC
    assert not missing, f"add these URLs to the fuzz test: {sorted(missing)}"


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_query_values_never_cause_a_server_error(client, site, value):
    for path in public_urls(site).values():
        assert_no_server_error(client, f"{path}?" + "&".join(f"{p}={value}" for p in PARAMETERS))
        for parameter in PARAMETERS:
            assert_no_server_error(client, f"{path}?{parameter}={value}")


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_in_the_list_filters_are_ignored_and_the_page_renders(client, site, value):
    response = client.get(f"/{site.slug}/publications/?q={value}&tag={value}&year={value}")
    assert response.status_code == 200
    assert b"\x00" not in response.content


@pytest.mark.parametrize("value", ["%00", "a%00b", "%ff", "%ed%a0%80", "%0a", "x" * 2000])
def test_hostile_path_segments_are_not_found_not_errors(client, site, value):
    paper = public_paths(site)[2]
    paper_id = paper.split("/")[2]
    for path in (
        f"/{value}/",
        f"/{value}/publications/",
        f"/{value}/feed.atom",
        f"/{site.slug}/{value}",
        f"/papers/{value}/x/",
        f"/papers/{paper_id}/{value}/",
        f"/me/export/{value}.zip",
    ):
        assert_no_server_error(client, path)


def test_a_nul_in_a_search_finds_what_the_text_around_it_finds(client, site):
    # The NUL is taken out (as a space), not passed to the database nor shown back.
    response = client.get("/?q=Fuzz%00")
    assert response.status_code == 200
    assert "Fuzz Target" in response.content.decode()
    response = client.get(f"/{site.slug}/publications/?q={quote('Tagged')}%00")
    assert "A Tagged Paper" in response.content.decode()
