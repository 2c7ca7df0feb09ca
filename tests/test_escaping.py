"""Everything a user typed stays text: no markup, script, handler or live link gets through.

One profile carries attack strings in every text field of itself, its sections and a paper
(saved with ``.save()``, so validation does not stop them); every page that shows it must
render them inert: visible as text, never as elements, attributes, URLs or template code.
"""

import json
import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from profiles.models import SECTION_NAMES, Profile, ProfileLink
from profiles.tests import factories as pf
from publications.models import Author, PublicationLink, Tag
from publications.tests.factories import make_publication
from tests.support import sitemap_urls

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{ request }}{% debug %}"
PAYLOAD = SCRIPT + IMG + TEMPLATE  # 79 characters
# Fields shorter than PAYLOAD get the part that fits.
PAYLOAD_60 = SCRIPT + IMG
MARKDOWN = PAYLOAD + ' [x](javascript:alert(1)) <a href="javascript:alert(1)" onclick="x()">y</a>'
JS_URL = "javascript:alert(1)"
PROFILE_PAGES = ["/{slug}/", "/{slug}/publications/"]
SEARCHES = ["/?q={q}", "/{slug}/publications/?q={q}&year={q}&type={q}&tag={q}"]


@pytest.fixture
def hostile():
    """A profile and a paper with attack strings in every field a user types."""
    profile = pf.ProfileFactory(
        slug="hostile",
        name=PAYLOAD,
        native_name=PAYLOAD,
        aliases=[PAYLOAD],
        pronouns=IMG,
        headline=PAYLOAD,
        affiliation=PAYLOAD,
        affiliation_url="https://example.org/?q=%3Cscript%3E",
        location=PAYLOAD,
        email=f"a{SCRIPT}@example.org",
        bio=MARKDOWN,
        interests=[PAYLOAD],
        announcement=MARKDOWN,
        marker_equal="<script>",
        marker_corresponding="<q>",
        section_order=[*SECTION_NAMES, PAYLOAD],
    )
    ProfileLink.objects.create(
        profile=profile, kind="website", url="https://example.org/", label=PAYLOAD
    )
    ProfileLink.objects.create(
        profile=profile, kind="other", url="https://example.org/", label=PAYLOAD
    )
    pf.NewsItemFactory(profile=profile, text=MARKDOWN)
    pf.PositionFactory(
        profile=profile,
        organization=PAYLOAD,
        organization_url="https://example.org/",
        unit=PAYLOAD,
        role=PAYLOAD,
        location=PAYLOAD,
        advisors=[PAYLOAD],
        description=MARKDOWN,
    )
    pf.AwardFactory(profile=profile, title=PAYLOAD, issuer=PAYLOAD, description=MARKDOWN)
    pf.ServiceFactory(profile=profile, venue=PAYLOAD, note=PAYLOAD)
    pf.GrantFactory(
        profile=profile,
        title=PAYLOAD,
        funder=PAYLOAD,
        role=PAYLOAD_60,
        amount=PAYLOAD_60,
        description=MARKDOWN,
    )
    pf.CustomSectionFactory(profile=profile, title=PAYLOAD, body=MARKDOWN)
    paper = make_publication(
        authors=[
            {"author": profile, "equal": True},
            {"author": Author.objects.create(name=PAYLOAD), "equal": True, "corresponding": True},
        ],
        title=PAYLOAD,
        venue=PAYLOAD,
        venue_full=PAYLOAD,
        venue_note=PAYLOAD,
        badges=[PAYLOAD],
        doi=f"10.1234/{IMG}",
        arxiv=IMG,
        abstract=MARKDOWN,
        tldr=MARKDOWN,
        bibtex=f"@article{{x, title={{{PAYLOAD}}}}}",
    )
    paper.tags.add(Tag.objects.create(name=PAYLOAD))
    PublicationLink.objects.create(
        publication=paper, label=PAYLOAD_60, url="https://example.org/paper.pdf"
    )
    return profile, paper


def live_javascript(value):
    # Browsers ignore whitespace and control characters inside a scheme.
    return re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:")


def assert_inert(html, where):
    """No script but our static files and JSON-LD, no handler, no javascript: URL."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            try:
                json.loads(script.string or "")
            except ValueError as error:
                problems.append(f"JSON-LD does not parse ({error}): {script.string!r:.200}")
        elif not script.get("src", "").startswith("/static/") or script.string:
            problems.append(f"script: {str(script)[:200]}")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                problems.append(f"handler {name}= on <{element.name}>: {str(element)[:200]}")
            if live_javascript(value) and name.lower() in ("href", "src", "action", "formaction"):
                problems.append(f"javascript: URL in {str(element)[:300]}")
    problems += [f"<q> element from a marker: {q}" for q in soup.find_all("q")]
    if "WSGIRequest" in html or "'False': False" in html:
        problems.append("template syntax was evaluated")
    assert not problems, f"{where}:\n" + "\n".join(problems)
    return soup


def get_html(client, path):
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


@pytest.mark.parametrize("page", PROFILE_PAGES)
def test_profile_pages_show_the_payload_as_text(client, hostile, page):
    profile, _ = hostile
    path = page.format(slug=profile.slug)
    soup = assert_inert(get_html(client, path), path)
    text = soup.get_text()
    assert SCRIPT in text, "the name should be shown, escaped"
    assert TEMPLATE in text, "template syntax should appear literally"


@pytest.fixture
def javascript_urls(hostile):
    """javascript: in every URL field, stored past validation (as a raw SQL update would)."""
    profile, paper = hostile
    Profile.objects.filter(pk=profile.pk).update(affiliation_url=JS_URL)
    ProfileLink.objects.filter(profile=profile).update(url=JS_URL)
    profile.positions.update(organization_url=JS_URL)
    PublicationLink.objects.filter(publication=paper).update(url=JS_URL)
    return profile, paper


@pytest.mark.parametrize("page", [*PROFILE_PAGES, "paper"])
def test_stored_javascript_urls_are_not_live_links(client, javascript_urls, page):
    profile, paper = javascript_urls
    path = paper.get_absolute_url() if page == "paper" else page.format(slug=profile.slug)
    html = get_html(client, path)
    assert_inert(html, path)
    for block in BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json"):
        assert JS_URL not in block.string, f"{path}: JSON-LD carries {JS_URL}"


def test_paper_page_is_inert(client, hostile):
    _, paper = hostile
    soup = assert_inert(get_html(client, paper.get_absolute_url()), "paper page")
    assert PAYLOAD in soup.find("h1").get_text()
    for meta in soup.find_all("meta", attrs={"name": re.compile("^citation_")}):
        assert not live_javascript(meta.get("content", ""))
    assert soup.find("meta", attrs={"name": "citation_title", "content": PAYLOAD})


def test_directory_is_inert(client, hostile):
    soup = assert_inert(get_html(client, "/"), "directory")
    assert SCRIPT in soup.get_text()


@pytest.mark.parametrize("search", SEARCHES)
def test_search_queries_are_inert(client, hostile, search):
    from urllib.parse import quote

    path = search.format(slug=hostile[0].slug, q=quote(PAYLOAD))
    assert_inert(get_html(client, path), path)


def test_json_ld_holds_the_payload_as_text(client, hostile):
    soup = BeautifulSoup(get_html(client, "/hostile/"), "html.parser")
    blocks = soup.find_all("script", type="application/ld+json")
    assert blocks, "no JSON-LD on the profile page"
    strings = []

    def collect(value):
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, str):
            strings.append(value)

    for block in blocks:
        assert "</script" not in block.string.lower()
        collect(json.loads(block.string))
    assert PAYLOAD in strings, "the name should be in the JSON-LD, as a string"


def test_feed_is_well_formed_and_its_html_inert(client, hostile):
    response = client.get("/hostile/feed.atom")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    atom = "{http://www.w3.org/2005/Atom}"
    assert PAYLOAD in feed.find(f"{atom}title").text
    entries = feed.findall(f"{atom}entry")
    assert entries
    for entry in entries:
        for part in entry:
            if part.get("type") == "html" and part.text:
                assert_inert(part.text, f"feed {part.tag}")


def test_sitemap_is_well_formed(client, hostile):
    locations = sitemap_urls(client)  # each part parsed as XML
    assert any(location.endswith("/hostile/") for location in locations)
    assert not any("<" in location or live_javascript(location) for location in locations)


def test_bibtex_is_served_as_text(client, hostile):
    response = client.get("/hostile/publications.bib")
    assert response.status_code == 200
    assert not response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ProfileLink(profile=Profile(), kind="website", url=JS_URL), "url"),
        (lambda: pf.ProfileFactory.build(affiliation_url=JS_URL), "affiliation_url"),
        (lambda: pf.PositionFactory.build(organization_url=JS_URL), "organization_url"),
        (lambda: PublicationLink(label="code", url=JS_URL), "url"),
    ],
    ids=["profile link", "affiliation", "organization", "publication link"],
)
def test_validation_refuses_javascript_urls(build, field):
    with pytest.raises(ValidationError) as caught:
        build().full_clean()
    assert field in caught.value.message_dict
