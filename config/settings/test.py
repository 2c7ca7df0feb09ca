"""Tests: fast hashing, isolated cache, never the network."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105 - not a secret, tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No answer of an outside service is kept between tests (a cache per refresh only).
HTTP_CACHE_PATH = None
