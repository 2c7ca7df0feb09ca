"""Local development: DEBUG on and a fixed, clearly fake secret unless one is given."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only")
