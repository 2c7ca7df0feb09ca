"""``/healthz``: whether this app server can reach its database and its caches.

Answered by a middleware placed first: load balancers and orchestrators probe by IP
address over plain HTTP, which the host check and the HTTPS redirect would refuse.
200 with ``{"status": "ok", …}`` when every check passes, else 503 naming what failed.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse

PATH = "/healthz"
logger = logging.getLogger(__name__)


def _database(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache(alias):
    cache = caches[alias]
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("a value written could not be read back")
    finally:
        cache.delete(key)


def checks():
    """{name: "ok" or the error's one-line description}."""
    found = {}
    for kind, check, aliases in (
        ("database", _database, settings.DATABASES),
        ("cache", _cache, settings.CACHES),
    ):
        for alias in aliases:
            name = kind if alias == "default" else f"{kind}:{alias}"
            try:
                check(alias)
            except Exception as error:
                logger.error("Health check %s failed: %s", name, error)
                found[name] = f"error: {type(error).__name__}"
            else:
                found[name] = "ok"
    return found


def health(request):
    found = checks()
    healthy = all(value == "ok" for value in found.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **found})
    response.status_code = 200 if healthy else 503
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
