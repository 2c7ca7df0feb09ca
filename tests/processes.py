"""Real processes for tests: ``manage.py`` commands and servers on a free local port."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from tests.support import ROOT

# What a developer's shell may export that must not leak into a test's processes.
SITE_VARIABLES = {
    "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG",
    "ALLOWED_HOSTS", "MEDIA_ROOT", "STATIC_ROOT", "CACHE_DIR", "AWS_STORAGE_BUCKET_NAME",
    "MEDIA_URL", "LOG_FORMAT", "LOG_LEVEL", "SECURE_SSL_REDIRECT", "OTP_REQUIRED_FOR_STAFF",
    # Set by tests/conftest.py for Playwright; check --deploy rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def site_environment(**variables):
    """The environment of a site process: this one's, minus site settings, plus ``variables``."""
    environment = {key: value for key, value in os.environ.items() if key not in SITE_VARIABLES}
    environment.update({key: str(value) for key, value in variables.items()})
    return environment


def manage(environment, *args, timeout=120):
    """Runs ``manage.py *args``; the CompletedProcess (text output)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url, *, headers=None, timeout=10):
    """(status, headers, body bytes) of a GET, errors included; redirects are not followed."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - local only
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def server(command, environment, *, port, ready_path="/healthz", timeout=60):
    """Runs a server ``command`` until the block ends; yields its base URL once it answers.

    Its output goes to a temporary file (a pipe nobody reads would block a chatty server).
    """
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    output.seek(0)
                    raise AssertionError(f"{command[0]} exited: {output.read()}")
                try:
                    fetch(base + ready_path, timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"{command} did not answer in {timeout} s") from None
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
