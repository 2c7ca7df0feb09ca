"""The sitemap: an index of sections by id range, each one query, cached, and renewed
only by the edits that change it. Section sizes are made tiny here; the protocol's are
50,000 URLs per file."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles import sitemaps
from profiles.tests.factories import ProfileFactory
from publications.models import ProfilePublication
from publications.tests.factories import make_publication
from tests.support import SITEMAP, sitemap_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_sections(monkeypatch):
    monkeypatch.setitem(sitemaps.KINDS, "profiles", 2)
    monkeypatch.setitem(sitemaps.KINDS, "papers", 3)


@pytest.fixture
def site(small_sections):
    owners = [ProfileFactory(slug=f"owner-{n}") for n in range(5)]
    papers = [make_publication(authors=[owners[n % 5]], title=f"Paper {n}") for n in range(10)]
    return owners, papers


def locations(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def section_path(kind, pk):
    return f"/sitemap-{kind}-{sitemaps.section_number(kind, pk)}.xml"


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_index_lists_sections_within_the_limits_and_they_list_every_page(client, site):
    owners, papers = site
    index = locations(client, "/sitemap.xml")
    last_profile = sitemaps.section_number("profiles", owners[-1].pk)
    last_paper = sitemaps.section_number("papers", papers[-1].pk)
    assert [urlsplit(url).path for url in index] == [
        *(f"/sitemap-profiles-{n}.xml" for n in range(1, last_profile + 1)),
        *(f"/sitemap-papers-{n}.xml" for n in range(1, last_paper + 1)),
    ]
    for url in index:
        found = locations(client, urlsplit(url).path)
        kind = "profiles" if "profiles" in url else "papers"
        # Two URLs a profile (its page and its list), and the directory in the first.
        assert len(found) <= sitemaps.KINDS[kind] * (2 if kind == "profiles" else 1) + 1
    expected = {"http://testserver/"}
    for owner in owners:
        expected |= {
            f"http://testserver/{owner.slug}/",
            f"http://testserver/{owner.slug}/publications/",
        }
    expected |= {f"http://testserver{paper.get_absolute_url()}" for paper in papers}
    urls = sitemap_urls(client)
    assert sorted(urls) == sorted(expected)  # each once


def test_a_section_gives_dates_and_is_one_query(client, site):
    _, papers = site
    path = section_path("papers", papers[0].pk)
    assert queries(client, path) == 1  # the papers of the range, public ones only
    body = client.get(path).content.decode()
    assert f"<lastmod>{papers[0].updated_at:%Y-%m-%d}</lastmod>" in body
    assert queries(client, "/sitemap.xml") == 2  # the highest ids: no count, no scan


def test_sections_past_the_last_id_are_not_found(client, site):
    _, papers = site
    beyond = sitemaps.section_number("papers", papers[-1].pk) + 1
    assert client.get(f"/sitemap-papers-{beyond}.xml").status_code == 404
    assert client.get("/sitemap-papers-0.xml").status_code == 404
    assert client.get("/sitemap-people-1.xml").status_code == 404


def test_editing_a_paper_renews_its_section_only(client, site):
    _, papers = site
    paths = {section_path("papers", paper.pk) for paper in papers}
    edited = papers[-1]
    for path in paths:
        client.get(path)
    edited.title = "A Renamed Paper"
    edited.save()
    for path in paths:
        expected = 1 if path == section_path("papers", edited.pk) else 0
        assert queries(client, path) == expected, path
    assert f"http://testserver{edited.get_absolute_url()}" in sitemap_urls(client)


def test_hiding_a_paper_or_unpublishing_its_profile_takes_it_out(client, site):
    owners, papers = site
    hidden = papers[0]
    url = f"http://testserver{hidden.get_absolute_url()}"
    assert url in locations(client, section_path("papers", hidden.pk))
    ProfilePublication.objects.filter(publication=hidden).update(hidden=True)
    listing = ProfilePublication.objects.get(publication=hidden)
    listing.save()  # through the model, as the admin does: its signal renews the section
    assert url not in locations(client, section_path("papers", hidden.pk))

    other = papers[1]
    other_url = f"http://testserver{other.get_absolute_url()}"
    assert other_url in locations(client, section_path("papers", other.pk))
    owner = owners[1]
    owner.is_published = False
    owner.save()
    assert other_url not in locations(client, section_path("papers", other.pk))
    assert f"http://testserver/{owner.slug}/" not in locations(
        client, section_path("profiles", owner.pk)
    )


def test_a_new_paper_in_a_new_range_enters_the_index(client, site):
    owners, papers = site
    before = locations(client, "/sitemap.xml")
    added = [make_publication(authors=[owners[0]], title=f"New {n}") for n in range(3)]
    after = locations(client, "/sitemap.xml")
    assert len(after) == len(before) + (
        sitemaps.section_number("papers", added[-1].pk)
        - sitemaps.section_number("papers", papers[-1].pk)
    )
    assert after[-1].endswith(section_path("papers", added[-1].pk))
