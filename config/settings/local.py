"""Local development: DEBUG on and a fixed, clearly fake secret unless one is given."""

from environs import validate

from .base import *  # noqa: F403
from .base import LOGGING, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only")
# Read by a person in a terminal, not a log store.
LOGGING["handlers"]["stdout"]["formatter"] = env.str(
    "LOG_FORMAT", default="text", validate=validate.OneOf(["json", "text"])
)
