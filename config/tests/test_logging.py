"""In production, an error is written to stdout as one JSON object with its traceback."""

import json
import subprocess
import sys

from tests.processes import site_environment
from tests.support import ROOT

REQUEST_A_FAILING_PAGE = """
import django, sys
django.setup()
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="config.tests.failing_urls", ALLOWED_HOSTS=["testserver"]):
    response = Client(raise_request_exception=False).get("/boom/", secure=True)
print(response.status_code, "The error has been logged" in response.text, file=sys.stderr)
"""


def run_production(code, static_root, **variables):
    environment = site_environment(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 50,
        STATIC_ROOT=static_root,
        **variables,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_server_error_is_logged_to_stdout_as_one_json_record(collected_static):
    result = run_production(REQUEST_A_FAILING_PAGE, collected_static)
    assert result.stderr.split() == ["500", "True"], result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = [record for record in records if record["level"] == "ERROR"]
    assert len(errors) == 1, result.stdout
    error = errors[0]
    assert error["logger"] == "django.request"
    assert error["message"] == "Internal Server Error: /boom/"
    assert "ZeroDivisionError: a bug in a view" in error["exc_info"]
    assert error["time"]


def test_text_logs_are_one_line_per_record_for_people(collected_static):
    result = run_production(REQUEST_A_FAILING_PAGE, collected_static, LOG_FORMAT="text")
    assert "ERROR django.request: Internal Server Error: /boom/" in result.stdout
