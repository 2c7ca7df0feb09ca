"""Benchmark of the static HTML export.

    .venv/bin/python bench/export.py [--profiles 200] [--publications 300]
                                     [--site-publications 30] [--authors 12]

Builds, in a throw-away SQLite database and media folder, one profile of 300
publications with 12 authors and a teaser image each, and a site of 200 profiles.
Scaling, to keep the run to a few minutes: the site's other 199 profiles each list
the first 30 of the same papers (rendering a 300-paper profile page through the live
views takes about a second, so 200 of them would take minutes on their own), and
each paper page is exported once per site.

Reports, for the one profile, milliseconds cold (empty page cache; thumbnails made
by an earlier run) and warm (pages in the live site's page cache), split into time
spent in the live views and time spent by the export itself (link rewriting, files,
zip); for the site, milliseconds per profile, and the peak of Python memory
(tracemalloc) of site exports of growing size: flat means the export streams.
"""

import argparse
import os
import resource
import shutil
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

from django.conf import settings  # noqa: E402

# The test settings' local-memory cache keeps 300 entries by default, fewer than the 305
# pages and version keys of one export: culling would turn the warm run into a cold one.
# Production uses Redis, which holds them all.
settings.CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 100_000}

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

from profiles.export.html import export_profile_html  # noqa: E402
from profiles.export.render import PageRenderer  # noqa: E402
from profiles.export.site import export_site  # noqa: E402
from profiles.models import Profile  # noqa: E402
from publications.models import Author, Authorship, ProfilePublication, Publication  # noqa: E402
from publications.normalize import normalize_title  # noqa: E402


def build(*, profiles, publications, site_publications, authors):
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
        ProfilePublication(profile=owner, publication=paper)
        for index, owner in enumerate(owners)
        for paper in (papers if index == 0 else papers[:site_publications])
    )
    return owners[0]


class ViewClock:
    """Time spent inside the live views, measured around PageRenderer.get."""

    def __init__(self):
        self.ms = 0.0
        self._get = PageRenderer.get
        clock = self

        def timed_get(renderer, path):
            start = time.perf_counter()
            try:
                return clock._get(renderer, path)
            finally:
                clock.ms += (time.perf_counter() - start) * 1000

        PageRenderer.get = timed_get

    def reset(self):
        spent, self.ms = self.ms, 0.0
        return spent


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
    parser.add_argument("--site-publications", type=int, default=30)
    parser.add_argument("--authors", type=int, default=12)
    options = parser.parse_args()

    start = time.perf_counter()
    profile = build(
        profiles=options.profiles,
        publications=options.publications,
        site_publications=options.site_publications,
        authors=options.authors,
    )
    print(
        f"database: {options.profiles} profiles, {options.publications} publications × "
        f"{options.authors} authors, built in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    clock = ViewClock()

    first = timed(lambda: export_one(profile, 0))  # also makes the thumbnails
    clock.reset()
    cache.clear()
    cold = timed(lambda: export_one(profile, 1))
    cold_views = clock.reset()
    warm = timed(lambda: export_one(profile, 2))
    warm_views = clock.reset()
    pages = len(list((WORK / "one-1").rglob("*.html")))
    print(f"one profile, {options.publications} publications, {pages} pages:")
    print(f"  first run (makes thumbnails): {first:.0f} ms")
    print(
        f"  cold page cache: {cold:.0f} ms = {cold_views:.0f} ms in the live views "
        f"+ {cold - cold_views:.0f} ms of export work"
    )
    print(
        f"  warm page cache: {warm:.0f} ms = {warm_views:.0f} ms in the live views "
        f"+ {warm - warm_views:.0f} ms of export work",
        flush=True,
    )

    cache.clear()
    site_ms = timed(lambda: export_site(out=WORK / "site.zip"))
    site_views = clock.reset()
    zip_mb = (WORK / "site.zip").stat().st_size / 1024 / 1024
    print(
        f"site of {options.profiles} profiles (cold): {site_ms / 1000:.1f} s, "
        f"{site_ms / options.profiles:.0f} ms per profile "
        f"({(site_ms - site_views) / options.profiles:.0f} ms of export work), "
        f"zip {zip_mb:.1f} MB",
        flush=True,
    )

    # The same export over growing sites; tracemalloc slows it, so it is timed apart.
    # The page cache, which tracemalloc counts too, goes back to the default 300 entries
    # so that the peak shows the export's memory, not a cache growing with the site.
    cache.clear()
    cache._max_entries = 300
    for count in (max(options.profiles // 2, 1), options.profiles):
        Profile.objects.filter(slug__gte=f"researcher-{count:03d}").update(is_published=False)
        peak = peak_memory(lambda count=count: export_site(out=WORK / f"memory-{count}.zip"))
        Profile.objects.update(is_published=True)
        print(f"  peak Python memory, site of {count:>3} profiles: {peak:.1f} MB", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max resident set size of the whole run: {rss:.0f} MB")
    shutil.rmtree(WORK)


if __name__ == "__main__":
    main()
