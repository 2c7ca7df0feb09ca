"""Markdown to safe HTML: CommonMark rendering, then an allow-list sanitiser.

Raw HTML is allowed through the renderer (people write ``<del>`` in bios) because
nh3 removes everything outside the allow-list afterwards: scripts, event
handlers, ``style`` attributes and ``javascript:`` URLs never survive.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_renderer.enable("strikethrough").enable("table")


def sanitize_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def _render(text):
    return sanitize_html(_renderer.render(text)).strip()


def render_markdown(text):
    """Block Markdown (paragraphs, lists) to sanitised HTML, marked safe."""
    return mark_safe(_render(text or ""))


def render_markdown_inline(text):
    """Inline Markdown (a news item, a TL;DR): one paragraph's content, without the <p>."""
    html = _render(text or "")
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)
