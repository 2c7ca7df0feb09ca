"""Rewriting the references of rendered pages: a regex finds the tags, the standard
library's parser reads the attributes of those that may hold a reference.

Only the start tags that change are re-serialised; every other byte of a page stays as
the live site rendered it (attribute quoting, entity-encoded e-mail addresses, text).
"""

import html
import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from profiles.structured_data import json_ld

from .render import EXPORT_HOST

# Attributes an <a> without href must not carry (HTML: "placeholder" links).
_HREF_ONLY = ("target", "download", "rel", "ping", "hreflang", "type", "referrerpolicy")
# Elements that load a resource through ``src``; an image that cannot be had is left out.
_DROPPED_WITHOUT_SRC = {"img", "source", "track", "embed"}
_SRC_ELEMENTS = _DROPPED_WITHOUT_SRC | {"script", "iframe", "video", "audio", "input"}
# Meta tags and links that must hold an absolute URL of the page or image.
_ABSOLUTE_LINK_RELS = {"canonical", "shortlink"}

_RAW_TEXT_ELEMENTS = ("script", "style")

CSS_URL = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)'"\s]*))\s*\)"""
    r"""|@import\s+(?:"(?P<idq>[^"]*)"|'(?P<isq>[^']*)')""",
)
ABSOLUTE_EXPORT_URL = re.compile(
    r"https?://" + re.escape(EXPORT_HOST) + r"(?P<path>/[^\s\"'<>\\]*)?"
)


# A root-relative URL without "." segments, "//", whitespace or control characters.
_PLAIN_ROOT_PATH = re.compile(r"/(?![/.])(?:[^/\s\x00-\x1f\x7f]|/(?![/.]))*")


class StartTag:
    """A start tag whose attributes can be changed; ``html()`` writes it back."""

    def __init__(self, name, attrs, self_closing):
        self.name = name
        self.attrs = attrs  # [(name, value)] as the parser gives them; copied on change
        self.self_closing = self_closing
        self.changed = False

    def get(self, name):
        """The attribute's value; None when absent or written without one (``defer``)."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    def has(self, name):
        return any(key == name for key, _ in self.attrs)

    def set(self, name, value):
        self.changed = True
        for index, (key, _) in enumerate(self.attrs):
            if key == name:
                self.attrs = [*self.attrs[:index], (name, value), *self.attrs[index + 1 :]]
                return
        self.attrs = [*self.attrs, (name, value)]

    def remove(self, *names):
        kept = [attr for attr in self.attrs if attr[0] not in names]
        if len(kept) != len(self.attrs):
            self.attrs = kept
            self.changed = True

    def html(self):
        parts = [self.name]
        for key, value in self.attrs:
            parts.append(key if value is None else f'{key}="{html.escape(value)}"')
        return "<" + " ".join(parts) + (" />" if self.self_closing else ">")


_TAG_BODY = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
# A value that can only point elsewhere: another scheme, or http(s) and // URLs of another
# host. ``internal_path`` returns None for each, so the policies never change such a tag.
_EXTERNAL_VALUE = (
    r"(?:(?!https?:)[a-z][a-z0-9+.\-]*:|(?:https?:)?//(?!" + re.escape(EXPORT_HOST) + r"[/\"?#]))"
)
# An attribute that may need rewriting: a reference not known to be external (single-quoted
# and unquoted values are never judged, only offered), srcset, style, or the absolute URL
# of an exported page in a meta tag's content.
_REWRITABLE_ATTRIBUTE = (
    r"""\s(?:(?:href|src|action|poster|data)\s*=\s*(?:"(?!"""
    + _EXTERNAL_VALUE
    + r""")|'|[^\s"'=<>`])|srcset\s*=|style\s*=|content\s*=\s*["']?https?://"""
    + re.escape(EXPORT_HOST)
    + r")"
)
# Comments (skipped), <script>/<style> start tags (their text is offered to ``on_raw``)
# and start tags with attributes. Values may not hold ">": pages are valid HTML whose
# text and attribute values Django's autoescape and nh3 escape, so "<" and ">" appear
# only as markup (the tests run the Nu checker on every page). A regex this simple lets
# the engine pass over most of a page without returning to Python.
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)(?=[\s/>])[^>]*>"
    r"|<[a-z][^\s/>]*(?P<attrs>\s[^>]*)>",
    re.DOTALL | re.IGNORECASE,
)
_REWRITABLE = re.compile(_REWRITABLE_ATTRIBUTE, re.IGNORECASE)
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE) for name in _RAW_TEXT_ELEMENTS
}


class _TagParser(HTMLParser):
    """Attributes of one start tag, exactly as the standard library's parser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = None

    def handle_starttag(self, tag, attrs):
        self.found = (tag, tuple(attrs), False)

    def handle_startendtag(self, tag, attrs):
        self.found = (tag, tuple(attrs), True)

    def parse(self, text):
        self.reset()
        self.found = None
        self.feed(text)
        return self.found


@lru_cache(maxsize=4096)
def _parse_tag(text):
    """(name, attributes, self-closing) of a start tag; the same tags recur on every page."""
    return _TagParser().parse(text)


def _scan(source):
    """[(kind, offset, text, StartTag)]: tags that may need rewriting ("tag") and the
    text of <script> and <style> elements ("raw", with their element)."""
    edits = []
    skip_to = 0
    for match in _MARKUP.finditer(source):
        attrs = match.group("attrs")
        raw = match.group("raw")
        if match.start() < skip_to or (raw is None and not (attrs and _REWRITABLE.search(attrs))):
            continue
        text = match.group(0)
        parsed = _parse_tag(text)
        if parsed is None:
            continue
        tag = StartTag(*parsed)
        edits.append(("tag", match.start(), text, tag))
        if raw and not tag.self_closing:
            position = match.end()
            closing = _RAW_TEXT_END[raw.lower()].search(source, position)
            skip_to = closing.start() if closing else len(source)
            if skip_to > position:
                edits.append(("raw", position, source[position:skip_to], tag))
    return edits


def transform_html(source, *, on_tag, on_raw=None):
    """Apply ``on_tag(StartTag) -> str | None`` and ``on_raw(text, parent) -> str | None``.

    A returned string replaces the original text (``""`` removes a tag), None keeps it.
    """
    out, position = [], 0
    for kind, offset, text, tag in _scan(source):
        if kind == "tag":
            replacement = on_tag(tag)
        else:
            replacement = None if on_raw is None else on_raw(text, tag)
        if replacement is None:
            continue
        out.append(source[position:offset])
        out.append(replacement)
        position = offset + len(text)
    out.append(source[position:])
    return "".join(out)


def rewrite_css(css, resolve):
    """Each url() and @import through ``resolve(url) -> str | None`` (None: cannot be had)."""

    def replace(match):
        url = next(group for group in match.groups() if group is not None)
        if not url or url.startswith(("data:", "#")):
            return match.group(0)
        new = resolve(url)
        if new is None:
            new = "data:,"
        if match.group(0).startswith("@import"):
            return f'@import "{new}"'
        return f'url("{new}")'

    return CSS_URL.sub(replace, css)


def split_srcset(value):
    """[(url, descriptor)] of a srcset; our URLs never hold ", " so splitting there is exact."""
    candidates = []
    for candidate in value.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            candidates.append((url, descriptor.strip()))
    return candidates


class LinkPolicy:
    """Decides what becomes of each reference; subclasses say where references go.

    ``link(url)`` for things a visitor follows (<a href>, form action) and
    ``resource(url, tag)`` for things the browser loads; each returns the new URL or None
    when the export cannot hold it. ``absolute(url)`` serves canonical and OpenGraph URLs.
    """

    def link(self, url):
        raise NotImplementedError

    def resource(self, url, tag):
        raise NotImplementedError

    def absolute(self, url):
        raise NotImplementedError

    def json_url(self, url):
        """What an absolute URL of ours inside JSON-LD becomes; None leaves its key out."""
        raise NotImplementedError

    def json_ld(self, text):
        """JSON-LD with each URL of ours passed through ``json_url``; a key or list item
        whose value is a URL the export cannot hold is left out (an empty ``"image": ""``
        would be a claim, not an absence)."""
        dropped = False

        def replace(match):
            nonlocal dropped
            new = self.json_url(match.group(0))
            dropped = dropped or new is None
            return match.group(0) if new is None else new

        # Every URL kept (nearly always): replaced in place, no JSON parsing.
        rewritten = ABSOLUTE_EXPORT_URL.sub(replace, text)
        if not dropped:
            return rewritten
        return json_ld(_urls_in_json(json.loads(text), self.json_url))

    def css(self, css):
        raise NotImplementedError

    def rewrite(self, source):
        return transform_html(source, on_tag=self.tag, on_raw=self.raw)

    def raw(self, text, parent):
        if parent.name == "style":
            new = self.css(text)
        elif (parent.get("type") or "").endswith("json"):
            new = self.json_ld(text)
        else:
            return None
        return None if new == text else new

    def tag(self, tag):
        name = tag.name
        if name in ("a", "area"):
            self._attr(tag, "href", self.link, drop=_HREF_ONLY)
        elif name == "form":
            self._attr(tag, "action", self.link)
            # A static page cannot answer a query: a search form is hidden, unless
            # static/js/site.js applies it within the page (the publication list).
            is_get = (tag.get("method") or "get").lower() == "get"
            if is_get and not tag.has("data-filter-in-page") and not tag.has("hidden"):
                tag.set("hidden", None)
        elif name == "link":
            rels = set((tag.get("rel") or "").lower().split())
            href = tag.get("href")
            if href is not None:
                handler = self.absolute if rels & _ABSOLUTE_LINK_RELS else self._resource_of(tag)
                new = handler(href)
                if new is None:
                    return ""
                if new != href:
                    tag.set("href", new)
        elif name == "meta":
            content = tag.get("content")
            if content is not None and ABSOLUTE_EXPORT_URL.match(content):
                new = self.absolute(content)
                if new is None:
                    return ""
                tag.set("content", new)
        if name in _SRC_ELEMENTS and tag.get("src") is not None:
            new = self.resource(tag.get("src"), tag)
            if new is None and name in _DROPPED_WITHOUT_SRC:
                return ""
            self._apply(tag, "src", new)
        if tag.get("srcset") is not None:
            self._srcset(tag)
        for attr in ("poster", "data"):
            if tag.get(attr) is not None and name in ("video", "object"):
                self._attr(tag, attr, self._resource_of(tag))
        if tag.get("style"):
            new = self.css(tag.get("style"))
            if new != tag.get("style"):
                tag.set("style", new)
        return tag.html() if tag.changed else None

    def _resource_of(self, tag):
        return lambda url: self.resource(url, tag)

    def _attr(self, tag, attr, handler, drop=()):
        value = tag.get(attr)
        if value is None:
            return
        new = handler(value)
        if new is None:
            tag.remove(attr, *drop)
        else:
            self._apply(tag, attr, new)

    @staticmethod
    def _apply(tag, attr, new):
        if new is None:
            tag.remove(attr)
        elif new != tag.get(attr):
            tag.set(attr, new)

    def _srcset(self, tag):
        kept = []
        for url, descriptor in split_srcset(tag.get("srcset")):
            new = self.resource(url, tag)
            if new is not None:
                kept.append(f"{new} {descriptor}".strip())
        if kept:
            self._apply(tag, "srcset", ", ".join(kept))
        else:
            tag.remove("srcset", "sizes")


def _urls_in_json(value, convert):
    if isinstance(value, str):
        if ABSOLUTE_EXPORT_URL.fullmatch(value):
            return convert(value)
        # A URL inside other text: rewritten, or taken out of it.
        return ABSOLUTE_EXPORT_URL.sub(lambda match: convert(match.group(0)) or "", value)
    if isinstance(value, list):
        items = (_urls_in_json(item, convert) for item in value)
        return [item for item in items if item is not None]
    if isinstance(value, dict):
        pairs = ((key, _urls_in_json(item, convert)) for key, item in value.items())
        return {key: item for key, item in pairs if item is not None}
    return value


def internal_path(url, base_path):
    """(path, query, fragment) of a URL of this site, resolved against ``base_path``; else None.

    None means the URL is not ours: another host, or a scheme like mailto: or data:.
    """
    if _PLAIN_ROOT_PATH.fullmatch(url):
        # Most references (``/static/…``, ``/papers/…``): the base and urljoin change nothing.
        path, _, fragment = url.partition("#")
        path, _, query = path.partition("?")
        return path, query, fragment
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc != EXPORT_HOST:
        return None
    joined = urlsplit(urljoin(base_path, parts._replace(scheme="", netloc="").geturl()))
    return joined.path, joined.query, joined.fragment
