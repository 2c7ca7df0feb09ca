"""Debian's Chromium driven by Playwright's sync API, with a network guard and console log.

Every request a page makes is recorded; pages must load nothing from elsewhere (no CDN, no
web fonts, no analytics). A live-server page may only ask its own origin; an exported page
opened from disk only ``file://`` (``files_only``).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _origin(url):
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def same_origin(base_url):
    """A request filter allowing only ``base_url``'s scheme, host and port (and data: URIs)."""
    origin = _origin(base_url)
    return lambda url: url.startswith("data:") or _origin(url) == origin


def files_only(url):
    """A request filter for exported pages opened from disk: file:// and data: only."""
    return url.startswith(("file://", "data:"))


@dataclass
class NetworkGuard:
    """Records the URL of every request in a browser context."""

    allowed: object  # a callable: url -> bool
    requests: list = field(default_factory=list)

    def attach(self, context):
        context.on("request", lambda request: self.requests.append(request.url))
        return self

    @property
    def offending(self):
        return [url for url in self.requests if not self.allowed(url)]


@dataclass
class Visit:
    """One page in its own browser context, with what it requested and logged."""

    page: object
    guard: NetworkGuard
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    response: object = None

    def problems(self):
        """Off-site requests, console errors (CSP violations land there) and uncaught errors."""
        return (
            [f"request to another origin: {url}" for url in self.guard.offending]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
        )

    def assert_clean(self):
        problems = self.problems()
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)


@contextmanager
def open_page(browser, url, *, allowed=None, **context_options):
    """Open ``url`` in a fresh context and yield a Visit; the context closes afterwards.

    ``allowed`` filters request URLs (default: ``url``'s own origin); ``context_options``
    go to ``browser.new_context`` (viewport, color_scheme, bypass_csp, ...).
    """
    context = browser.new_context(**context_options)
    try:
        guard = NetworkGuard(allowed or same_origin(url)).attach(context)
        page = context.new_page()
        visit = Visit(page=page, guard=guard)
        page.on(
            "console",
            lambda message: message.type == "error" and visit.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
        visit.response = page.goto(url, wait_until="load")
        yield visit
    finally:
        context.close()


# Numbers every element so that focused elements can be compared with a query's results.
_NUMBER_ELEMENTS = "document.querySelectorAll('*').forEach((el, i) => { el.dataset.probe = i; })"
_DESCRIBE = """(element) => ({
    probe: element.dataset.probe,
    tag: element.tagName.toLowerCase(),
    href: element.getAttribute('href') || '',
    text: (element.innerText || element.getAttribute('aria-label') || '').trim().slice(0, 60),
    indicator: ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow']
        .map((name) => getComputedStyle(element)[name]).join(' '),
})"""


def visible_elements(page, selector):
    """Descriptions of the elements matching ``selector`` that are rendered and visible.

    Nothing is focused meanwhile, so ``indicator`` is each element's unfocused outline.
    """
    page.evaluate(_NUMBER_ELEMENTS)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    return page.evaluate(
        f"""(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => el.getClientRects().length > 0
                && getComputedStyle(el).visibility !== 'hidden')
            .map({_DESCRIBE})""",
        selector,
    )


def tab_order(page, limit=2000):
    """Press Tab from the top of the page until focus leaves it or wraps around.

    Returns a description (probe number, tag, href, text, and ``indicator``: its outline and
    box-shadow while focused) of each element focused, in order.
    """
    page.evaluate(_NUMBER_ELEMENTS)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        described = page.evaluate(
            f"""() => {{
                const el = document.activeElement;
                return el && el !== document.body ? ({_DESCRIBE})(el) : null;
            }}"""
        )
        if described is None or (reached and described["probe"] == reached[0]["probe"]):
            break
        reached.append(described)
    return reached
