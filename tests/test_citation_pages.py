"""Pages with citation counts and job pages: valid HTML, and the static export shows exactly
what the live page shows."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from profiles.export.html import export_profile_html
from profiles.jobs.models import Job
from profiles.tests.factories import UserFactory
from publications.citations.services import refresh_citations
from publications.models import Publication
from publications.sources import http as source_http
from publications.tests.citation_support import cited_profile
from publications.tests.recorded import OPENALEX_URL, RecordedSources
from tests.harness import format_html_errors, validate_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited(http_mock, monkeypatch):
    """A profile whose counts were read ten days ago, and whose OpenAlex refresh just failed."""
    monkeypatch.setattr(source_http, "sleep", lambda seconds: None)
    RecordedSources(http_mock)
    profile, papers = cited_profile()
    listed = Publication.objects.listed_on(profile)
    refresh_citations(listed, now=timezone.now() - timedelta(days=10))
    http_mock.replace("GET", OPENALEX_URL, status=503)
    refresh_citations(listed)
    return profile, papers


def test_pages_with_citations_and_job_pages_are_valid_html(client, cited, tmp_path):
    profile, papers = cited
    pages = {
        path: client.get(path).content
        for path in (
            profile.get_absolute_url(),
            f"/{profile.slug}/publications/",
            papers["peerj"].get_absolute_url(),
        )
    }
    owner = UserFactory(username="owner")
    profile.user = owner
    profile.save()
    job = Job.objects.create(
        kind=Job.Kind.SITE_EXPORT, profile=profile, status=Job.Status.RUNNING, done=3, total=9
    )
    client.force_login(owner)
    pages["job page"] = client.get(job.get_absolute_url()).content
    errors = validate_pages(pages, tmp_path)
    assert not any(errors.values()), format_html_errors(errors)
    assert b"kept when the refresh of" in pages[papers["peerj"].get_absolute_url()]


def test_the_static_export_shows_the_counts_exactly_as_the_live_page(client, cited, tmp_path):
    profile, papers = cited
    live = BeautifulSoup(client.get(profile.get_absolute_url()).content, "html.parser")
    paper_live = BeautifulSoup(
        client.get(papers["peerj"].get_absolute_url()).content, "html.parser"
    )

    export_profile_html(profile=profile, out=tmp_path / "site")

    exported = BeautifulSoup((tmp_path / "site" / "index.html").read_bytes(), "html.parser")
    assert str(exported.select_one(".citation-summary")) == str(
        live.select_one(".citation-summary")
    )
    assert [str(tag) for tag in exported.select(".pub-citations")] == [
        str(tag) for tag in live.select(".pub-citations")
    ]
    paper_files = list((tmp_path / "site").rglob("*.html"))
    paper_pages = [
        BeautifulSoup(path.read_bytes(), "html.parser")
        for path in paper_files
        if b"paper-citations" in path.read_bytes() and b"Paper peerj" in path.read_bytes()
    ]
    assert len(paper_pages) == 1
    assert str(paper_pages[0].select_one(".paper-citations")) == str(
        paper_live.select_one(".paper-citations")
    )
