"""Benchmark of the static HTML export.

    .venv/bin/python bench/export.py [--profiles 200] [--publications 300]
                                     [--site-publications 300] [--authors 12]

Builds, in a throw-away SQLite database and media folder, one profile of 300
publications with 12 authors and a teaser image each, and a site of 200 such
profiles: every other profile lists 300 papers of its own (60,000 papers, 720,000
author rows). The papers share 300 teaser images, so the run makes 600 thumbnails,
not 120,000; the export still copies each paper's thumbnails.

One profile, exported to a folder and to a zip:

- first run: makes the thumbnails;
- new process: the first export after a restart (page cache and the process's
  own memos, such as rendered Markdown and parsed tags, all empty);
- cold: the page cache emptied (a restarted cache), every page rendered;
- after an edit: a news item added, which changes the profile's own pages only;
- warm: nothing changed since the last export (the live site's pages and the
  rewritten pages both in the cache).

Each is split into time inside the live views and the export's own work. Then the
site: milliseconds per profile cold and warm. Last, the memory of site exports of
half and all of the profiles, each in a new process whose page cache is outside it
(as Redis is in production; a dummy cache here): the peak of Python memory
(tracemalloc) and the process's peak resident size. Flat means the export streams.
"""

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# A child process (--new-process, --memory) works on its parent's database and media.
WORK = Path(os.environ.get("EXPORT_BENCH_WORK") or tempfile.mkdtemp(prefix="export-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")

from django.conf import settings  # noqa: E402

# The test settings' local-memory cache keeps 300 entries by default, fewer than the
# pages, version keys and rewritten pages of one export: culling would turn the warm run
# into a cold one. Production uses Redis, which holds them all.
settings.CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 1_000_000}
if "--memory" in sys.argv:
    # Pages cached in this process would count as the export's memory.
    settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

from profiles.export.html import export_profile_html  # noqa: E402
from profiles.export.render import PageRenderer  # noqa: E402
from profiles.export.site import export_site  # noqa: E402
from profiles.models import NewsItem, Profile  # noqa: E402
from publications.models import Author, Authorship, ProfilePublication, Publication  # noqa: E402
from publications.normalize import normalize_title  # noqa: E402


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=5000)


def build(*, profiles, publications, site_publications, authors):
    call_command("migrate", verbosity=0)
    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]
    teasers = Path(settings.MEDIA_ROOT) / "teasers"
    teasers.mkdir(parents=True)
    for number in range(publications):
        Image.new("RGB", (800, 400), (number % 255, 90, 160)).save(teasers / f"t{number}.png")
    owners = _bulk(
        Profile,
        (Profile(slug=f"researcher-{n:03d}", name=f"Researcher {n:03d}") for n in range(profiles)),
    )
    coauthors = _bulk(Author, (Author(name=f"Co Author {n}") for n in range(authors - 1)))
    people = _bulk(Author, (Author(name=owner.name, profile=owner) for owner in owners))
    counts = [publications] + [site_publications] * (profiles - 1)
    papers = _bulk(
        Publication,
        (
            Publication(
                title=f"Learning Things at Scale, Part {owner}.{n}",
                title_key=normalize_title(f"Learning Things at Scale, Part {owner}.{n}"),
                venue="CVPR",
                year=2000 + n % 25,
                # Distinct texts: the Markdown renderer's memo must not serve one for all.
                abstract=f"We study *things* at scale, {owner}.{n}. " * 10,
                teaser=f"teasers/t{n % publications}.png",
            )
            for owner, count in enumerate(counts)
            for n in range(count)
        ),
    )
    owner_of = [owner for owner, count in enumerate(counts) for _ in range(count)]
    _bulk(
        Authorship,
        (
            # Bulk inserts skip Authorship.save(), which fills the printed name.
            Authorship(
                publication=paper,
                author=person,
                position=position,
                name=person.name,
                given=person.name.rsplit(" ", 1)[0],
                family=person.name.rsplit(" ", 1)[1],
            )
            for paper, owner in zip(papers, owner_of, strict=True)
            for position, person in enumerate([people[owner], *coauthors])
        ),
    )
    _bulk(
        ProfilePublication,
        (
            ProfilePublication(profile=owners[owner], publication=paper, status="accepted")
            for paper, owner in zip(papers, owner_of, strict=True)
        ),
    )
    return owners[0]


class ViewClock:
    """Time spent inside the live views, measured around PageRenderer.get, in all
    and in the paper pages alone."""

    def __init__(self):
        self.ms = self.paper_ms = 0.0
        self._get = PageRenderer.get
        clock = self

        def timed_get(renderer, path):
            start = time.perf_counter()
            try:
                return clock._get(renderer, path)
            finally:
                spent = (time.perf_counter() - start) * 1000
                clock.ms += spent
                if path.startswith("/papers/"):
                    clock.paper_ms += spent

        PageRenderer.get = timed_get

    def reset(self):
        """(ms in the views, ms of it in paper pages) since the last reset."""
        spent = (self.ms, self.paper_ms)
        self.ms = self.paper_ms = 0.0
        return spent


def timed(function):
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def export_one(profile, out):
    # --force: each run replaces the previous one, as a researcher re-exporting would.
    export_profile_html(profile=profile, out=WORK / out, force=True)


def add_news(profile, number):
    # Saved through the ORM, so the signals bump the profile's page versions.
    NewsItem.objects.create(profile=profile, date="2026-11", text=f"News number {number}.")


def measure_memory(count):
    """In this (new) process: the site of the first ``count`` profiles, exported to a zip;
    prints the peak Python memory and the peak resident size, in MB."""
    Profile.objects.filter(slug__gte=f"researcher-{count:03d}").update(is_published=False)
    try:
        tracemalloc.start()
        export_site(out=WORK / f"memory-{count}.zip")
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    finally:
        Profile.objects.update(is_published=True)
    print(peak, peak_resident_mb())


def peak_resident_mb():
    # Not getrusage(): on Linux a spawned process's ru_maxrss starts from the peak of
    # the process that spawned it (here the parent holding the whole built database).
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def in_new_process(*arguments):
    """The numbers this script prints when run with ``arguments`` on the same database."""
    result = subprocess.run(
        [sys.executable, __file__, *arguments],
        env={**os.environ, "EXPORT_BENCH_WORK": str(WORK)},
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(value) for value in result.stdout.split()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--publications", type=int, default=300)
    parser.add_argument("--site-publications", type=int, default=300)
    parser.add_argument("--authors", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--new-process", metavar="SLUG", help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=int, metavar="PROFILES", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.memory:
        measure_memory(options.memory)
        return
    if options.new_process:
        profile = Profile.objects.get(slug=options.new_process)
        print(timed(lambda: export_one(profile, "out")))
        return

    start = time.perf_counter()
    profile = build(
        profiles=options.profiles,
        publications=options.publications,
        site_publications=options.site_publications,
        authors=options.authors,
    )
    papers = Publication.objects.count()
    print(
        f"database: {options.profiles} profiles, {papers} publications × "
        f"{options.authors} authors, built in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    clock = ViewClock()

    def report(label, prepare, function):
        """Median of ``--repeat`` runs, each after ``prepare()``, in total and in the views."""
        runs = []
        for _ in range(options.repeat):
            prepare()
            clock.reset()
            spent = timed(function)
            runs.append((spent, *clock.reset()))
        spent, views, papers = (statistics.median(run[i] for run in runs) for i in range(3))
        print(
            f"  {label:<24} {spent:6.0f} ms (runs {min(runs)[0]:.0f}–{max(runs)[0]:.0f}) = "
            f"{views:4.0f} ms in the live views ({papers:4.0f} in paper pages) + "
            f"{spent - views:4.0f} ms of export work",
            flush=True,
        )

    edits = itertools.count()
    print(f"one profile, {options.publications} publications (median of {options.repeat}):")
    clock.reset()
    first = timed(lambda: export_one(profile, "first"))
    print(f"  {'first run (thumbnails)':<24} {first:6.0f} ms", flush=True)
    # Milliseconds measured in the new process, not counting its start-up.
    fresh = [in_new_process("--new-process", profile.slug)[0] for _ in range(options.repeat)]
    print(
        f"  {'folder, new process':<24} {statistics.median(fresh):6.0f} ms "
        f"(runs {min(fresh):.0f}–{max(fresh):.0f})",
        flush=True,
    )
    for suffix in ("", ".zip"):
        kind = "zip" if suffix else "folder"
        out = f"out{suffix}"
        report(f"{kind}, cold", cache.clear, lambda out=out: export_one(profile, out))
        report(
            f"{kind}, after an edit",
            lambda: add_news(profile, next(edits)),
            lambda out=out: export_one(profile, out),
        )
        report(f"{kind}, warm", lambda: None, lambda out=out: export_one(profile, out))
    pages = len(list((WORK / "out").rglob("*.html")))
    files = sum(1 for path in (WORK / "out").rglob("*") if path.is_file())
    print(f"  ({pages} pages, {files} files)")

    def site(out):
        return lambda: export_site(out=WORK / out)

    cache.clear()
    for label in ("cold", "warm"):
        clock.reset()
        spent = timed(site(f"site-{label}.zip"))
        views, _ = clock.reset()
        print(
            f"site of {options.profiles} profiles, {label}: {spent / 1000:.1f} s = "
            f"{spent / options.profiles:.0f} ms per profile "
            f"({(spent - views) / options.profiles:.0f} ms of export work)",
            flush=True,
        )
    zip_mb = (WORK / "site-cold.zip").stat().st_size / 1024 / 1024
    print(f"  zip {zip_mb:.0f} MB")

    for count in (max(options.profiles // 2, 1), options.profiles):
        peak, rss = in_new_process("--memory", str(count))
        print(
            f"  site of {count:>3} profiles in a new process: peak Python memory "
            f"{peak:.1f} MB, peak resident size {rss:.0f} MB",
            flush=True,
        )
    shutil.rmtree(WORK)


if __name__ == "__main__":
    main()
