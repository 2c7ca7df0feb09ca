"""Jobs: started with their task, run with progress and outcome, seen by whom may."""

import os
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from profiles.jobs.models import Job, WorkerBeat
from profiles.jobs.recovery import HOSTNAME, recover_abandoned_tasks
from profiles.jobs.services import JobFailed, running_job, start_job
from profiles.tests import factories as pf

from .job_helpers import run_jobs

pytestmark = pytest.mark.django_db


@task
def finishing_task(job_id, total):
    with running_job(job_id) as run:
        for done in range(1, total + 1):
            run.progress(done, total)
        run.file_path("out.txt").write_text("result")
        run.succeed(f"Counted to {total}.", file_name="out.txt")


@task
def refusing_task(job_id):
    with running_job(job_id):
        raise JobFailed("The file has no entries.")


@task
def crashing_task(job_id):
    with running_job(job_id):
        raise KeyError("surprise")


@pytest.fixture
def cast():
    """The owner of a profile, another researcher, and an editor."""
    owner = pf.UserFactory(username="owner", is_staff=True)
    other = pf.UserFactory(username="other", is_staff=True)
    editor = pf.UserFactory(username="editor", is_staff=True)
    editor.groups.add(pf.editors_group())
    profile = pf.ProfileFactory(user=owner, slug="owner-page")
    pf.ProfileFactory(user=other, slug="other-page")
    return {"owner": owner, "other": other, "editor": editor, "profile": profile}


def test_a_job_is_queued_with_its_task(cast):
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=finishing_task, user=cast["editor"], total=3)
    result = DBTaskResult.objects.get(id=job.task_id)
    assert result.status == TaskResultStatus.READY
    assert result.args_kwargs["kwargs"] == {"job_id": job.pk, "total": 3}
    assert job.status == Job.Status.QUEUED


def test_the_worker_runs_it_with_progress_and_a_result_file(cast):
    job = start_job(
        kind=Job.Kind.PROFILE_EXPORT,
        task=finishing_task,
        user=cast["owner"],
        profile=cast["profile"],
        total=250,
    )
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.message, job.attempts) == (Job.Status.SUCCEEDED, "Counted to 250.", 1)
    assert (job.done, job.total, job.percent) == (250, 250, 100)
    assert job.result_path.read_text() == "result"
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL


def test_a_refusal_ends_the_job_with_its_message(cast):
    job = start_job(kind=Job.Kind.BIBTEX_IMPORT, task=refusing_task, user=cast["owner"])
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "The file has no entries.")
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL


def test_a_crash_fails_the_job_in_one_line_and_the_task_keeps_the_traceback(cast):
    job = start_job(kind=Job.Kind.BIBTEX_IMPORT, task=crashing_task, user=cast["owner"])
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Failed unexpectedly (KeyError); the worker's log has the details."
    result = DBTaskResult.objects.get(id=job.task_id)
    assert result.status == TaskResultStatus.FAILED
    assert "KeyError: 'surprise'" in result.traceback


def test_progress_is_written_at_most_twice_a_second(cast, django_assert_max_num_queries):
    job = Job.objects.create(kind=Job.Kind.SITE_EXPORT)
    with running_job(job.pk) as run, django_assert_max_num_queries(3):
        for done in range(1, 1001):
            run.progress(done, 1000)
    job.refresh_from_db()
    assert (job.done, job.total) == (1000, 1000)


def test_job_page_shows_state_progress_and_download_to_the_owner(client, cast):
    job = start_job(
        kind=Job.Kind.PROFILE_EXPORT,
        task=finishing_task,
        user=cast["owner"],
        profile=cast["profile"],
        total=2,
    )
    client.force_login(cast["owner"])
    waiting = client.get(job.get_absolute_url())
    assert b'<meta http-equiv="refresh" content="3">' in waiting.content
    assert b'id="job-status">Queued<' in waiting.content

    run_jobs()
    done = client.get(job.get_absolute_url())

    assert b"http-equiv" not in done.content
    assert b'id="job-message">Counted to 2.<' in done.content
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="out.txt"'
    assert b"".join(download.streaming_content) == b"result"


@pytest.mark.parametrize("who", ["other", None])
def test_nobody_else_sees_a_researchers_job(client, cast, who):
    job = start_job(
        kind=Job.Kind.PROFILE_EXPORT,
        task=finishing_task,
        user=cast["owner"],
        profile=cast["profile"],
        total=1,
    )
    run_jobs()
    if who:
        client.force_login(cast[who])
    for url in (job.get_absolute_url(), job.get_download_url()):
        response = client.get(url)
        assert response.status_code == (404 if who else 302)


def test_editors_see_every_job_and_researchers_their_own_in_the_admin(client, cast):
    own = start_job(
        kind=Job.Kind.PROFILE_EXPORT,
        task=finishing_task,
        user=cast["owner"],
        profile=cast["profile"],
        total=1,
    )
    site = start_job(kind=Job.Kind.SITE_EXPORT, task=finishing_task, user=cast["editor"], total=1)
    changelist = reverse("admin:profiles_job_changelist")

    client.force_login(cast["owner"])
    listed = client.get(changelist)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 1
    assert client.get(reverse("admin:profiles_job_change", args=[own.pk])).status_code == 200
    assert client.get(reverse("admin:profiles_job_change", args=[site.pk])).status_code == 302

    client.force_login(cast["other"])
    assert client.get(changelist).context["cl"].result_count == 0

    client.force_login(cast["editor"])
    assert client.get(changelist).context["cl"].result_count == 2


def test_the_admin_list_shows_progress(client, cast):
    job = Job.objects.create(
        kind=Job.Kind.SITE_EXPORT, status=Job.Status.RUNNING, done=30, total=120
    )
    client.force_login(cast["editor"])
    response = client.get(reverse("admin:profiles_job_changelist"))
    assert (
        b'<progress class="job-progress" max="120" value="30">25 %</progress> 30/120'
        in response.content
    )
    assert job.percent == 25


def _running_task(job, worker_ids):
    result = DBTaskResult.objects.get(id=job.task_id)
    result.status = TaskResultStatus.RUNNING
    result.started_at = timezone.now()
    result.worker_ids = worker_ids
    result.save()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    return result


def _beat(worker_id, *, seconds_ago=0, pid=None, hostname=HOSTNAME):
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(
        worker_id=worker_id,
        hostname=hostname,
        pid=pid or os.getpid(),
        started_at=seen,
        seen_at=seen,
    )


def test_a_task_of_a_silent_worker_is_queued_again(cast, settings):
    settings.TASK_LEASE_SECONDS = 60
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=finishing_task, user=cast["editor"], total=1)
    result = _running_task(job, ["gone"])
    _beat("gone", seconds_ago=61, hostname="another-machine")

    assert recover_abandoned_tasks() == (1, 0)

    result.refresh_from_db()
    job.refresh_from_db()
    assert (result.status, result.started_at) == (TaskResultStatus.READY, None)
    assert job.status == Job.Status.QUEUED
    assert job.message == "Its worker stopped during attempt 1; queued again."
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 1)
    assert len(DBTaskResult.objects.get(id=job.task_id).worker_ids) == 2


def test_a_worker_process_gone_from_this_machine_is_not_waited_for(cast):
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=finishing_task, user=cast["editor"], total=1)
    result = _running_task(job, ["killed"])
    # A pid no process has (beyond Linux's pid_max): the worker was killed a moment ago.
    _beat("killed", pid=4_194_305)
    assert recover_abandoned_tasks() == (1, 0)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY


def test_a_living_workers_task_is_left_alone(cast):
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=finishing_task, user=cast["editor"], total=1)
    _running_task(job, ["alive"])
    _beat("alive", seconds_ago=5)
    assert recover_abandoned_tasks() == (0, 0)
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.RUNNING


def test_a_task_whose_workers_keep_dying_fails_with_a_message(cast, settings):
    settings.TASK_MAX_ATTEMPTS = 3
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=finishing_task, user=cast["editor"], total=1)
    result = _running_task(job, ["one", "two", "three"])

    assert recover_abandoned_tasks() == (0, 1)

    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "profiles.jobs.recovery.WorkerLost"
    assert job.status == Job.Status.FAILED
    assert job.message == (
        "Its worker stopped 3 times while running it (killed, out of memory or a lost "
        "machine); not tried again."
    )


def test_a_deleted_job_takes_its_files(cast, django_capture_on_commit_callbacks):
    job = start_job(kind=Job.Kind.SITE_EXPORT, task=finishing_task, user=cast["editor"], total=1)
    run_jobs()
    folder = Job.objects.get(pk=job.pk).folder
    assert folder.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        Job.objects.get(pk=job.pk).delete()
    assert not folder.exists()
