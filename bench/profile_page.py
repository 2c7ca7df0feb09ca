"""Benchmark: render time, queries and size of a large profile page.

Builds, in a throw-away test database (in-memory SQLite, or ``test_<name>`` on the server
of DATABASE_URL), a profile with 300 publications of 12 authors each and 100 news items,
then requests its pages through Django's test client:

- cold: the page cache is cleared before each request (median of --cold runs),
- warm: the page is served from the cache (median of --warm runs),
- the number of SQL queries of a cold request, and the size of the HTML.

Run: .venv/bin/python bench/profile_page.py [--publications 300 --authors 12 --news 100]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"cold": 50.0, "warm": 2.0}  # ms, from issue 3
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
CACHE_SETUPS = {
    "memory": lambda folder: (
        {"default": {"BACKEND": LOCMEM}, "v": {"BACKEND": LOCMEM, "LOCATION": "v"}},
        "v",
    ),
    "embedded": lambda folder: (
        {
            "default": {"BACKEND": LOCMEM},
            "v": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": folder,
            },
        },
        "v",
    ),
    "redis": lambda folder: (
        {
            "default": {
                "BACKEND": "profiles.redis_cache.RedisCache",
                "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4"),
                "KEY_PREFIX": f"bench-{os.getpid()}",
            }
        },
        "default",
    ),
}


def build(publications, authors_per_paper, news):
    from profiles.models import Award, NewsItem, Position, Profile, Service
    from publications.models import Author, Authorship, ProfilePublication, Publication, Tag
    from publications.normalize import normalize_title

    rng = random.Random(3)
    profile = Profile.objects.create(
        slug="bench",
        name="Bench Researcher",
        headline="Research Fellow",
        affiliation="Example University",
        bio="I study **large pages**.",
        interests=["computer vision", "benchmarks"],
        author_limit=8,
        news_limit=10,
    )
    owner = Author.objects.create(name=profile.name, profile=profile)
    pool = Author.objects.bulk_create(Author(name=f"Coauthor {n}") for n in range(600))
    tags = Tag.objects.bulk_create(Tag(name=f"topic {n}", slug=f"topic-{n}") for n in range(8))
    papers = Publication.objects.bulk_create(
        Publication(
            title=(title := f"Benchmarking Large Pages, Part {n}: A Study of Rendering"),
            title_key=normalize_title(title),
            venue=rng.choice(["CVPR", "ICCV", "NeurIPS", "ICLR", "TPAMI"]),
            venue_full="Conference on Computer Vision and Pattern Recognition",
            year=2010 + n % 16,
            badges=["Oral"] if n % 10 == 0 else [],
            # Distinct texts: the Markdown renderer's memo must not serve one for all.
            abstract=f"We measure how fast page {n} renders with *many* papers. " * 4,
            tldr=f"Fast pages, take {n}.",
            doi=f"10.1234/bench.{n}",
        )
        for n in range(publications)
    )
    authorships = []
    for paper in papers:
        coauthors = rng.sample(pool, authors_per_paper - 1)
        coauthors.insert(rng.randrange(authors_per_paper), owner)
        authorships += [
            Authorship(
                publication=paper,
                author=author,
                position=position,
                equal_contribution=position < 2,
                corresponding=position == authors_per_paper - 1,
            )
            for position, author in enumerate(coauthors)
        ]
    Authorship.objects.bulk_create(authorships)
    ProfilePublication.objects.bulk_create(
        ProfilePublication(profile=profile, publication=paper, selected=n < 10, status="accepted")
        for n, paper in enumerate(papers)
    )
    Publication.tags.through.objects.bulk_create(
        Publication.tags.through(publication=paper, tag=tags[n % len(tags)])
        for n, paper in enumerate(papers)
    )
    NewsItem.objects.bulk_create(
        NewsItem(
            profile=profile,
            date=f"{2025 - n // 12}-{12 - n % 12:02d}",
            text=f"News number {n}: a paper is accepted to **CVPR**.",
        )
        for n in range(news)
    )
    Position.objects.create(
        profile=profile, kind="education", organization="Example University", start="2015-09"
    )
    Award.objects.create(profile=profile, title="Best Paper", years=[2020, 2021, 2022])
    Service.objects.create(profile=profile, venue="CVPR", years=[2023, 2024, 2025, 2026])
    return profile


def measure(client, path, *, cold_runs, warm_runs):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def timed():
        start = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        return elapsed, response

    cold = []
    for _ in range(cold_runs):
        cache.clear()
        cold.append(timed()[0])
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        _, response = timed()
    # Counted now: the next request's request_started signal empties the query log.
    query_count = len(queries)
    warm = [timed()[0] for _ in range(warm_runs)]
    return {
        "path": path,
        "cold": statistics.median(cold),
        "warm": statistics.median(warm),
        "queries": query_count,
        "bytes": len(response.content),
    }


def profile_cold_render(client, path, top):
    import cProfile
    import pstats

    from django.core.cache import cache

    cache.clear()
    profiler = cProfile.Profile()
    profiler.runcall(client.get, path)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publications", type=int, default=300)
    parser.add_argument("--authors", type=int, default=12, help="authors per publication")
    parser.add_argument("--news", type=int, default=100)
    parser.add_argument("--cold", type=int, default=15, help="cold requests (median)")
    parser.add_argument("--warm", type=int, default=300, help="warm requests (median)")
    parser.add_argument(
        "--profile", type=int, metavar="N", help="also print the N costliest calls of a cold render"
    )
    parser.add_argument(
        "--cache",
        choices=sorted(CACHE_SETUPS),
        default="memory",
        help="memory: both caches in process memory (the tests' setup); embedded: the default "
        "without REDIS_URL (pages in memory, versions in files); redis: REDIS_URL (or "
        "redis://127.0.0.1:6379/4) for both",
    )
    options = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import tempfile

    import django

    media = tempfile.TemporaryDirectory(prefix="bench-media-")
    os.environ["MEDIA_ROOT"] = media.name
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.MEDIA_ROOT = media.name
    settings.CACHES, settings.PAGE_VERSIONS_CACHE = CACHE_SETUPS[options.cache](
        os.path.join(media.name, "cache")
    )
    # As with REDIS_URL: pages served lately also kept in memory (profiles.cache).
    settings.PAGE_MEMORY_BYTES = 64 * 1024 * 1024 if options.cache == "redis" else 0
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        profile = build(options.publications, options.authors, options.news)
        built = time.perf_counter() - started
        client = Client()
        rows = [
            measure(client, path, cold_runs=options.cold, warm_runs=options.warm)
            for path in (f"/{profile.slug}/", f"/{profile.slug}/publications/")
        ]
        if options.profile:
            profile_cold_render(client, f"/{profile.slug}/", options.profile)
    finally:
        teardown_databases(databases, verbosity=0)
        media.cleanup()

    cache = f"{options.cache} cache"
    print(
        f"{options.publications} publications x {options.authors} authors, "
        f"{options.news} news items; {connection.vendor}, {cache}; built in {built:.1f} s"
    )
    print(f"{'page':<26}{'cold ms':>9}{'warm ms':>9}{'queries':>9}{'HTML bytes':>12}")
    for row in rows:
        print(
            f"{row['path']:<26}{row['cold']:>9.1f}{row['warm']:>9.2f}"
            f"{row['queries']:>9}{row['bytes']:>12,}"
        )
    profile_row = rows[0]
    verdict = ", ".join(
        f"{kind} {'meets' if profile_row[kind] < limit else 'MISSES'} < {limit:g} ms"
        for kind, limit in TARGETS.items()
    )
    print(
        f"profile page targets: {verdict} (cold median of {options.cold}, warm of {options.warm})"
    )


if __name__ == "__main__":
    main()
