"""The static export side by side with Hugo building the same pages from the same data.

    apt-get install -y hugo                  # Debian's package; required
    .venv/bin/python bench/export_vs_hugo.py [--profiles 200] [--publications 300]
                                            [--runs 10] [--site-runs 2] [--no-site]

Builds a throw-away SQLite database and media folder (as bench/export.py: every
profile has 300 papers × 12 authors, a teaser each, distinct abstracts), exports
the first profile once (which makes the thumbnails), then writes a Hugo site of the
same pages from the same data (bench/hugo_build.py) and measures, in one run:

1. the profile (302 pages): ``hugo`` (whole process) against ``manage.py
   export_profile --format html`` (whole process), each into an empty folder, taking
   turns; and the export alone, timed inside new processes after Django started;
2. the site (``--profiles`` profiles, one page per paper): ``hugo`` against
   ``manage.py export_site``, each into an empty folder.

Both run with manage.py's default (local) settings, as a user types the command;
the page cache starts empty in every new process (no REDIS_URL).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# EXPORT_BENCH_WORK=DIR keeps the database, the outputs and the Hugo sites there.
KEEP = os.environ.get("EXPORT_BENCH_WORK")
WORK = Path(KEEP or tempfile.mkdtemp(prefix="export-hugo-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
    "MEDIA_ROOT": str(WORK / "media"),
    "CACHE_DIR": str(WORK / "cache"),
    "LOG_LEVEL": "WARNING",
    "EXPORT_BENCH_WORK": str(WORK),  # the processes it starts work on the same files
}
os.environ.update(ENV)
os.environ.pop("REDIS_URL", None)
MANAGE = [sys.executable, str(ROOT / "manage.py")]
INNER = "export (timed inside)"


def build(*, profiles, publications, authors):
    from django.conf import settings
    from django.core.management import call_command
    from PIL import Image

    from profiles.models import Profile
    from publications.models import Author, Authorship, ProfilePublication, Publication
    from publications.normalize import normalize_title

    def bulk(model, rows):
        return model.objects.bulk_create(rows, batch_size=5000)

    call_command("migrate", verbosity=0)
    teasers = Path(settings.MEDIA_ROOT) / "teasers"
    teasers.mkdir(parents=True)
    for number in range(publications):
        Image.new("RGB", (800, 400), (number % 255, 90, 160)).save(teasers / f"t{number}.png")
    owners = bulk(
        Profile,
        (Profile(slug=f"researcher-{n:03d}", name=f"Researcher {n:03d}") for n in range(profiles)),
    )
    coauthors = bulk(Author, (Author(name=f"Co Author {n}") for n in range(authors - 1)))
    people = bulk(Author, (Author(name=owner.name, profile=owner) for owner in owners))
    papers = bulk(
        Publication,
        (
            Publication(
                title=f"Learning Things at Scale, Part {owner}.{n}",
                title_key=normalize_title(f"Learning Things at Scale, Part {owner}.{n}"),
                venue="CVPR",
                year=2000 + n % 25,
                abstract=f"We study *things* at scale, {owner}.{n}. " * 10,
                teaser=f"teasers/t{n}.png",
            )
            for owner in range(profiles)
            for n in range(publications)
        ),
    )
    owner_of = [owner for owner in range(profiles) for _ in range(publications)]
    bulk(
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
    bulk(
        ProfilePublication,
        (
            ProfilePublication(profile=owners[owner], publication=paper, status="accepted")
            for paper, owner in zip(papers, owner_of, strict=True)
        ),
    )


def inner_export(slug, out):
    """In a new process: milliseconds of the export itself, after Django started."""
    from profiles.export.html import export_profile_html
    from profiles.models import Profile

    profile = Profile.objects.get(slug=slug)
    start = time.perf_counter()
    export_profile_html(profile=profile, out=out)
    print((time.perf_counter() - start) * 1000)


def alternate(commands, *, runs, outputs):
    """{name: (median wall s, median CPU s, fastest wall s)} of whole-process runs, the
    commands taking turns (the machine's load varies: hyperfine would run each command's
    runs in a row), each into an empty folder. CPU is user + system time of the process
    and its threads (Hugo builds on every core)."""
    times = {name: [] for name in commands}
    inner = []
    for _ in range(runs):
        for name, command in commands.items():
            shutil.rmtree(outputs[name], ignore_errors=True)
            before = os.times()
            start = time.perf_counter()
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            wall = time.perf_counter() - start
            if name == INNER:  # the export's own time, printed by the new process
                inner.append(float(done.stdout) / 1000)
            after = os.times()
            cpu = (after.children_user - before.children_user) + (
                after.children_system - before.children_system
            )
            times[name].append((wall, cpu))
            print(f"    run: {name} {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    results = {
        name: (
            statistics.median(wall for wall, _ in runs),
            statistics.median(cpu for _, cpu in runs),
            min(wall for wall, _ in runs),
        )
        for name, runs in times.items()
    }
    if inner:
        results["export alone"] = (statistics.median(inner), None, min(inner))
    return results


def tree_size(folder):
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def same_pages(left, right):
    """(identical, compared) .html pages of two output folders."""
    pages = [path.relative_to(left) for path in left.rglob("*.html")]
    same = sum(
        (right / page).exists() and (right / page).read_bytes() == (left / page).read_bytes()
        for page in pages
    )
    return same, len(pages)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--publications", type=int, default=300)
    parser.add_argument("--authors", type=int, default=12)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--site-runs", type=int, default=2)
    parser.add_argument("--no-site", action="store_true")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="CHECKOUT",
        help="also time the commands of another checkout (e.g. a worktree of main) in turn",
    )
    parser.add_argument("--inner", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    try:
        run(options)
    finally:
        if not KEEP and not options.inner:
            shutil.rmtree(WORK, ignore_errors=True)


def run(options):

    import django

    django.setup()
    if options.inner:
        inner_export(*options.inner)
        return
    if shutil.which("hugo") is None:
        sys.exit("Hugo is not installed: apt-get install -y hugo")

    from hugo_build import write_site

    from profiles.models import Profile

    start = time.perf_counter()
    build(profiles=options.profiles, publications=options.publications, authors=options.authors)
    print(f"database built in {time.perf_counter() - start:.0f} s", flush=True)
    slug = "researcher-000"
    # The first export makes the thumbnails; the Hugo site copies them from it.
    subprocess.run(
        [*MANAGE, "export_profile", slug, "--format", "html", "--out", WORK / "first"], check=True
    )
    profile_site = write_site(
        WORK / "hugo-profile", [Profile.objects.get(slug=slug)], export_dir=WORK / "first"
    )

    print(
        f"\none profile, {options.publications} papers, median of {options.runs} runs:", flush=True
    )
    outputs = {
        "hugo": WORK / "p-hugo",
        "export_profile": WORK / "p-export",
        INNER: WORK / "p-inner",
    }
    commands = {
        "hugo": ["hugo", "--quiet", "--source", profile_site, "--destination", outputs["hugo"]],
        "export_profile": [
            *MANAGE,
            "export_profile",
            slug,
            "--format",
            "html",
            "--out",
            outputs["export_profile"],
        ],
        INNER: [sys.executable, __file__, "--inner", slug, outputs[INNER]],
    }
    if options.before:
        outputs["export_profile before"] = WORK / "p-before"
        commands["export_profile before"] = [
            sys.executable,
            options.before / "manage.py",
            *commands["export_profile"][2:-1],
            outputs["export_profile before"],
        ]
    whole = alternate(commands, runs=options.runs, outputs=outputs)
    for name in [name for name in commands if name != INNER]:
        files, size = tree_size(outputs[name])
        wall, cpu, fastest = whole[name]
        print(
            f"  {name:<16} whole process {wall * 1000:6.0f} ms (fastest {fastest * 1000:.0f}), "
            f"CPU {cpu * 1000:.0f} ms; {files} files, {size / 1e6:.1f} MB"
        )
    hugo = whole["hugo"][0]
    alone, _, fastest = whole["export alone"]
    print(
        f"  export alone     {alone * 1000:6.0f} ms (fastest {fastest * 1000:.0f}), timed inside "
        f"new processes after Django started: {alone / hugo:.2f}× Hugo's whole build"
    )
    for name in [name for name in commands if name.startswith("export_profile")]:
        print(f"  {name} / hugo, whole process: {whole[name][0] / hugo:.2f}×")
    same, pages = same_pages(outputs["export_profile"], outputs["hugo"])
    print(f"  pages byte-identical between the two: {same} of {pages}")

    if options.no_site:
        return
    print(f"\nsite of {options.profiles} profiles:", flush=True)
    subprocess.run([*MANAGE, "export_site", "--out", WORK / "site-first", "-v", "0"], check=True)
    site = write_site(
        WORK / "hugo-site",
        list(Profile.objects.order_by("slug")),
        export_dir=WORK / "site-first",
        directory=True,
    )
    outputs = {"hugo": WORK / "s-hugo", "export_site": WORK / "s-export"}
    commands = {
        "hugo": ["hugo", "--quiet", "--source", site, "--destination", outputs["hugo"]],
        "export_site": [*MANAGE, "export_site", "-v", "0", "--out", outputs["export_site"]],
    }
    if options.before:
        outputs["export_site before"] = WORK / "s-before"
        commands["export_site before"] = [
            sys.executable,
            options.before / "manage.py",
            *commands["export_site"][2:-1],
            outputs["export_site before"],
        ]
    whole = alternate(commands, runs=options.site_runs, outputs=outputs)
    for name, folder in outputs.items():
        files, size = tree_size(folder)
        wall, cpu, fastest = whole[name]
        print(
            f"  {name:<16} whole process {wall:6.1f} s (fastest {fastest:.1f}), CPU {cpu:.1f} s "
            f"({wall * 1000 / options.profiles:.0f} ms per profile); {files} files, "
            f"{size / 1e6:.0f} MB"
        )
    for name in [name for name in commands if name.startswith("export_site")]:
        print(f"  {name} / hugo, whole process: {whole[name][0] / whole['hugo'][0]:.2f}×")
    same, pages = same_pages(outputs["export_site"], outputs["hugo"])
    print(f"  pages byte-identical between the two: {same} of {pages}")


if __name__ == "__main__":
    main()
