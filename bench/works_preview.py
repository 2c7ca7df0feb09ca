"""Benchmark of the import by identifier: 100 identifiers previewed.

    .venv/bin/python bench/works_preview.py            # recorded answers, no network
    .venv/bin/python bench/works_preview.py --live     # the real services (smoke test)

Builds, in a throw-away SQLite database, one profile with 200 papers, then previews the
import of 100 identifiers: 75 DOIs, 24 arXiv ids and one ORCID iD (31 works), answered
from the tests' recorded answers (publications/tests/recorded; an identifier the
recordings do not know gets a recorded record in turn, under its own identifier). The
preview runs twice: with the sources' rate limits (Crossref 5, ORCID 12 requests/s,
arXiv one per 3 s) and with them lifted; the difference is the time spent waiting for
the limits. Reports seconds (fetch, plan), the peak of Python memory allocated
(tracemalloc), SQL queries, HTTP requests per source.

``--live`` asks the real Crossref, arXiv and ORCID about a handful of well-known
identifiers and prints the preview (a smoke test of the clients against today's APIs;
set CONTACT_EMAIL first, as the services ask).
"""

import argparse
import dataclasses
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="works-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

import responses  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from profiles.models import Profile  # noqa: E402
from publications.models import ProfilePublication, Publication  # noqa: E402
from publications.sources import arxiv, crossref, orcid  # noqa: E402
from publications.tests.works_recorded import ORCID_ID, RecordedWorks  # noqa: E402
from publications.works.fetch import fetch  # noqa: E402
from publications.works.identifiers import read_identifiers  # noqa: E402
from publications.works.importer import preview_works  # noqa: E402

LIVE = (
    "10.1038/nature14539 10.18653/v1/N19-1423 arXiv:1706.03762 hep-th/9711200 0000-0002-1825-0097"
)
SOURCES = ((crossref, "CROSSREF"), (arxiv, "ARXIV"), (orcid, "ORCID"))


def build():
    profile = Profile.objects.create(slug="bench", name="Bench Mark")
    papers = Publication.objects.bulk_create(
        Publication(
            title=f"Paper {index}",
            title_key=f"paper {index}",
            year=2000 + index % 25,
            doi=f"10.5555/site.{index}",
        )
        for index in range(200)
    )
    ProfilePublication.objects.bulk_create(
        ProfilePublication(profile=profile, publication=paper, status="accepted")
        for paper in papers
    )
    return profile


def identifiers():
    recorded_dois = [
        item["DOI"] for item in RecordedWorks(responses.RequestsMock()).crossref.values()
    ]
    dois = recorded_dois + [f"10.5555/bench.{index}" for index in range(75 - len(recorded_dois))]
    arxiv_ids = ["1404.1899", "cond-mat/0102536", "hep-ex/0307015", "1210.7708"]
    arxiv_ids += [f"2401.{index:05d}" for index in range(24 - len(arxiv_ids))]
    return " ".join([*dois, *arxiv_ids, ORCID_ID])


def preview(profile, text, *, limits):
    originals = {(module, name): getattr(module, name) for module, name in SOURCES}
    if not limits:
        for (module, name), service in originals.items():
            setattr(module, name, dataclasses.replace(service, per_second=10_000))
    try:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            sources = RecordedWorks(mock, reuse=True)
            tracemalloc.start()
            started = time.perf_counter()
            items, _ = read_identifiers(text)
            fetched = fetch(items)
            fetched_at = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                plan = preview_works(profile, fetched)
            planned_at = time.perf_counter()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    finally:
        for (module, name), service in originals.items():
            setattr(module, name, service)
    return {
        "fetch": fetched_at - started,
        "plan": planned_at - fetched_at,
        "total": planned_at - started,
        "peak_mb": peak / 1024 / 1024,
        "queries": len(queries),
        "requests": dict(sources.calls),
        "identifiers": len(items),
        "works": len(fetched.records),
        "summary": plan.summary(),
        "report": fetched.report(),
    }


def live():
    profile = Profile.objects.create(slug="live", name="Live Smoke")
    items, errors = read_identifiers(LIVE)
    fetched = fetch(items)
    plan = preview_works(profile, fetched)
    for row in plan.rows:
        print(f"{row.key}: {row.status} — {row.title[:70]} — {row.reason}")
    print(fetched.report(), *errors, sep="\n")
    print(plan.summary())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--live", action="store_true", help="ask the real services")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.live:
        live()
        return
    profile = build()
    text = identifiers()
    preview(profile, text, limits=False)  # warm-up: imports, regexes, first queries
    limited = preview(profile, text, limits=True)
    own = preview(profile, text, limits=False)
    print(f"{own['identifiers']} identifiers, {own['works']} works; {own['report']}")
    print(own["summary"])
    print("| run | fetch s | plan s | total s | peak MB | queries | requests |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, run in (("rate limits", limited), ("limits lifted", own)):
        requests = ", ".join(f"{name} {count}" for name, count in sorted(run["requests"].items()))
        print(
            f"| {label} | {run['fetch']:.2f} | {run['plan']:.2f} | {run['total']:.2f} "
            f"| {run['peak_mb']:.1f} | {run['queries']} | {requests} |"
        )
    print(f"rate-limit waits: {limited['total'] - own['total']:.2f} s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (Django, the test settings, both runs): {rss:.0f} MB")


if __name__ == "__main__":
    main()
