"""The worker loop: django-tasks-db's, with a heartbeat and the periodic jobs scheduled."""

from django.tasks import DEFAULT_TASK_BACKEND_ALIAS
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from .recovery import Heartbeat


def run_worker(*, batch=False, interval=1.0, max_tasks=None, handle_signals=False):
    """Run queued tasks until stopped (or, with ``batch``, until none is ready).

    With ``handle_signals`` (the command), a first SIGINT/SIGTERM lets the current task
    finish, a second stops it (the task is then recorded as failed).
    """
    from publications.citations.schedule import ensure_refresh_scheduled

    worker = Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        # Workers started together look at the queue at different moments.
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=get_random_string(32),
    )
    heartbeat = Heartbeat(worker.worker_id)
    heartbeat.start()
    try:
        ensure_refresh_scheduled()
        if handle_signals:
            worker.configure_signals()
        worker.run()
    finally:
        heartbeat.stop()
