"""Images given as a web address (a teaser, a logo, the photo): fetched once, checked like
an upload, stored locally, so pages keep ``img-src 'self'``.

Bounded: at most ``images.MAX_BYTES`` read, ``REMOTE_IMAGE_TIMEOUT_SECONDS`` in all,
five redirects, each hop's address checked (no private, loopback, link-local or reserved
address outside tests). Anything else is a ValidationError naming the address and why.
"""

import ipaddress
import os
import socket
import time
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from .images import MAX_BYTES, inspect_image

MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


def is_web_address(value):
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def _refuse(url, reason):
    return ValidationError(f"The image at {url} could not be used: {reason}.", code="remote")


def _check_address(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refuse(url, "only http:// and https:// addresses are fetched")
    if settings.REMOTE_IMAGE_ALLOW_PRIVATE:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise _refuse(url, f"the host {parts.hostname} is unknown") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise _refuse(url, f"{parts.hostname} is a private or local address ({address})")


def _read(response, url, deadline):
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _refuse(
            url, f"it is {int(declared) / 1024 / 1024:.1f} MB; images may be at most 10 MB"
        )
    content = bytearray()
    while True:
        # read1 returns what has arrived (a server dripping a byte at a time never fills
        # a chunk, so a read of a whole chunk would outlive the deadline).
        chunk = response.raw.read1(_CHUNK)
        if not chunk:
            break
        content += chunk
        if len(content) > MAX_BYTES:
            raise _refuse(url, "it is larger than 10 MB; images may be at most 10 MB")
        if time.monotonic() > deadline:
            raise _refuse(url, "the server took too long to send it")
    return bytes(content)


def fetch_image(url):
    """The image at ``url`` as a ContentFile named after it, checked by
    ``images.inspect_image``; a ValidationError saying why otherwise."""
    limit = settings.REMOTE_IMAGE_TIMEOUT_SECONDS
    deadline = time.monotonic() + limit
    current = url
    try:
        with requests.Session() as session:
            for _hop in range(MAX_REDIRECTS + 1):
                _check_address(current)
                with session.get(
                    current, stream=True, allow_redirects=False, timeout=(limit, limit)
                ) as response:
                    if response.is_redirect:
                        current = urljoin(current, response.headers["Location"])
                        continue
                    if response.status_code != 200:
                        raise _refuse(url, f"the server answered {response.status_code}")
                    content = _read(response, url, deadline)
                    break
            else:
                raise _refuse(url, f"more than {MAX_REDIRECTS} redirects")
    except requests.Timeout:
        raise _refuse(url, "the server took too long to answer") from None
    except requests.RequestException as error:
        raise _refuse(url, f"it could not be downloaded ({type(error).__name__})") from None
    name = os.path.basename(urlsplit(current).path) or "image"
    file = ContentFile(content, name=name)
    try:
        inspect_image(file)
    except ValidationError as error:
        raise _refuse(url, error.messages[0].rstrip(".")) from None
    return file
