"""Running queued jobs inside a test, as a worker does."""

from unittest import mock

from profiles.jobs.worker import run_worker


def run_jobs():
    """Run every ready job with the worker's own loop, here, then return.

    The worker checks its database connection between tasks and closes one that is inside
    a transaction; in a test that transaction is the test itself, so the check is skipped.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        run_worker(batch=True, interval=0)
