"""Starting a job, and what a task does while it runs one: progress, outcome, files."""

import logging
import time
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)

# Progress is written at most this often (and always at the end): a job of thousands of
# small steps must not cost thousands of writes.
PROGRESS_EVERY_SECONDS = 0.5


class JobFailed(Exception):
    """A failure the person who started the job can act on; the message is one line."""


def start_job(*, kind, task, user=None, profile=None, **kwargs):
    """Create a Job and queue ``task`` for it; the task gets ``job_id`` and ``kwargs``.

    Both rows are written in one transaction: a job is never queued without its record.
    """
    with transaction.atomic():
        job = Job.objects.create(kind=kind, user=user, profile=profile)
        result = task.enqueue(job_id=job.pk, **kwargs)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


class JobRun:
    """The running job as its task sees it."""

    def __init__(self, job):
        self.job = job
        self._written_at = 0.0

    @property
    def user(self):
        return self.job.user

    @property
    def profile(self):
        return self.job.profile

    def editable_profiles(self):
        """The profiles the job's user may edit now: a job acts with that account's rights,
        checked when it runs, not only when it was queued."""
        from profiles.models import Profile

        if self.job.user is None:
            raise JobFailed("The account that started this job no longer exists.")
        return Profile.objects.editable_by(self.job.user)

    def progress(self, done, total):
        """``progress(done, total)``, the callback the export and import code call."""
        now = time.monotonic()
        if done < total and now - self._written_at < PROGRESS_EVERY_SECONDS:
            return
        self._written_at = now
        self.job.done, self.job.total = done, total
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total)

    def file_path(self, name):
        """A path for the job's result file ``name`` (its folder is made)."""
        self.job.folder.mkdir(parents=True, exist_ok=True)
        return self.job.folder / name

    def succeed(self, message, *, file_name=""):
        self._finish(Job.Status.SUCCEEDED, message, file_name)

    def fail(self, message):
        self._finish(Job.Status.FAILED, message, "")

    def _finish(self, status, message, file_name):
        job = self.job
        job.status, job.message, job.result_file = status, message, file_name
        job.finished_at = timezone.now()
        if status == Job.Status.SUCCEEDED and job.total:
            job.done = job.total
        job.save(update_fields=["status", "message", "result_file", "finished_at", "done"])


@contextmanager
def running_job(job_id):
    """Within a task: the job marked running, as a :class:`JobRun`.

    A :class:`JobFailed` ends the job with its message (the task itself succeeds: nothing
    to retry). Any other exception fails the job with a short line, is logged, and goes
    on to the worker, which records the traceback on the task. A block that says nothing
    leaves the job done.
    """
    job = Job.objects.select_related("user", "profile").get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.attempts += 1
    job.started_at = timezone.now()
    job.finished_at = None
    job.message = ""
    job.save(update_fields=["status", "attempts", "started_at", "finished_at", "message"])
    # A run starts from nothing: what an interrupted attempt left (a .part file) goes.
    job.delete_files()
    run = JobRun(job)
    try:
        yield run
    except JobFailed as failure:
        run.fail(str(failure))
    except Exception as error:
        logger.exception("Job %s failed", job.pk)
        run.fail(f"Failed unexpectedly ({type(error).__name__}); the worker's log has the details.")
        raise
    except BaseException:
        # The worker was stopped mid-job (a second Ctrl+C or SIGTERM).
        run.fail("Stopped with its worker before it finished; start it again.")
        raise
    else:
        if job.status == Job.Status.RUNNING:
            run.succeed("Done.")
