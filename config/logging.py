"""The one logging set-up of the site's processes: records to stdout, where a process manager
or container runtime collects them. Shared by the Django settings and gunicorn's own
configuration (config/gunicorn.py), so the server's lines and the site's look alike."""


def stdout_logging(log_format="json", level="INFO", loggers=None):
    """A ``logging.config.dictConfig`` dictionary: every record to stdout as one JSON object
    (``log_format="json"``: a traceback stays inside its record, fields a log store indexes
    without patterns) or as a line of text (``"text"``, for people)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format if log_format in ("json", "text") else "json",
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": loggers or {},
    }
