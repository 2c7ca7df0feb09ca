"""Benchmark of the site import on the largest real repository (academicpages, 121 papers).

    .venv/bin/python bench/site_import.py [--repeat 5]

In a throw-away SQLite database: the preview onto a new profile (read the repository,
apply in a transaction, render the page's sections, roll back), the apply, and a second
preview and apply of the same repository (everything already there). Median seconds of
``--repeat`` runs each (the database is reset between apply runs).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="site-import-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from profiles.models import Profile  # noqa: E402
from profiles.site_import.services import apply_site_import, preview_site_import  # noqa: E402
from publications.models import Author, Publication  # noqa: E402

SITE = ROOT / "profiles/site_import/tests/data/jstueckler__jstueckler.github.io"


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def reset():
    Profile.objects.all().delete()
    Publication.objects.all().delete()
    Author.objects.all().delete()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    results = {"preview (new profile)": [], "apply": [], "preview again": [], "apply again": []}
    for _ in range(args.repeat):
        reset()
        results["preview (new profile)"].append(
            timed(lambda: preview_site_import(slug="bench", path=SITE))
        )
        results["apply"].append(timed(lambda: apply_site_import(slug="bench", path=SITE)))
        results["preview again"].append(timed(lambda: preview_site_import(slug="bench", path=SITE)))
        results["apply again"].append(timed(lambda: apply_site_import(slug="bench", path=SITE)))
    papers = Publication.objects.count()
    print(f"{SITE.name}: {papers} papers on the page, {args.repeat} runs, median seconds")
    for name, values in results.items():
        print(f"  {name:<24} {statistics.median(values):.2f} s")


if __name__ == "__main__":
    main()
