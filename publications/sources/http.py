"""The one HTTP layer every outside service goes through.

- a User-Agent naming the site and its contact address (CONTACT_EMAIL), as the
  services ask of automated clients;
- a timeout on every request;
- retries with exponential backoff on HTTP 429, 5xx, timeouts and lost connections,
  honouring ``Retry-After``; a service that asks for a longer pause than MAX_WAIT is
  not waited for (the caller keeps its last good data and tries on the next run);
- a rate limit per service (requests-ratelimiter), and answers cached for a day
  (requests-cache; HTTP_CACHE_PATH, or in memory for one client's life);
- every failure becomes a :class:`SourceError` whose message is one line naming the
  service, never a traceback.

A client serves one run of work (``with HttpClient(OPENALEX) as client: ...``).
"""

import email.utils
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from django.conf import settings
from requests.adapters import Retry
from requests_cache import CacheMixin, SQLiteCache
from requests_ratelimiter import LimiterAdapter

RETRY_STATUSES = {429, 500, 502, 503, 504}
ATTEMPTS = 4
BACKOFF_SECONDS = 1.0  # 1, 2, 4 s between the attempts
MAX_WAIT_SECONDS = 60.0
CACHE_FOR = timedelta(days=1)
USER_AGENT = "ScholarPages/1.0 (academic homepages; {contact})"

# Patched by tests: the real pauses between attempts are seconds long.
sleep = time.sleep


class SourceError(Exception):
    """An outside service could not answer; the message is one line naming it."""


@dataclass(frozen=True)
class Service:
    name: str  # as people know it: "OpenAlex"
    base_url: str
    per_second: float  # this site's own limit, below what the service allows
    timeout: float = 30.0


class _Session(CacheMixin, requests.Session):
    """requests' Session with requests-cache in front (a cached answer costs no request)."""


def user_agent():
    contact = f"mailto:{settings.CONTACT_EMAIL}" if settings.CONTACT_EMAIL else "no contact set"
    return USER_AGENT.format(contact=contact)


def _retry_after(response):
    """Seconds the service asks to wait (``Retry-After``: seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class HttpClient:
    def __init__(self, service):
        self.service = service
        self.waited = 0.0  # seconds slept on the service's Retry-After and the backoff
        backend = "memory"
        if settings.HTTP_CACHE_PATH:
            Path(settings.HTTP_CACHE_PATH).parent.mkdir(parents=True, exist_ok=True)
            backend = SQLiteCache(settings.HTTP_CACHE_PATH)
        self.session = _Session(
            backend=backend,
            expire_after=CACHE_FOR,
            allowable_methods=("GET", "POST"),  # Semantic Scholar's batch lookup is a POST
            allowable_codes=(200,),
        )
        self.session.headers["User-Agent"] = user_agent()
        # urllib3 retries only what never reached the service; answers are judged below.
        adapter = LimiterAdapter(
            per_second=service.per_second,
            max_retries=Retry(
                total=2,
                connect=2,
                read=0,
                status=0,
                other=0,
                backoff_factor=0.5,
                respect_retry_after_header=False,
            ),
        )
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.session.close()

    def get_json(self, path, *, params=None, headers=None, missing_ok=False):
        """The JSON answer to GET ``path``; None for a 404 when ``missing_ok``."""
        return self._json("GET", path, params=params, headers=headers, missing_ok=missing_ok)

    def get_text(self, path, *, params=None, headers=None):
        """The text of the answer to GET ``path`` (arXiv answers in Atom XML)."""
        response = self._send("GET", self.service.base_url + path, params=params, headers=headers)
        if response.status_code != 200:
            raise self._error_for(response)
        return response.text

    def post_json(self, path, *, params=None, json=None, headers=None):
        return self._json("POST", path, params=params, json=json, headers=headers)

    def _json(self, method, path, *, missing_ok=False, **options):
        response = self._send(method, self.service.base_url + path, **options)
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code != 200:
            raise self._error_for(response)
        try:
            return response.json()
        except ValueError:
            raise SourceError(
                f"{self.service.name}: the answer was not JSON "
                f"({response.headers.get('Content-Type') or 'no content type'})."
            ) from None

    def _send(self, method, url, **options):
        name = self.service.name
        for attempt in range(1, ATTEMPTS + 1):
            last = attempt == ATTEMPTS
            try:
                response = self.session.request(
                    method, url, timeout=self.service.timeout, **options
                )
            except requests.Timeout:
                if last:
                    raise SourceError(
                        f"{name}: no answer within {self.service.timeout:g} s ({ATTEMPTS} tries)."
                    ) from None
                wait = BACKOFF_SECONDS * 2 ** (attempt - 1)
            except requests.RequestException as error:
                raise SourceError(f"{name}: cannot connect ({_reason(error)}).") from None
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                asked = _retry_after(response)
                if asked is not None and asked > MAX_WAIT_SECONDS:
                    raise SourceError(
                        f"{name}: rate limited (HTTP {response.status_code}); it asks to wait "
                        f"{asked:.0f} s, tried again on the next refresh."
                    )
                if last:
                    return response
                wait = asked if asked is not None else BACKOFF_SECONDS * 2 ** (attempt - 1)
            self.waited += wait
            sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _error_for(self, response):
        name, status = self.service.name, response.status_code
        if status == 429:
            return SourceError(f"{name}: rate limited (HTTP 429) after {ATTEMPTS} tries.")
        if status >= 500:
            return SourceError(f"{name}: server error (HTTP {status}) after {ATTEMPTS} tries.")
        detail = _detail(response)
        return SourceError(f"{name}: refused the request (HTTP {status}{detail}).")


def _reason(error):
    """The innermost cause of a connection error, without the URL and object reprs."""
    cause = error
    while cause.__context__ is not None and cause.__context__ is not cause:
        cause = cause.__context__
    text = str(cause).split(": ", 1)[-1] if str(cause) else type(cause).__name__
    return " ".join(text.split())[:120]


def _detail(response):
    """A short reason from an error body (JSON ``message``/``error``, else its first line)."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip().splitlines()
        return f": {text[0][:120]}" if text else ""
    if isinstance(body, dict):
        message = body.get("message") or body.get("error")
        if isinstance(message, list) and message and isinstance(message[0], dict):
            message = message[0].get("message")
        if isinstance(message, str) and message.strip():
            return f": {' '.join(message.split())[:120]}"
    return ""
