"""Tests: fast hashing, isolated caches and media, never the network."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105 - not a secret, tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# As the embedded default, but in memory: pages and page versions in separate caches.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "page_versions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page-versions",
    },
}
PAGE_VERSIONS_CACHE = "page_versions"
PAGE_MEMORY_BYTES = 0
# Whatever the shell exports, tests write media to their own folder (conftest.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
# Static files from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOG_LEVEL = "WARNING"
LOGGING["root"]["level"] = LOGGING["loggers"]["django"]["level"] = LOG_LEVEL  # noqa: F405
# No answer of an outside service is kept between tests (a cache per refresh only).
HTTP_CACHE_PATH = None
# The image-by-address tests serve their images from a server on 127.0.0.1.
REMOTE_IMAGE_ALLOW_PRIVATE = True
REMOTE_IMAGE_TIMEOUT_SECONDS = 2
