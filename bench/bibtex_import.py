"""Benchmark of the BibTeX import: preview and apply of a 1,000-entry file.

    .venv/bin/python bench/bibtex_import.py [--entries 1000] [--corpus]

Builds, in a throw-away SQLite database, one profile and a ``.bib`` of ``--entries``
entries written like real exports (Google Scholar and al-folio fields, LaTeX accents,
equal-contribution marks, 6 authors from a pool of 400 co-authors, DOIs, abstracts,
keywords). With ``--corpus`` the file is the real-world corpus of the tests instead,
concatenated and repeated up to the entry count (repeats are duplicates to skip).
Reports, for the preview on an empty site, the apply, and a second preview of the same
file (everything already there): seconds, entries per second, and the peak of Python
memory (tracemalloc, in a separate preview run) and of the process.
Target (issue 5): 1,000 entries previewed in under 5 s.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bibtex-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from profiles.models import Profile  # noqa: E402
from publications.bibtex.importer import apply_import, preview_import  # noqa: E402

CORPUS = ROOT / "publications" / "tests" / "data" / "corpus"
TARGET_SECONDS = 5.0
FIRST = ["Zikai", 'J{\\"o}rg', "Jos{\\'e}", "Wei", "Anna", "Ming", "Lea", "Bu\\u{g}rahan"]
LAST = ['M{\\"u}ller', "Garc{\\'\\i}a", "Stra{\\ss}e", "Yang", "Chen", "Li", 'K\\"{o}nig']
WORDS = ["learning", "tracking", "transformers", "graphs", "robust", "neural", "sparse", "vision"]


def synthetic_bibtex(count, rng):
    coauthors = [f"{rng.choice(LAST)}{index}, {rng.choice(FIRST)}" for index in range(400)]
    entries = []
    for index in range(count):
        authors = rng.sample(coauthors, 5)
        authors.insert(rng.randrange(6), "Song*, Zikai" if index % 3 == 0 else "Song, Zikai")
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        entries.append(
            f"@inproceedings{{paper{index},\n"
            f"  title = {{{{{title}}}: Paper {index} on $\\alpha$-{{BERT}}}},\n"
            f"  author = {{{' and '.join(authors)}}},\n"
            f"  booktitle = {{Proceedings of the Conference on {rng.choice(WORDS).title()}}},\n"
            f"  year = {{{2000 + index % 25}}},\n  month = jun,\n"
            f"  pages = {{{index}--{index + 9}}},\n"
            f"  doi = {{10.5555/bench.{index}}},\n"
            f"  abstract = {{We study {title.lower()}. " + "Results improve. " * 20 + "}},\n"
            f"  keywords = {{{rng.choice(WORDS)}, {rng.choice(WORDS)}}},\n"
            f"  abbr = {{CONF}},\n  selected = {{{'true' if index % 10 == 0 else 'false'}}},\n"
            f"  code = {{https://github.com/example/paper{index}}},\n}}\n"
        )
    return "\n".join(entries)


def corpus_bibtex(count):
    files = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.bib"))]
    text, entries = "", 0
    while entries < count:
        for content in files:
            text += "\n" + content
            entries += content.count("\n@") + content.startswith("@")
            if entries >= count:
                break
    return text


def measure(label, function, entries):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds:7.2f} s {entries / seconds:9.0f} entries/s")
    return result, seconds


def peak_memory(function):
    """Peak Python memory of ``function`` in MB (tracemalloc slows it, so it runs apart)."""
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--corpus", action="store_true", help="use the real-world corpus")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    profile = Profile.objects.create(slug="zikai-song", name="Zikai Song", aliases=["Z. Song"])
    text = (
        corpus_bibtex(args.entries)
        if args.corpus
        else synthetic_bibtex(args.entries, random.Random(5))
    )
    print(f"{len(text.encode()) / 1024:.0f} KB of BibTeX, database in {WORK}")
    plan, preview_seconds = measure(
        "preview (empty site)", lambda: preview_import(profile, text), args.entries
    )
    print(f"  {plan.summary()}")
    preview_peak = peak_memory(lambda: preview_import(profile, text))
    entries = len(plan.rows)
    measure("apply (one transaction)", lambda: apply_import(profile, text), entries)
    plan, _ = measure("preview again (all merged)", lambda: preview_import(profile, text), entries)
    print(f"  {plan.summary()}")
    print(f"Peak Python memory of the preview (tracemalloc): {preview_peak:.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak resident memory of the whole run (getrusage): {rss:.0f} MB")
    verdict = "meets" if preview_seconds < TARGET_SECONDS else "misses"
    print(f"Preview of {entries} entries {verdict} the {TARGET_SECONDS:.0f} s target.")


if __name__ == "__main__":
    main()
