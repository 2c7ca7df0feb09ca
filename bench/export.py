"""Benchmark of the static HTML export.

    .venv/bin/python bench/export.py [--profiles 200] [--publications 300] [--authors 12]

Builds, in a throw-away SQLite database and media folder, one profile of 300
publications with 12 authors each and a teaser image each, and a site of 200 such
profiles. To keep the database build fast, the site's profiles share the same 300
papers (each profile page still lists and renders all 300; each paper page is
exported once per site). Reports milliseconds per profile, cold (empty page cache,
thumbnails already made) and warm (pages cached by the live site's page cache), and
the peak of Python memory (tracemalloc) of site exports of increasing size: flat
means the export streams.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="export-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

from profiles.export.html import export_profile_html  # noqa: E402
from profiles.export.site import export_site  # noqa: E402
from profiles.models import Profile  # noqa: E402
from publications.models import Author, Authorship, ProfilePublication, Publication  # noqa: E402
from publications.normalize import normalize_title  # noqa: E402


def build(*, profiles, publications, authors):
    call_command("migrate", verbosity=0)
    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]
    teasers = Path(settings.MEDIA_ROOT) / "teasers"
    teasers.mkdir(parents=True)
    for number in range(publications):
        Image.new("RGB", (800, 400), (number % 255, 90, 160)).save(teasers / f"t{number}.png")
    owners = Profile.objects.bulk_create(
        Profile(slug=f"researcher-{n:03d}", name=f"Researcher {n:03d}") for n in range(profiles)
    )
    people = Author.objects.bulk_create(
        [Author(name=owners[0].name, profile=owners[0])]
        + [Author(name=f"Co Author {n}") for n in range(authors - 1)]
    )
    papers = Publication.objects.bulk_create(
        Publication(
            title=f"Learning Things at Scale, Part {n}",
            title_key=normalize_title(f"Learning Things at Scale, Part {n}"),
            venue="CVPR",
            year=2000 + n % 25,
            abstract="We study *things* at scale. " * 10,
            teaser=f"teasers/t{n}.png",
        )
        for n in range(publications)
    )
    Authorship.objects.bulk_create(
        Authorship(publication=paper, author=person, position=position)
        for paper in papers
        for position, person in enumerate(people)
    )
    ProfilePublication.objects.bulk_create(
        ProfilePublication(profile=owner, publication=paper) for owner in owners for paper in papers
    )
    return owners[0]


def timed(function):
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def export_one(profile, run):
    export_profile_html(profile=profile, out=WORK / f"one-{run}")


def peak_memory(function):
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--publications", type=int, default=300)
    parser.add_argument("--authors", type=int, default=12)
    options = parser.parse_args()

    start = time.perf_counter()
    profile = build(
        profiles=options.profiles, publications=options.publications, authors=options.authors
    )
    print(
        f"database: {options.profiles} profiles × {options.publications} publications × "
        f"{options.authors} authors, built in {time.perf_counter() - start:.1f} s"
    )

    first = timed(lambda: export_one(profile, 0))  # also makes the thumbnails
    cold = []
    for run in range(1, 4):
        cache.clear()
        cold.append(timed(lambda run=run: export_one(profile, run)))
    warm = [timed(lambda run=run: export_one(profile, run)) for run in range(4, 7)]
    pages = len(list((WORK / "one-1").rglob("*.html")))
    print(f"one profile ({pages} pages): first {first:.0f} ms (makes thumbnails)")
    print(f"  cold page cache: {min(cold):.0f} ms   warm page cache: {min(warm):.0f} ms")

    cache.clear()
    site_ms = timed(lambda: export_site(out=WORK / "site.zip"))
    zip_mb = (WORK / "site.zip").stat().st_size / 1024 / 1024
    print(
        f"site of {options.profiles} profiles: {site_ms / 1000:.1f} s cold, "
        f"{site_ms / options.profiles:.0f} ms per profile, zip {zip_mb:.1f} MB"
    )

    # The same export over growing sites; tracemalloc slows it, so it is timed apart.
    for count in sorted({max(options.profiles // 8, 1), options.profiles // 2, options.profiles}):
        Profile.objects.filter(slug__gte=f"researcher-{count:03d}").update(is_published=False)
        cache.clear()
        peak = peak_memory(lambda count=count: export_site(out=WORK / f"memory-{count}.zip"))
        Profile.objects.update(is_published=True)
        print(f"  peak Python memory, site of {count:>3} profiles: {peak:.1f} MB")
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max resident set size of the whole run: {rss:.0f} MB")
    print(f"(work files in {WORK})")


if __name__ == "__main__":
    main()
