"""Whole-page cache for anonymous visitors, invalidated by version tokens.

A cached page is stored under a key made of its absolute URL (host, path and the query
parameters the page reads, canonically ordered: ``profiles.query_params``) together with
the *versions* of everything it shows at the time it was rendered: a profile's pages
depend on that profile's version (keyed by slug, so a hit needs no database query), a
paper page on its paper's version, the directory and sitemap on the site version. An
edit gives the versions it affects new tokens (see ``profiles.invalidation``); an entry
whose versions differ from the current ones is rendered again and replaced. A version
missing from the cache (evicted) is recreated as a fresh random token, so an evicted
version can never resurrect a stale page.

The versions live in the ``page_versions`` cache (``settings.PAGE_VERSIONS_CACHE``),
which every process of the site shares: Redis when configured, otherwise files under
``CACHE_DIR``. Pages themselves may then sit in a per-process memory cache and still
never outlive an edit made by another process (a command, another server process).
When both are the same cache, a hit is one round trip (one MGET on Redis).
"""

import hashlib
import threading
import uuid
from collections import OrderedDict
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_vary_headers

from . import query_params

# Entries under superseded versions are never served; they wait to be replaced or expire.
PAGE_SECONDS = 24 * 60 * 60
SITE = "pagever:site"


def profile_version_key(slug):
    # Slugs are at most 80 characters; a longer one in a URL has no profile, but its key
    # must stay short all the same (memcached's limit is 250).
    if len(slug) > 100:
        slug = hashlib.sha256(slug.encode()).hexdigest()
    return f"pagever:profile:{slug}"


def paper_version_key(pk):
    return f"pagever:paper:{pk}"


def _versions_cache():
    return caches[settings.PAGE_VERSIONS_CACHE]


def _shared():
    return settings.PAGE_VERSIONS_CACHE == "default"


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
        _versions_cache().set_many({key: _token() for key in keys}, None)

    renew()
    transaction.on_commit(renew)


def current_versions(keys):
    """The tokens of ``keys``, creating the missing ones."""
    versions = _versions_cache()
    found = versions.get_many(keys)
    for key in keys:
        if key not in found:
            token = _token()
            found[key] = token if versions.add(key, token, None) else versions.get(key, token)
    return [found[key] for key in keys]


def page_key(location):
    return "page:" + hashlib.sha256(location.encode()).hexdigest()


def _current(entry, found, version_keys):
    return (
        entry is not None
        and len(found) == len(version_keys)
        and entry[0] == [found[name] for name in version_keys]
    )


class ProcessPages:
    """The pages this process served lately, in its memory, in front of a shared cache.

    With Redis a hit would otherwise fetch and unpickle the whole page (334 kB for a large
    profile) on every request. An entry kept here is still checked against the current
    versions, which are read from the shared cache each time (one round trip of a few
    bytes), so it is exactly as fresh as the shared entry. At most ``limit`` bytes of
    pages, the least recently served dropped first.
    """

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's threaded workers share a process

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[2])
        if size > self.limit:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += size - (len(old[2]) if old else 0)
            self.entries[key] = entry
            while self.size > self.limit:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])


_process_pages = {}


def process_pages():
    """This process's ProcessPages, or None when PAGE_MEMORY_BYTES is 0."""
    limit = settings.PAGE_MEMORY_BYTES
    if not limit:
        return None
    if limit not in _process_pages:
        _process_pages.clear()
        _process_pages[limit] = ProcessPages(limit)
    return _process_pages[limit]


def _lookup(key, version_keys):
    """(entry or None, {version key: token}) in one round trip when the caches are one."""
    pages = process_pages()
    if pages is not None and (entry := pages.get(key)) is not None:
        found = _versions_cache().get_many(version_keys)
        if _current(entry, found, version_keys):
            return entry, found
    if _shared():
        found = cache.get_many([key, *version_keys])
        entry = found.pop(key, None)
    else:
        entry, found = cache.get(key), _versions_cache().get_many(version_keys)
    if pages is not None and _current(entry, found, version_keys):
        pages.put(key, entry)
    return entry, found


def _store(key, entry):
    cache.set(key, entry, PAGE_SECONDS)
    if (pages := process_pages()) is not None:
        pages.put(key, entry)


def is_cacheable(request):
    """Anonymous GETs only: owners and editors always see fresh pages (draft previews)."""
    if request.method not in ("GET", "HEAD"):
        return False
    # Without a session cookie nobody is logged in: no need to ask the session, the
    # authentication and two-factor layers (a third of a cache hit's time).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def _page(request, version_keys, params):
    """(cache key, version keys, canonical query) of the page ``request`` asks for."""
    query = query_params.canonical(params(request.GET)) if params else ""
    # The host is part of the key: pages hold absolute URLs (canonical, OpenGraph, feed),
    # and the HTML export renders the same paths under its own host.
    location = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return page_key(location), list(version_keys), query


def serve_cached(request, version_keys, render, params=None):
    """The cached response for this request, or ``render()`` stored when it is a 200.

    ``params`` parses the query string into the values the page reads; the page is then
    rendered from those alone (``request.GET`` holds only them), so its key covers all
    it depends on and parameters it ignores cannot make new entries.
    """
    key, version_keys, query = _page(request, version_keys, params)
    entry, found = _lookup(key, version_keys)
    if _current(entry, found, version_keys):
        versions, content_type, content, headers = entry
        response = HttpResponse(content, content_type=content_type)
        if headers is None and getattr(request, "_page_cache_outer", False):
            response._page_cache_entry = (key, versions)  # to be stored with its headers
        return _vary_on_cookie(response)
    # Read before rendering: an edit made meanwhile changes them, and the entry is stale.
    # A missing version gets a token only if the page renders (a 404 at a random slug
    # must not leave a version behind); if another process made one meanwhile, ours is
    # not the current one and the entry is not stored.
    missing = {name: _token() for name in version_keys if name not in found}
    versions = [found.get(name) or missing[name] for name in version_keys]
    request.GET = QueryDict(query)
    response = render()
    if callable(getattr(response, "render", None)):
        response = response.render()
    if (
        response.status_code == 200
        and not response.streaming
        and all(_versions_cache().add(name, token, None) for name, token in missing.items())
    ):
        if getattr(request, "_page_cache_outer", False):
            # EarlyCachedPageMiddleware stores it with the headers the stack adds.
            response._page_cache_entry = (key, versions)
        else:
            _store(key, (versions, response["Content-Type"], response.content, None))
    return _vary_on_cookie(response)


def _vary_on_cookie(response):
    # Said even when the session was not read: a shared cache must not give a page made
    # for anonymous visitors to someone logged in.
    patch_vary_headers(response, ["Cookie"])
    return response


class EarlyCachedPageMiddleware:
    """Serves cached pages from near the top of the stack.

    A visitor without a session cookie cannot be logged in, so their cached pages need
    neither the session, authentication and two-factor layers nor the view: this finds
    the page's view from the URL, looks its entry up (one round trip) and answers with the
    bytes and the headers the rest of the stack gave it when it was rendered (CSP, frame
    options, Vary). Placed after SecurityMiddleware, which still redirects to HTTPS and adds
    its headers. Entries are stored here, on the way out, with those headers; responses
    that set a cookie are not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = self._page(request)
        if page is None:
            return self.get_response(request)
        key, version_keys, _ = page
        entry, found = _lookup(key, version_keys)
        if _current(entry, found, version_keys) and entry[3] is not None:
            return HttpResponse(entry[2], headers=entry[3])
        request._page_cache_outer = True
        response = self.get_response(request)
        stored = getattr(response, "_page_cache_entry", None)
        if stored is not None and not response.cookies:
            stored_key, versions = stored
            headers = dict(response.items())
            entry = (versions, response["Content-Type"], response.content, headers)
            _store(stored_key, entry)
        return response

    def _page(self, request):
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        spec = _page_spec(get_urlconf() or settings.ROOT_URLCONF, request.path_info)
        if spec is None:
            return None
        version_keys, params = spec
        return _page(request, version_keys, params)


@lru_cache(maxsize=4096)
def _page_spec(urlconf, path):
    """(version keys, query parser) of the cached page at ``path``, or None.

    Resolving a path walks the URL patterns, which took a third of a hit's time; what a
    path resolves to never changes while the URL conf stays, so the answer is remembered
    (for the paths served lately: random ones only evict each other).
    """
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    spec = getattr(match.func, "page_cache", None)
    view_class = getattr(match.func, "view_class", None)
    if spec is None and view_class is not None and issubclass(view_class, CachedPageMixin):
        # A page's version keys depend on its URL's arguments only, never on the request.
        view = view_class(**match.func.view_initkwargs)
        view.args, view.kwargs = match.args, match.kwargs
        return tuple(view.page_version_keys()), view.parse_query
    if spec is not None:
        version_keys, params = spec
        return tuple(version_keys(**match.kwargs)), params
    return None


class CachedPageMixin:
    """For class-based views: define ``page_version_keys()`` from ``self.kwargs``, and
    ``parse_query()`` when the page reads query parameters."""

    def page_version_keys(self):
        raise NotImplementedError

    def parse_query(self, query):
        """The query parameters the page reads, parsed (``profiles.query_params``)."""
        return {}

    def dispatch(self, request, *args, **kwargs):
        handler = super().dispatch
        if not is_cacheable(request):
            return handler(request, *args, **kwargs)
        return serve_cached(
            request,
            self.page_version_keys(),
            lambda: handler(request, *args, **kwargs),
            self.parse_query,
        )


def cached_page(version_keys, params=None):
    """For function views: ``version_keys(**kwargs)`` names the versions the page shows;
    ``params`` parses the query parameters it reads (none when omitted)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable(request):
                return view(request, *args, **kwargs)
            return serve_cached(
                request,
                version_keys(**kwargs),
                lambda: view(request, *args, **kwargs),
                params,
            )

        wrapper.page_cache = (version_keys, params)
        return wrapper

    return decorator
