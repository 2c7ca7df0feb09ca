"""Real worker processes on the test database: a worker killed mid-export, two at once."""

import os
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from profiles.export.tasks import export_site_task
from profiles.jobs.models import Job
from profiles.jobs.services import start_job
from profiles.tests.factories import UserFactory
from profiles.tests.test_queries import build_profile
from profiles.tests.worker_tasks import append_line
from tests.support import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 120


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*arguments):
    """``manage.py worker`` in a process of its own, on this test's database and folders."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "JOBS_ROOT": str(settings.JOBS_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.05", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_a_site_export_killed_with_its_worker_is_finished_by_the_next_worker():
    for index in range(4):
        build_profile(150, 3, slug=f"site-{index}")
    editor = UserFactory(username="root", is_staff=True, is_superuser=True)
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=export_site_task, user=editor)

    first = start_worker()
    try:
        wait_for(
            lambda: Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, done__gt=0).exists(),
            "the export to be under way",
        )
        first.send_signal(signal.SIGKILL)
        assert first.wait(TIMEOUT) == -signal.SIGKILL
    finally:
        first.kill()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert 0 < job.done < job.total
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.RUNNING
    assert not (job.folder / "site.zip").exists()

    second = start_worker("--batch")
    _, errors = second.communicate(timeout=TIMEOUT)
    assert second.returncode == 0, errors

    job.refresh_from_db()
    result = DBTaskResult.objects.get(id=job.task_id)
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2), job.message
    assert job.message == f"Exported {job.total} pages."
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(set(result.worker_ids)) == 2
    names = set(zipfile.ZipFile(job.result_path).namelist())
    assert {"index.html", *(f"site-{index}/index.html" for index in range(4))} <= names
    assert sorted(path.name for path in job.folder.iterdir()) == ["site.zip"], "no .part left"


def test_two_workers_never_run_the_same_task_twice(tmp_path):
    log = tmp_path / "runs.txt"
    markers = [f"task-{index}" for index in range(24)]
    for marker in markers:
        append_line.enqueue(path=str(log), marker=marker)

    workers = [start_worker("--batch"), start_worker("--batch")]
    for worker in workers:
        _, errors = worker.communicate(timeout=TIMEOUT)
        assert worker.returncode == 0, errors

    runs = [line.split() for line in log.read_text().splitlines()]
    assert Counter(marker for marker, _ in runs) == Counter(markers)
    assert {int(pid) for _, pid in runs} == {worker.pid for worker in workers}, (
        "both workers took tasks"
    )
    results = DBTaskResult.objects.filter(task_path=append_line.module_path)
    assert all(len(result.worker_ids) == 1 for result in results)
    assert set(results.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
