"""Benchmark: every public page type on a 10,000-profile site against a one-profile site.

Builds two PostgreSQL databases with ``bench/large_site.py`` (COPY): the large site
(default 10,000 profiles × 30 papers × 12 authors: 300,000 papers, 3.6 M author rows)
and a site of one profile of the same shape, then requests each page type of one profile
of each through Django's test client (test settings: page cache in memory), cold (the
page cache cleared before each request; median of --cold) and warm (from the cache;
median of --warm), and prints both with their ratio. Target (issue 15): large within
1.5× of small for every page. The sitemap sections hold as many URLs as the site has
(up to the protocol's 50,000), so for them the time per URL is compared.

Run (the databases are dropped and made again unless --reuse finds them built):

    .venv/bin/python bench/scale.py \\
        --large postgres://postgres@127.0.0.1:5432/scale_large \\
        --small postgres://postgres@127.0.0.1:5432/scale_small [--reuse] [--profiles 10000]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5


def pages(profiles, papers_per_profile):
    """(label, path, URLs in the page or None) for one profile of the site."""
    from profiles.models import Profile

    last_page = -(-Profile.objects.published().count() // 24)
    number = max(profiles // 2, 1)
    slug = f"researcher-{number}"
    paper = (number - 1) * papers_per_profile + 1
    from publications.models import Publication

    paper_path = Publication.objects.get(pk=paper).get_absolute_url()
    listed = min(profiles, 25_000) * 2 + 1
    papers = min(profiles * papers_per_profile, 50_000)
    return [
        ("directory", "/", None),
        ("directory search", f"/?q={slug}", None),
        ("directory, last page", f"/?page={last_page}", None),
        ("profile", f"/{slug}/", None),
        ("publication list", f"/{slug}/publications/", None),
        ("publication list, filtered", f"/{slug}/publications/?q=graph", None),
        ("paper", paper_path, None),
        ("BibTeX", f"/{slug}/publications.bib", None),
        ("CSL-JSON", f"/{slug}/publications.json", None),
        ("news feed", f"/{slug}/feed.atom", None),
        ("theme", f"/{slug}/theme.css", None),
        ("sitemap index", "/sitemap.xml", None),
        ("sitemap, profiles 1", "/sitemap-profiles-1.xml", listed),
        ("sitemap, papers 1", "/sitemap-papers-1.xml", papers),
    ]


def _median_ms(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(options):
    """In this process: build (unless reused) and time the pages of DATABASE_URL's site."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.large_site import seed
    from profiles.models import Profile

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    built = None
    if not (options.reuse and _built(options)):
        _recreate(os.environ["DATABASE_URL"])
        connection.close()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        seed(
            profiles=options.profiles,
            papers_per_profile=options.papers,
            authors_per_paper=options.authors,
            progress=lambda line: print(line, file=sys.stderr),
        )
        built = time.perf_counter() - started
    assert Profile.objects.count() == options.profiles

    client = Client()

    def clear():
        for cache in caches.all():
            cache.clear()

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    rows = []
    for label, path, urls in pages(options.profiles, options.papers):
        get(path)  # the process's own memos (templates, Markdown) are warm in both

        def cold(path=path):
            clear()
            get(path)

        cold_ms = _median_ms(cold, options.cold)
        warm_ms = _median_ms(lambda path=path: get(path), options.warm)
        clear()
        with CaptureQueriesContext(connection) as queries:
            size = len(get(path).content)
        rows.append(
            {
                "label": label,
                "path": path,
                "cold": cold_ms,
                "warm": warm_ms,
                "queries": len(queries),
                "bytes": size,
                "urls": urls,
            }
        )
    return {"built": built, "rows": rows}


def _built(options):
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM profiles_profile")
            return cursor.fetchone()[0] == options.profiles
    except Exception:
        return False


def _recreate(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run(url, profiles, options):
    """Measure one site in a process of its own (Django's settings are per process)."""
    command = [
        sys.executable, __file__, "--measure", "--profiles", str(profiles),
        "--papers", str(options.papers), "--authors", str(options.authors),
        "--cold", str(options.cold), "--warm", str(options.warm),
    ]  # fmt: skip
    if options.reuse:
        command.append("--reuse")
    environment = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    sys.stderr.write(result.stderr)
    result.check_returncode()
    return json.loads(result.stdout)


def _median_rows(results):
    """The first result, its times replaced by the medians over all results."""
    merged = results[0]
    for index, row in enumerate(merged["rows"]):
        for measure_ in ("cold", "warm"):
            row[measure_] = statistics.median(result["rows"][index][measure_] for result in results)
    return merged


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", default="postgres://postgres@127.0.0.1:5432/scale_large")
    parser.add_argument("--small", default="postgres://postgres@127.0.0.1:5432/scale_small")
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument(
        "--small-profiles",
        type=int,
        default=1,
        help="profiles of the small site (25: the directory's first page as full as the large's)",
    )
    parser.add_argument("--papers", type=int, default=30, help="papers per profile")
    parser.add_argument("--authors", type=int, default=12, help="authors per paper")
    parser.add_argument("--rounds", type=int, default=3, help="of both sites, alternately")
    parser.add_argument("--cold", type=int, default=7)
    parser.add_argument("--warm", type=int, default=100)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database already built with as many profiles"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.measure:
        print(json.dumps(measure(options)))
        return

    # The two sites alternately, --rounds times: a machine shared with other work slows
    # one run or another, and the medians of the rounds see through most of it.
    rounds = []
    for _ in range(options.rounds):
        rounds.append(
            (
                run(options.small, options.small_profiles, options),
                run(options.large, options.profiles, options),
            )
        )
        options.reuse = True  # built in the first round at the latest
    small, large = (_median_rows([round_[side] for round_ in rounds]) for side in (0, 1))
    if rounds[0][1]["built"] is not None:
        print(f"large site built in {rounds[0][1]['built']:.0f} s")
    print(
        f"| page | cold ms, {options.small_profiles:,} | cold ms, {options.profiles:,} | ratio "
        "| warm ms, 1 / large | queries | bytes, 1 / large |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    missed = []
    for one, many in zip(small["rows"], large["rows"], strict=True):
        ratio = many["cold"] / one["cold"]
        note = ""
        if many["urls"]:
            one_urls = one["urls"] or 1
            per_url = (many["cold"] / many["urls"]) / (one["cold"] / one_urls)
            note = f" ({many['urls']:,} URLs: {1000 * many['cold'] / many['urls']:.1f} µs/URL)"
            ratio = per_url
        if ratio > TARGET:
            missed.append(one["label"])
        print(
            f"| {one['label']} | {one['cold']:.1f} | {many['cold']:.1f}{note} | {ratio:.2f}× "
            f"| {one['warm']:.2f} / {many['warm']:.2f} | {one['queries']} / {many['queries']} "
            f"| {one['bytes']:,} / {many['bytes']:,} |"
        )
    print("target met for every page" if not missed else f"over {TARGET}×: {', '.join(missed)}")


if __name__ == "__main__":
    main()
