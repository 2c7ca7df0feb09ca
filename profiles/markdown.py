"""Markdown to safe HTML: CommonMark rendering, then an allow-list sanitiser.

Raw HTML is allowed through the renderer (people write ``<del>`` in bios) because
nh3 removes everything outside the allow-list afterwards: scripts, event
handlers, ``style`` attributes and ``javascript:`` URLs never survive.
"""

import re
from functools import lru_cache, partial
from html import escape

import nh3
from django.conf import settings
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "em", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "img": {"src", "alt", "title", "width", "height"},
    "details": {"open"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_renderer.enable("strikethrough").enable("table")


def media_prefix():
    """Where the site's own uploads are served from: the only images Markdown shows, so
    the CSP keeps ``img-src 'self'`` (plus object storage's origin, when media live there)."""
    url = settings.MEDIA_URL
    return url if url.startswith(("http://", "https://", "//")) else "/" + url.lstrip("/")


def _image_or_link(self, tokens, index, options, env):
    """An image from this site's uploads; any other image as a link to it (it is never
    loaded from elsewhere)."""
    token = tokens[index]
    src = token.attrGet("src") or ""
    if src.startswith(env["media_prefix"]):
        return self.image(tokens, index, options, env)
    alt = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escape(src)}">{escape(alt)}</a>'


_renderer.add_render_rule("image", _image_or_link)


def _keep_own_images(prefix, tag, attribute, value):
    if tag == "img" and attribute == "src" and not value.startswith(prefix):
        return None  # a raw <img> from elsewhere: no source, nothing fetched
    return value


# On nh3's output (attributes normalised, double-quoted): an <img> whose source went
# (not an upload here) is dropped; one without a text alternative gets an empty one.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")


def sanitize_html(html, prefix=None):
    html = _sanitize(html, prefix)
    if "<img" in html:
        html = _IMG_WITHOUT_ALT.sub('<img alt=""', _IMG_WITHOUT_SRC.sub("", html))
    return html


def _sanitize(html, prefix):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=partial(_keep_own_images, prefix or media_prefix()),
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def _render(text, prefix):
    html = _renderer.render(text, {"media_prefix": prefix})
    return sanitize_html(html, prefix).strip()


def render_markdown(text):
    """Block Markdown (paragraphs, lists) to sanitised HTML, marked safe."""
    return mark_safe(_render(text or "", media_prefix()))


def render_markdown_inline(text):
    """Inline Markdown (a news item, a TL;DR): one paragraph's content, without the <p>."""
    html = _render(text or "", media_prefix())
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)
