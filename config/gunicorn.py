"""gunicorn's settings (``gunicorn config.wsgi --config config/gunicorn.py``), from the environment.

HOST and PORT say where to listen (127.0.0.1:8000: a reverse proxy in front),
WEB_CONCURRENCY how many worker processes (default 2 × cores + 1) and GUNICORN_THREADS how
many threads each (4). Threaded workers keep connections open between requests (the default
sync workers close each one); in bench/serving.py they matched sync workers on a quiet machine
and held up far better on a busy one.
Logs go to stdout in the format of the site's own (LOG_FORMAT); ACCESS_LOG=true adds a
line per request, which the reverse proxy usually writes already.
"""

import multiprocessing
import os

from config.logging import stdout_logging

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Loaded once before the workers fork: a configuration error (no SECRET_KEY) stops the
# server with its one-line message instead of every worker failing in turn.
preload_app = True
access_log = os.environ.get("ACCESS_LOG", "").lower() in ("1", "true", "yes")

logconfig_dict = stdout_logging(
    os.environ.get("LOG_FORMAT", "json"),
    loggers={
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # With a logging configuration gunicorn always makes access records; without
        # ACCESS_LOG nothing writes them.
        "gunicorn.access": {
            "handlers": ["stdout"] if access_log else [],
            "level": "INFO" if access_log else "WARNING",
            "propagate": False,
        },
    },
)
