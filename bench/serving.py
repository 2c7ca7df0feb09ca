"""Benchmark: the cached profile page against the same bytes as a static file, over HTTP.

Builds a throw-away site (SQLite file, collected static files, in a temporary folder) with
the large profile of ``profile_page.py`` (300 papers × 12 authors, 100 news items, 334 kB of
HTML), writes that page's HTML into STATIC_ROOT as ``bench-page.html``, then for each
server (gunicorn as shipped, gunicorn with its default sync workers, granian; 2 worker
processes each, production settings over plain HTTP) loads
``/bench/`` (served from the page cache after the first request) and
``/static/bench-page.html`` (whitenoise) with ``wrk`` and reports requests per second.

Run: .venv/bin/python bench/serving.py [--cache embedded|redis] [--seconds 10]
Needs ``wrk`` (Debian: apt-get install wrk). ``--cache redis`` uses REDIS_URL
(default redis://127.0.0.1:6379/4) under a key prefix of its own.
Target (issue 15): the cached page at no less than 1/1.5 of the static file's rate.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.processes import fetch, free_port, manage, server, site_environment  # noqa: E402

SERVERS = {
    # As shipped (the Procfile's web: line): threaded workers, which keep connections open.
    "gunicorn": lambda port: [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi",
        "--config=config/gunicorn.py",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
    ],
    # gunicorn's default worker: one request at a time, a new connection for each.
    "gunicorn-sync": lambda port: [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi",
        "--config=config/gunicorn.py",
        "--workers=2",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
    ],
    "granian": lambda port: [
        str(ROOT / ".venv/bin/granian"),
        "--interface=wsgi",
        "--workers=2",
        "--host=127.0.0.1",
        f"--port={port}",
        "config.wsgi:application",
    ],
}


def build_site(environment):
    """Migrates and fills the site's database with the benchmark profile, in a subprocess."""
    for args in (("migrate",), ("collectstatic", "--noinput")):
        result = manage(environment, *args, timeout=600)
        if result.returncode:
            sys.exit(result.stderr)
    code = (
        "import django; django.setup(); import sys; sys.path.insert(0, 'bench');"
        "from profile_page import build; build(300, 12, 100)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, check=True)


def wrk(url, seconds, connections):
    output = subprocess.run(
        [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    latency = re.search(r"Latency\s+(\S+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rate, latency


def median_run(runs):
    """The run with the median rate: (requests per second, its average latency)."""
    return sorted(runs)[len(runs) // 2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", choices=["embedded", "redis"], default="embedded")
    parser.add_argument("--seconds", type=int, default=5, help="of each wrk run")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="page and static runs alternate this many times; medians are reported "
        "(other load on the machine shifts single runs a lot)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--servers", nargs="+", choices=sorted(SERVERS), default=sorted(SERVERS))
    options = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")

    folder = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    variables = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": folder / "static",
        "MEDIA_ROOT": folder / "media",
        "CACHE_DIR": folder / "cache",
        "LOG_LEVEL": "WARNING",
    }
    if options.cache == "redis":
        variables["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4")
    environment = site_environment(**variables)
    try:
        build_site(environment)
        rows = []
        for name in options.servers:
            port = free_port()
            with server(SERVERS[name](port), environment, port=port) as base:
                status, _, page = fetch(base + "/bench/")
                assert status == 200, status
                # The same bytes as a static file: whitenoise reads STATIC_ROOT at start-up,
                # so the file is written now and the server started again to see it.
                (folder / "static" / "bench-page.html").write_bytes(page)
            with server(SERVERS[name](port), environment, port=port) as base:
                status, _, static = fetch(base + "/static/bench-page.html")
                assert status == 200 and static == page, "the static copy differs"
                fetch(base + "/bench/")
                load = {"seconds": options.seconds, "connections": options.connections}
                pages, statics = [], []
                for _ in range(options.rounds):
                    pages.append(wrk(base + "/bench/", **load))
                    statics.append(wrk(base + "/static/bench-page.html", **load))
            page_rate, page_latency = median_run(pages)
            static_rate, static_latency = median_run(statics)
            ratios = sorted(s[0] / p[0] for p, s in zip(pages, statics, strict=True))
            rows.append(
                (name, page_rate, page_latency, static_rate, static_latency, len(page), ratios)
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"cached /bench/ vs the same bytes from /static/ ({options.cache} cache, 2 workers, "
        f"wrk -c{options.connections} -d{options.seconds}s, medians of {options.rounds} rounds)"
    )
    print(f"{'server':<14}{'page req/s':>12}{'latency':>10}{'static req/s':>14}{'latency':>10}"
          f"{'static/page':>13}{'bytes':>10}")  # fmt: skip
    for name, page_rate, page_latency, static_rate, static_latency, size, ratios in rows:
        ratio = ratios[len(ratios) // 2]
        verdict = "meets" if ratio <= 1.5 else "MISSES"
        print(
            f"{name:<14}{page_rate:>12.0f}{page_latency:>10}{static_rate:>14.0f}"
            f"{static_latency:>10}{ratio:>12.2f}x {size:>9,}  {verdict} <= 1.5x "
            f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
        )


if __name__ == "__main__":
    main()
