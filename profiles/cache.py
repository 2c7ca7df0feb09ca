"""Whole-page cache for anonymous visitors, invalidated by version keys.

A cached page is stored under a key made of the request path and the current
*versions* of everything it shows: a profile's pages use that profile's version
(keyed by slug, so a cache hit needs no database query), a paper page its paper's
version, the directory and sitemap the site version. An edit bumps the versions it
affects (see ``profiles.invalidation``); old entries are never read again and
expire on their own. A version missing from the cache (evicted) is recreated as a
fresh random token, so an evicted version can never resurrect a stale page.
"""

import hashlib
import uuid
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

# Entries under superseded versions are never read again; they only wait to expire.
PAGE_SECONDS = 24 * 60 * 60
SITE = "pagever:site"


def profile_version_key(slug):
    return f"pagever:profile:{slug}"


def paper_version_key(pk):
    return f"pagever:paper:{pk}"


def _token():
    return uuid.uuid4().hex


def bump(keys):
    """Give each version key a new token, now and again after the transaction commits.

    The second bump closes the race where a request renders the old rows between the
    first bump and the commit and caches them under the new version.
    """
    keys = set(keys)
    if not keys:
        return

    def renew():
        cache.set_many({key: _token() for key in keys}, None)

    renew()
    transaction.on_commit(renew)


def current_versions(keys):
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            token = _token()
            found[key] = token if cache.add(key, token, None) else cache.get(key, token)
    return [found[key] for key in keys]


def page_key(version_keys, path):
    versions = current_versions(list(version_keys))
    digest = hashlib.sha256("\n".join([*versions, path]).encode()).hexdigest()
    return f"page:{digest}"


def is_cacheable(request):
    """Anonymous GETs only: owners and editors always see fresh pages (draft previews)."""
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def serve_cached(request, version_keys, render):
    """The cached response for this request, or ``render()`` stored when it is a 200."""
    # The host is part of the key: pages hold absolute URLs (canonical, OpenGraph, feed),
    # and the HTML export renders the same paths under its own host.
    key = page_key(version_keys, request.build_absolute_uri())
    entry = cache.get(key)
    if entry is not None:
        content_type, content = entry
        return HttpResponse(content, content_type=content_type)
    response = render()
    if callable(getattr(response, "render", None)):
        response = response.render()
    if response.status_code == 200 and not response.streaming:
        cache.set(key, (response["Content-Type"], response.content), PAGE_SECONDS)
    return response


class CachedPageMixin:
    """For class-based views: define ``page_version_keys()`` from ``self.kwargs``."""

    def page_version_keys(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        handler = super().dispatch
        if not is_cacheable(request):
            return handler(request, *args, **kwargs)
        return serve_cached(
            request, self.page_version_keys(), lambda: handler(request, *args, **kwargs)
        )


def cached_page(version_keys):
    """For function views: ``version_keys(**kwargs)`` names the versions the page shows."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable(request):
                return view(request, *args, **kwargs)
            return serve_cached(
                request, version_keys(**kwargs), lambda: view(request, *args, **kwargs)
            )

        return wrapper

    return decorator
