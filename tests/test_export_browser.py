"""The exported site opened from disk in Chromium, offline: complete, accessible, same look."""

import pytest
from PIL import Image, ImageChops

from profiles.export.html import export_profile_html
from profiles.models import Profile
from tests.harness import ACCESSIBILITY_CONTEXT, files_only, format_violations, open_page, run_axe
from tests.support import ROOT, demo_slugs

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "var" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
# Share of pixels allowed to differ between the live and the exported page (anti-aliasing).
MAX_DIFFERENT_PIXELS = 0.005


@pytest.fixture
def exported(demo_site, tmp_path):
    def export(slug):
        out = tmp_path / slug
        export_profile_html(profile=Profile.objects.get(slug=slug), out=out)
        return out

    return export


def screenshot_offline(browser, url, path):
    """A full-page screenshot with every request off file:// aborted; returns those requests."""
    context = browser.new_context(viewport=VIEWPORT)
    attempted = []

    def route(route):
        if files_only(route.request.url):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(url, wait_until="load")
        page.screenshot(path=path, full_page=True)
    finally:
        context.close()
    return attempted, failed


def different_pixels(first, second):
    with Image.open(first) as one, Image.open(second) as two:
        if one.size != two.size:
            return 1.0
        red, green, blue = ImageChops.difference(one.convert("RGB"), two.convert("RGB")).split()
        strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
        # Differences of at most 16 levels are anti-aliasing, not a changed page.
        changed = strongest.point(lambda level: 255 if level > 16 else 0).histogram()[255]
        return changed / (one.width * one.height)


@pytest.mark.parametrize("slug", demo_slugs())
def test_exported_page_opens_offline_and_looks_like_the_live_page(
    demo_site, browser, visit, exported, slug
):
    out = exported(slug)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    live_png = SCREENSHOTS / f"export-{slug}-live.png"
    file_png = SCREENSHOTS / f"export-{slug}-file.png"

    live = visit(f"{demo_site}/{slug}/", viewport=VIEWPORT)
    live.page.screenshot(path=live_png, full_page=True)
    attempted, failed = screenshot_offline(browser, (out / "index.html").as_uri(), file_png)

    assert attempted == [], "the exported page asked the network"
    assert failed == [], "a file of the export is missing"
    assert different_pixels(live_png, file_png) <= MAX_DIFFERENT_PIXELS


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_exported_pages_are_accessible_and_clean(browser, exported, scheme):
    out = exported(demo_slugs()[0])
    pages = [out / "index.html", out / "publications/index.html"]
    pages.append(sorted((out / "papers").rglob("index.html"))[0])
    for page in pages:
        with open_page(
            browser, page.as_uri(), allowed=files_only, color_scheme=scheme, **ACCESSIBILITY_CONTEXT
        ) as opened:
            opened.assert_clean()
            violations = run_axe(opened.page)
            assert not violations, format_violations(violations)


def test_single_file_export_opens_offline_with_everything_inside(browser, demo_site, tmp_path):
    slug = demo_slugs()[-1]
    out = tmp_path / f"{slug}.html"
    export_profile_html(profile=Profile.objects.get(slug=slug), out=out, single_file=True)

    attempted, failed = screenshot_offline(
        browser, out.as_uri(), SCREENSHOTS / f"export-{slug}-single.png"
    )

    assert attempted == []
    assert [url for url in failed if not url.startswith("data:")] == []


def visible_titles(page):
    return page.locator("article.publication:visible .pub-title").all_inner_texts()


def form_values(page):
    fields = page.locator("form.filters [name]")
    return {field.get_attribute("name"): field.input_value() for field in fields.all()}


# Query strings the server does not filter by: the page, live or static, shows every paper.
NOT_FILTERS = ["year=abc&type=nonsense", "utm_source=x", "year=0&type=&q="]


@pytest.mark.parametrize(
    "query",
    [
        *["tag=cv", "tag=CV", "year=2023", "type=preprint&q=segment", "q=zzz-nothing"],
        *["year=1700", "q=2025", "q=preprint"],  # what no title, venue or author holds
        *NOT_FILTERS,
    ],
)
def test_exported_publication_filters_show_what_the_live_server_shows(
    demo_site, browser, visit, exported, query
):
    slug = "zixuan-tang"
    out = exported(slug)
    live = visit(f"{demo_site}/{slug}/publications/?{query}")
    expected = visible_titles(live.page)
    expected_status = live.page.locator(".result-count").all_inner_texts()
    expected_fields = form_values(live.page)
    if query in NOT_FILTERS:
        assert expected_status == []
        assert len(expected) == live.page.locator("article.publication").count()

    static_url = (out / "publications/index.html").as_uri() + f"?{query}"
    with open_page(browser, static_url, allowed=files_only) as opened:
        opened.assert_clean()
        page = opened.page
        assert visible_titles(page) == expected
        assert page.locator(".result-count").all_inner_texts() == expected_status
        assert page.locator("#publications-title .count").inner_text() == str(len(expected))
        assert form_values(page) == expected_fields
        if expected_status:
            clear = page.locator("form.filters a.btn", has_text="Clear")
            assert clear.get_attribute("href") == "index.html"
