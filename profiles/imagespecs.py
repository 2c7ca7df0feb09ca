"""Thumbnails for public pages: photos, logos and teasers, never the full upload.

Each kind has a 1x and a 2x spec for ``srcset``. Files are made by imagekit when a
page first asks for them and kept under MEDIA_ROOT/CACHE; their URLs and pixel size
are found once and remembered in the cache, so ``<img>`` carries width and height
(no layout shift) without touching the disk on every render.
"""

import logging
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from django.core.cache import cache
from django.core.files.images import get_image_dimensions
from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFill, ResizeToFit

logger = logging.getLogger(__name__)


class _WebP(ImageSpec):
    format = "WEBP"
    options = {"quality": 82}


class Photo160(_WebP):
    processors = [ResizeToFill(160, 160)]


class Photo320(_WebP):
    processors = [ResizeToFill(320, 320)]


class Logo48(_WebP):
    processors = [ResizeToFit(48, 48, upscale=False)]


class Logo96(_WebP):
    processors = [ResizeToFit(96, 96, upscale=False)]


class Teaser400(_WebP):
    processors = [ResizeToFit(400, 300, upscale=False)]


class Teaser800(_WebP):
    processors = [ResizeToFit(800, 600, upscale=False)]


SPECS = {
    "photo": (Photo160, Photo320),
    "logo": (Logo48, Logo96),
    "teaser": (Teaser400, Teaser800),
}
# imagekit only runs its cache-file strategy (generate on first use) for registered specs.
for _spec in (Photo160, Photo320, Logo48, Logo96, Teaser400, Teaser800):
    register.generator(f"profiles:{_spec.__name__.lower()}", _spec)


@lru_cache(maxsize=8192)
def _cachefile_name(spec, source_name):
    # imagekit names a thumbnail by a hash of its spec (pickled, then hashed) on every
    # call, though the name depends on nothing but the spec and the source's name.
    return spec(source=SimpleNamespace(name=source_name)).cachefile_name


def _cache_file(spec, field_file):
    return ImageCacheFile(spec(source=field_file), name=_cachefile_name(spec, field_file.name))


@dataclass(frozen=True)
class Thumbnail:
    url: str
    url_2x: str
    width: int
    height: int

    @property
    def srcset(self):
        return f"{self.url} 1x, {self.url_2x} 2x"


def thumbnail(field_file, kind):
    """The ``kind`` thumbnail of an image field, or None when there is no usable source.

    A missing or unreadable source is logged and omitted: one lost file must not take
    a whole profile page down. What a page needs of a thumbnail (its URLs and pixel
    size) is remembered in the cache under the names, so a page of 300 teasers asks
    the cache 300 times, not the disk.
    """
    if not field_file:
        return None
    key = f"thumb:{kind}:{field_file.name}"
    found = cache.get(key)
    if found is None:
        found = _make_thumbnail(field_file, kind)
        if found is None:
            return None
        cache.set(key, found, None)
    url, url_2x, width, height = found
    return Thumbnail(url=url, url_2x=url_2x, width=width, height=height)


def _make_thumbnail(field_file, kind):
    spec_1x, spec_2x = SPECS[kind]
    try:
        small = _cache_file(spec_1x, field_file)
        large = _cache_file(spec_2x, field_file)
        # Reading a URL makes the file when it is missing (imagekit's JustInTime).
        url, url_2x = small.url, large.url
        with small.storage.open(small.name, "rb") as generated:
            width, height = get_image_dimensions(generated)
    except Exception as error:
        # One line: a lost upload is the researcher's to fix, not a bug to trace (the
        # export reports it by name; a traceback would bury that report).
        logger.warning("Cannot make a %s thumbnail of %s: %s", kind, field_file.name, error)
        logger.debug("Thumbnail failure", exc_info=True)
        return None
    if not width or not height:
        return None
    return url, url_2x, width, height
