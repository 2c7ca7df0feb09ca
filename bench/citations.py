"""Benchmark of a citation refresh: 1,000 papers, the three sources, recorded answers.

    .venv/bin/python bench/citations.py [--papers 1000]

Builds, in a throw-away SQLite database, one profile that shows citations with
``--papers`` papers (nine in ten with a DOI, one in ten with an arXiv id only), and
answers every request of OpenAlex, Semantic Scholar and Crossref from the recorded
answers of the tests (publications/tests/recorded; each requested id gets a recorded
row in turn). No network. Reports, for a first refresh (every row new) and a second
(every row updated): seconds, SQL queries, HTTP requests per source. Each refresh runs
twice: with this site's per-source rate limits (what a refresh takes, less the network)
and with them lifted (the refresh's own cost).
"""

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="citations-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

import responses  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from profiles.models import Profile  # noqa: E402
from publications.citations import services  # noqa: E402
from publications.citations.models import CitationCount  # noqa: E402
from publications.models import ProfilePublication, Publication  # noqa: E402
from publications.tests.recorded import RecordedSources  # noqa: E402


def build(count):
    profile = Profile.objects.create(slug="bench", name="Bench Mark", show_citations=True)
    papers = Publication.objects.bulk_create(
        Publication(
            title=f"Paper {index}",
            year=2000 + index % 25,
            doi="" if index % 10 == 9 else f"10.5555/bench.{index}",
            arxiv=f"2401.{index:05d}" if index % 10 == 9 else "",
        )
        for index in range(count)
    )
    ProfilePublication.objects.bulk_create(
        ProfilePublication(profile=profile, publication=paper, status="accepted")
        for paper in papers
    )
    return profile


def lifted(service):
    return dataclasses.replace(service, per_second=10_000)


def refresh(profile, label, *, limits):
    original = dict(services.SOURCES)
    if not limits:
        services.SOURCES.update(
            {name: (lifted(service), counts) for name, (service, counts) in original.items()}
        )
    try:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            sources = RecordedSources(mock, reuse=True)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                report = services.refresh_citations(Publication.objects.listed_on(profile))
                seconds = time.perf_counter() - started
    finally:
        services.SOURCES.update(original)
    requests = ", ".join(f"{name} {number}" for name, number in sorted(sources.calls.items()))
    print(f"{label:<34} {seconds:6.2f} s {len(queries):4d} queries   requests: {requests}")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    profile = build(args.papers)
    print(f"{args.papers} papers, database in {WORK}")
    report = refresh(profile, "first refresh, rate limits", limits=True)
    print(f"  {report.summary()}")
    refresh(profile, "second refresh, rate limits", limits=True)
    CitationCount.objects.all().delete()
    refresh(profile, "first refresh, limits lifted", limits=False)
    refresh(profile, "second refresh, limits lifted", limits=False)
    print(f"{CitationCount.objects.count()} counts stored")


if __name__ == "__main__":
    main()
