"""``manage.py worker``: runs background jobs (exports, large imports, citation refreshes)."""

import logging

from django.core.management.base import BaseCommand

from profiles.jobs.worker import run_worker


class Command(BaseCommand):
    help = (
        "Runs queued background jobs until stopped. Start as many as you like, on one "
        "machine or several sharing the database; a job killed with its worker is run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait between looks at an empty queue (default 1).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the jobs that are ready, then exit."
        )
        parser.add_argument(
            "--max-tasks", type=int, help="Exit after this many jobs (a fresh process then)."
        )

    def handle(self, *args, **options):
        if options["verbosity"]:
            for name in ("django_tasks_db", "django.tasks", "profiles.jobs"):
                logger = logging.getLogger(name)
                if not logger.handlers:
                    logger.addHandler(logging.StreamHandler(self.stdout))
                logger.setLevel(logging.INFO)
        run_worker(
            batch=options["batch"],
            interval=options["interval"],
            max_tasks=options["max_tasks"],
            handle_signals=True,
        )
