"""The registry in the admin: who may add aliases, edit venues, see unmapped texts."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from publications.models import Publication
from publications.tests.factories import make_publication
from publications.tests.test_admin import change_url, submit
from publications.venues.data import load_registry
from publications.venues.models import Venue, VenueAlias
from publications.venues.services import map_unmapped

pytestmark = pytest.mark.django_db

ALIAS_ADD = reverse("admin:publications_venuealias_add")
ALIASES = reverse("admin:publications_venuealias_changelist")
UNMAPPED = reverse("admin:publications_unmappedvenuetext_changelist")


@pytest.fixture
def cast():
    load_registry()
    cast = make_cast()
    for paper, venue in (
        (cast.alice_only, "Imaginary Conf."),
        (cast.charlie_only, "Imaginary Conf."),
    ):
        paper.venue = venue
        paper.save()
    map_unmapped()  # what load_venues does: the factories' other papers are at CVPR
    return cast


def unmapped_rows(client):
    response = client.get(UNMAPPED)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")[:3]]
        for row in soup.select("#unmapped-venues tbody tr")
    ]


def test_a_researcher_sees_the_unmapped_texts_of_their_own_papers_only(client, cast):
    client.force_login(cast.alice)
    assert unmapped_rows(client) == [["Imaginary Conf.", "", "1"]]
    client.force_login(cast.dana)  # an editor: every paper
    assert unmapped_rows(client) == [["Imaginary Conf.", "", "2"]]


def test_a_researcher_maps_a_text_with_an_alias_which_links_their_papers_only(client, cast):
    client.force_login(cast.alice)
    soup = BeautifulSoup(client.get(UNMAPPED).content, "html.parser")
    form_url = soup.select_one("a.map-venue")["href"]
    form = BeautifulSoup(client.get(form_url).content, "html.parser")
    assert form.select_one("input[name=text]")["value"] == "Imaginary Conf."
    aaai = Venue.objects.get(short_name="AAAI")
    response = client.post(form_url, {"text": "Imaginary Conf.", "venue": aaai.pk})
    assert response.status_code == 302, error_texts(response)
    alias = VenueAlias.objects.get(text="Imaginary Conf.")
    assert (alias.venue, alias.added_by) == (aaai, cast.alice)
    cast.alice_only.refresh_from_db()
    cast.charlie_only.refresh_from_db()
    assert cast.alice_only.registered_venue == aaai
    assert cast.charlie_only.registered_venue is None  # not alice's to change
    assert unmapped_rows(client) == []


def test_an_alias_that_already_means_a_venue_is_refused_with_its_name(client, cast):
    client.force_login(cast.alice)
    icml = Venue.objects.get(short_name="ICML")
    response = client.post(ALIAS_ADD, {"text": "Proc. NIPS", "venue": icml.pk})
    assert response.status_code == 200
    assert "“Proc. NIPS” already means NeurIPS (alias “NIPS”)." in error_texts(response)


def test_a_researcher_changes_no_venue_and_no_one_elses_alias(client, cast):
    cvpr = Venue.objects.get(short_name="CVPR")
    theirs = VenueAlias.objects.create(venue=cvpr, text="Vision Conf", added_by=cast.charlie)
    client.force_login(cast.alice)
    venue_change = reverse("admin:publications_venue_change", args=[cvpr.pk])
    assert client.get(venue_change).status_code == 200  # looked up, read only
    response = client.post(venue_change, {"short_name": "Hacked", "kind": "conference"})
    assert response.status_code == 403
    assert client.get(reverse("admin:publications_venue_add")).status_code == 403
    shipped = VenueAlias.objects.filter(venue=cvpr, added_by=None).first()
    for alias in (theirs, shipped):
        change = reverse("admin:publications_venuealias_change", args=[alias.pk])
        assert client.get(change).status_code == 302  # not found for them: to the index
    assert "Vision Conf" not in client.get(ALIASES).content.decode()
    cvpr.refresh_from_db()
    assert cvpr.short_name == "CVPR"


def test_an_editor_edits_ranks(client, cast):
    client.force_login(cast.dana)
    tmlr = Venue.objects.get(short_name="TMLR")
    url = reverse("admin:publications_venue_change", args=[tmlr.pk])
    data = form_fields(client.get(url))
    data.update({"ranks-0-system": "ccf", "ranks-0-edition": "2022", "ranks-0-rank": "B"})
    response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    assert [rank.badge for rank in tmlr.ranks.all()] == ["CCF-B"]


def test_a_paper_saved_in_the_admin_finds_its_venue(client, cast):
    client.force_login(cast.alice)
    paper = make_publication(title="Typed venue", authors=[cast.profile_a], year=2020)
    Publication.objects.filter(pk=paper.pk).update(venue="NIPS")
    data = form_fields(client.get(change_url(paper)))
    data["venue"] = "NeurIPS"
    submit(client, paper, data)
    paper.refresh_from_db()
    assert paper.registered_venue.short_name == "NeurIPS"
