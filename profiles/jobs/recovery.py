"""Tasks whose worker died are queued again (or failed), never left "running" for ever.

django-tasks-db marks a task running when a worker claims it and finished when the
task returns; a worker killed in between (SIGKILL, out of memory, a lost machine)
would leave it running for good. So each worker records a heartbeat every
TASK_HEARTBEAT_SECONDS from a thread of its own, and every worker sweeps: a running
task whose worker has not beaten for TASK_LEASE_SECONDS, or whose process on this
machine no longer exists, goes back to the queue; after TASK_MAX_ATTEMPTS claims it
fails with a message instead (a task that kills its worker must not loop).

Tasks are written to be run again: exports replace their file, imports are atomic and
idempotent, citation refreshes overwrite the same rows.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Job, WorkerBeat

logger = logging.getLogger(__name__)

HOSTNAME = socket.gethostname()


class WorkerLost(Exception):
    """Recorded on a task given up on after its workers died TASK_MAX_ATTEMPTS times."""


def _process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _gone_workers(worker_ids, now):
    """Those of ``worker_ids`` that are no longer alive."""
    beats = {beat.worker_id: beat for beat in WorkerBeat.objects.filter(worker_id__in=worker_ids)}
    cutoff = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    gone = set()
    for worker_id in worker_ids:
        beat = beats.get(worker_id)
        if (
            beat is None
            or beat.seen_at < cutoff
            or (beat.hostname == HOSTNAME and not _process_exists(beat.pid))
        ):
            gone.add(worker_id)
    return gone


def recover_abandoned_tasks(now=None):
    """Requeue or fail the running tasks of dead workers; returns (requeued, failed) counts."""
    now = now or timezone.now()
    requeued = failed = 0
    with transaction.atomic():
        # Workers sweeping at the same time skip each other's rows (PostgreSQL).
        running = list(
            DBTaskResult.objects.running().select_for_update(skip_locked=True).order_by()
        )
        if not running:
            return 0, 0
        gone = _gone_workers({task.worker_ids[-1] for task in running if task.worker_ids}, now)
        for task in running:
            if task.worker_ids and task.worker_ids[-1] not in gone:
                continue
            attempts = len(task.worker_ids)
            if attempts < settings.TASK_MAX_ATTEMPTS:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                Job.objects.filter(task_id=str(task.id)).update(
                    status=Job.Status.QUEUED,
                    message=f"Its worker stopped during attempt {attempts}; queued again.",
                )
                requeued += 1
            else:
                message = (
                    f"Its worker stopped {attempts} times while running it "
                    "(killed, out of memory or a lost machine); not tried again."
                )
                task.status = TaskResultStatus.FAILED
                task.finished_at = now
                task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                task.traceback = message
                task.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                Job.objects.filter(task_id=str(task.id)).update(
                    status=Job.Status.FAILED, message=message, finished_at=now
                )
                failed += 1
    if requeued or failed:
        logger.warning(
            "Recovered tasks of stopped workers: %s queued again, %s failed.", requeued, failed
        )
    return requeued, failed


class Heartbeat:
    """Registers a worker, renews its ``seen_at`` and sweeps, from a thread of its own."""

    def __init__(self, worker_id):
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self):
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"hostname": HOSTNAME, "pid": os.getpid(), "started_at": now, "seen_at": now},
        )
        recover_abandoned_tasks()
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()

    def _run(self):
        try:
            while not self._stop.wait(settings.TASK_HEARTBEAT_SECONDS):
                try:
                    WorkerBeat.objects.filter(worker_id=self.worker_id).update(
                        seen_at=timezone.now()
                    )
                    recover_abandoned_tasks()
                except OperationalError as error:
                    # SQLite busy with the task's own long write: the next beat will do.
                    logger.warning("Worker heartbeat skipped: %s", error)
        finally:
            connection.close()
