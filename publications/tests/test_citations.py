"""Citation counts: refreshed from the recorded sources, stored with history, shown."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from publications.citations.models import CitationCount, CitationHistory, CitationSource
from publications.citations.schedule import papers_due
from publications.citations.selectors import h_index
from publications.citations.services import refresh_citations
from publications.models import Publication
from publications.sources import http as source_http

from .citation_support import cited_profile
from .recorded import SEMANTIC_SCHOLAR_URL, RecordedSources, recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(http_mock):
    return RecordedSources(http_mock)


@pytest.fixture
def no_waits(monkeypatch):
    monkeypatch.setattr(source_http, "sleep", lambda seconds: None)


def count(paper, source):
    return CitationCount.objects.get(publication=paper, source=source)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_refresh_stores_each_sources_count_with_its_date(sources):
    profile, papers = cited_profile()
    now = timezone.now()

    report = refresh_citations(Publication.objects.listed_on(profile), now=now)

    peerj = count(papers["peerj"], CitationSource.OPENALEX)
    assert (peerj.count, peerj.read_at, peerj.error) == (394, now, "")
    assert peerj.by_year == {
        "2017": 6,
        "2018": 47,
        "2019": 97,
        "2020": 126,
        "2021": 108,
        "2022": 13,
    }
    assert count(papers["diff-in-diff"], CitationSource.SEMANTIC_SCHOLAR).count == 10670
    assert count(papers["arxiv-only"], CitationSource.SEMANTIC_SCHOLAR).count == 0
    assert count(papers["deep-learning"], CitationSource.CROSSREF).count == 75795
    assert sources.calls == {"openalex": 1, "semantic_scholar": 1, "crossref": 1}
    assert report.read == {"openalex": 2, "semantic_scholar": 4, "crossref": 2}
    assert report.summary().startswith("Refreshed citation counts of 9 papers (OpenAlex 2,")


def test_an_unknown_id_is_recorded_as_not_found_without_a_count(sources):
    profile, papers = cited_profile(names=["unknown"])
    refresh_citations(Publication.objects.listed_on(profile))
    rows = CitationCount.objects.filter(publication=papers["unknown"])
    assert {(row.source, row.count, row.error) for row in rows} == {
        ("openalex", None, "Not found at OpenAlex."),
        ("semantic_scholar", None, "Not found at Semantic Scholar."),
        ("crossref", None, "Not found at Crossref."),
    }


def test_a_paper_without_doi_or_arxiv_id_is_not_asked_for(sources):
    profile, _ = cited_profile(names=[])
    from .factories import make_publication

    make_publication(authors=[profile], title="No identifier")
    report = refresh_citations(Publication.objects.listed_on(profile))
    assert report.summary() == "No paper with a DOI or arXiv id to refresh."
    assert not sources.calls


def test_history_keeps_one_point_per_day_and_source(sources):
    profile, papers = cited_profile(names=["peerj"])
    # Nine in the morning, so that two hours later is still the same day.
    monday = (timezone.now() - timedelta(days=7)).replace(hour=9, minute=0)
    refresh_citations(Publication.objects.listed_on(profile), now=monday)
    refresh_citations(Publication.objects.listed_on(profile), now=monday + timedelta(hours=2))
    refresh_citations(Publication.objects.listed_on(profile))
    points = CitationHistory.objects.filter(publication=papers["peerj"], source="openalex")
    assert [(point.date, point.count) for point in points] == [
        (monday.date(), 394),
        (timezone.now().date(), 394),
    ]


def test_a_failed_source_keeps_its_last_count_and_says_why(http_mock, no_waits):
    sources = RecordedSources(http_mock)
    profile, papers = cited_profile(names=["diff-in-diff", "peerj"])
    last_week = timezone.now() - timedelta(days=7)
    refresh_citations(Publication.objects.listed_on(profile), now=last_week)
    # Semantic Scholar's public pool is busy now: HTTP 429 on every try.
    http_mock.replace(
        "POST", SEMANTIC_SCHOLAR_URL, status=429, json=recorded("semantic_scholar_429.json")
    )

    report = refresh_citations(Publication.objects.listed_on(profile))

    kept = count(papers["diff-in-diff"], CitationSource.SEMANTIC_SCHOLAR)
    assert kept.count == 10670
    assert kept.read_at == last_week
    assert kept.error == "Semantic Scholar: rate limited (HTTP 429) after 4 tries."
    assert kept.is_stale and kept.age_at_check == 7
    assert count(papers["peerj"], CitationSource.OPENALEX).read_at > last_week
    assert report.failures == ["Semantic Scholar: rate limited (HTTP 429) after 4 tries."]
    assert "Kept the last counts where a source failed" in report.summary()
    assert sources.calls["openalex"] == 2


def test_refresh_queries_do_not_grow_with_the_number_of_papers(
    http_mock, django_assert_num_queries, settings
):
    RecordedSources(http_mock, reuse=True)
    settings.CITATION_SOURCES = ["openalex", "semantic_scholar", "crossref"]
    small, _ = cited_profile(names=["peerj"], slug="small")
    big, _ = cited_profile(names=["alphago"], slug="big")
    from .factories import make_publication

    for index in range(40):
        make_publication(authors=[big], title=f"Big {index}", doi=f"10.5555/big.{index}")
    # The papers; the counts read and their history (one upsert each; counts not found
    # would be one more); the profiles whose cached pages change.
    with django_assert_num_queries(4):
        refresh_citations(Publication.objects.listed_on(small))
    with django_assert_num_queries(4):
        report = refresh_citations(Publication.objects.listed_on(big))
    assert report.papers == 41


@pytest.mark.parametrize(
    ("counts", "expected"), [([], 0), ([0, 0], 0), ([10, 8, 5, 4, 3], 4), ([25, 8, 5, 3, 3], 3)]
)
def test_h_index(counts, expected):
    assert h_index(counts) == expected


def test_profile_page_shows_counts_total_h_index_and_chart(client, sources):
    profile, papers = cited_profile()
    refresh_citations(Publication.objects.listed_on(profile))

    html = page(client, profile.get_absolute_url())

    article = html.find("article", id=f"pub-{papers['peerj'].pk}")
    assert article.select_one(".pub-citations").get_text(" ", strip=True) == (
        "Cited by 394 (OpenAlex)"
    )
    alphago = html.find("article", id=f"pub-{papers['alphago'].pk}")
    assert (
        alphago.select_one(".pub-citations").get_text(" ", strip=True)
        == "Cited by 11,495 (Crossref)"
    )
    assert (
        html.find("article", id=f"pub-{papers['unknown'].pk}").select_one(".pub-citations") is None
    )
    # 394 + 6 + 10670 + 2185 + 0 + 0 + 75795 + 11495; h-index: six papers with at least 6.
    summary = html.select_one("#publications .citation-summary")
    assert summary.select_one(".citation-total strong").text == "100,545"
    assert summary.select_one(".citation-h-index strong").text == "6"
    svg = summary.select_one("figure.citation-chart svg")
    assert svg["role"] == "img"
    assert svg.find("title").text == "Citations per year, counted by OpenAlex"
    bars = svg.select("rect.chart-bar")
    assert [bar.title.text for bar in bars] == [
        "2017: 8", "2018: 47", "2019: 97", "2020: 126", "2021: 109", "2022: 14", "2023: 1",
        "2024: 1",
    ]  # fmt: skip
    tallest = max(bars, key=lambda bar: float(bar["height"]))
    assert tallest.title.text == "2020: 126"
    assert not html.select("[style]"), "no inline style under the CSP"
    rows = [row.get_text("|", strip=True) for row in summary.select(".citation-table tbody tr")]
    assert rows[0] == "2017|8" and len(rows) == 8


def test_counts_stay_off_until_the_owner_turns_them_on(client, sources):
    profile, _ = cited_profile(show_citations=False)
    refresh_citations(Publication.objects.all())
    html = page(client, profile.get_absolute_url())
    assert not html.select(".pub-citations, .citation-summary")
    assert not page(client, f"/{profile.slug}/publications/").select(".pub-citations")


def test_publication_list_shows_each_papers_count(client, sources):
    profile, _ = cited_profile(names=["microfinance", "peerj"])
    refresh_citations(Publication.objects.listed_on(profile))
    html = page(client, f"/{profile.slug}/publications/")
    texts = sorted(tag.get_text(" ", strip=True) for tag in html.select(".pub-citations"))
    assert texts == ["Cited by 2,185 (Semantic Scholar)", "Cited by 394 (OpenAlex)"]


def test_paper_page_shows_every_source_and_when_it_was_read(client, http_mock, no_waits):
    RecordedSources(http_mock)
    profile, papers = cited_profile(names=["peerj"])
    read = timezone.now() - timedelta(days=10)
    refresh_citations(Publication.objects.listed_on(profile), now=read)
    http_mock.replace("GET", "https://api.openalex.org/works", status=503)
    refresh_citations(Publication.objects.listed_on(profile))

    html = page(client, papers["peerj"].get_absolute_url())

    items = html.select(".paper-citations .citation-source-count")
    assert [item["data-source"] for item in items] == ["openalex"]
    text = items[0].get_text(" ", strip=True)
    assert text.startswith(f"OpenAlex : 394 , read on {read:%-d %B %Y}")
    assert "failed, 10 days old then (OpenAlex: server error (HTTP 503) after 4 tries.)" in text


def test_paper_page_shows_no_counts_when_no_profile_listing_it_shows_them(client, sources):
    profile, papers = cited_profile(names=["peerj"], show_citations=False)
    refresh_citations(Publication.objects.listed_on(profile))
    assert not page(client, papers["peerj"].get_absolute_url()).select(".paper-citations")


def test_papers_due_are_those_shown_and_not_checked_within_the_interval(sources, settings):
    settings.CITATION_REFRESH_DAYS = 7
    _, papers = cited_profile(names=["peerj", "alphago"])
    cited_profile(names=["audits"], show_citations=False, slug="quiet")
    refresh_citations(Publication.objects.filter(pk=papers["peerj"].pk))
    assert set(papers_due()) == {papers["alphago"]}
    CitationCount.objects.update(checked_at=timezone.now() - timedelta(days=7))
    assert set(papers_due()) == {papers["alphago"], papers["peerj"]}


def test_command_refreshes_what_is_due_now(sources, capsys):
    _, papers = cited_profile(names=["peerj"])
    call_command("refresh_citations")
    assert count(papers["peerj"], CitationSource.OPENALEX).count == 394
    assert "Refreshed citation counts of 1 papers" in capsys.readouterr().out


def test_command_rejects_an_unknown_profile_in_one_line():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"^No profile with the slug 'nobody'\.$"):
        call_command("refresh_citations", "--profile", "nobody")


def test_an_unknown_source_name_is_a_configuration_error(sources, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.CITATION_SOURCES = ["openalex", "scholar"]
    profile, _ = cited_profile(names=["peerj"])
    with pytest.raises(ImproperlyConfigured, match="CITATION_SOURCES: unknown source 'scholar'"):
        refresh_citations(Publication.objects.listed_on(profile))


def test_turning_counts_on_in_the_admin_queues_a_refresh_of_the_profile(client, sources):
    from profiles.jobs.models import Job
    from profiles.tests.admin_forms import error_texts, form_fields
    from profiles.tests.factories import UserFactory
    from profiles.tests.job_helpers import run_jobs

    profile, _ = cited_profile(show_citations=False, names=["peerj", "alphago"])
    profile.user = UserFactory(username="ada", is_staff=True)
    profile.save()
    client.force_login(profile.user)
    url = f"/admin/profiles/profile/{profile.pk}/change/"
    data = form_fields(client.get(url))
    data["show_citations"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302, error_texts(response)
    job = Job.objects.get(kind=Job.Kind.CITATION_REFRESH, profile=profile)
    assert job.user == profile.user
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.message.startswith("Refreshed citation counts of 2 papers")
    client.logout()
    html = page(client, profile.get_absolute_url())
    assert html.select_one(".citation-total strong").text == "11,889"


def test_a_papers_admin_form_shows_its_counts_read_only(client, sources):
    from profiles.tests.factories import UserFactory

    profile, papers = cited_profile(names=["peerj"])
    refresh_citations(Publication.objects.listed_on(profile))
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    html = page(client, f"/admin/publications/publication/{papers['peerj'].pk}/change/")
    rows = html.select("#citation_counts-group tbody tr")
    cells = [row.select_one("td.field-count").get_text(strip=True) for row in rows]
    assert "394" in cells
    assert not html.select("#citation_counts-group input[name$='-count']")
