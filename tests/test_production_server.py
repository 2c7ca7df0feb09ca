"""The production set-up as `make serve` runs it: the Procfile through honcho, gunicorn
with production settings behind a (simulated) TLS proxy, static files from whitenoise."""

import gzip
import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from tests.processes import fetch, free_port, manage, server, site_environment
from tests.support import ROOT

BIN = ROOT / ".venv" / "bin"
PROXY = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def production(collected_static, tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    environment = site_environment(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="production-test-" + "k" * 50,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=collected_static,
        MEDIA_ROOT=folder / "media",
        CACHE_DIR=folder / "cache",
        WEB_CONCURRENCY=2,
        PATH=f"{BIN}:{site_environment()['PATH']}",
    )
    result = manage(environment, "migrate")
    assert result.returncode == 0, result.stderr
    port = free_port()
    command = [str(BIN / "honcho"), "start", "--no-prefix", "--port", str(port)]
    with server(command, environment, port=port) as base:
        yield base


def test_the_health_check_answers_over_plain_http(production):
    status, headers, body = fetch(production + "/healthz")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "cache:page_versions": "ok",
    }


def test_pages_redirect_to_https_unless_the_proxy_says_it_was(production):
    status, headers, _ = fetch(production + "/")
    assert status == 301 and headers["Location"].startswith("https://")
    status, headers, _ = fetch(production + "/", headers=PROXY)
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"


def test_static_files_are_served_hashed_compressed_and_cached_for_ever(production):
    _, _, page = fetch(production + "/", headers=PROXY)
    stylesheet = BeautifulSoup(page, "html.parser").select_one('link[rel="stylesheet"]')["href"]
    assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css"
    status, headers, body = fetch(production + stylesheet, headers=PROXY)
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]
    status, headers, compressed = fetch(
        production + stylesheet, headers={**PROXY, "Accept-Encoding": "gzip"}
    )
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed) == body


def test_without_a_secret_key_the_server_stops_with_one_line(tmp_path):
    environment = site_environment(DJANGO_SETTINGS_MODULE="config.settings.production")
    result = subprocess.run(
        [str(BIN / "gunicorn"), "config.wsgi", "--config", "config/gunicorn.py",
         "--bind", f"127.0.0.1:{free_port()}"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "SECRET_KEY is not set" in output
    assert "Traceback" not in output


def test_manage_py_without_a_secret_key_says_so_in_one_line():
    environment = site_environment(DJANGO_SETTINGS_MODULE="config.settings.production")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is not set: production refuses to start without it."
    ]
