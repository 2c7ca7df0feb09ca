"""Each demo page says what the researcher's own homepage (``seeds/``) says, item for item.

The items are read from the saved original pages (seed_pages.py), not written here; each
is looked for on the rendered demo page, in the same order and form. Where the demo page
says something differently on purpose, ``DIFFERENT`` says what and why, and the test
checks that form instead.
"""

import re

import pytest
from bs4 import BeautifulSoup

from profiles.bundles.importer import import_bundle
from profiles.export.html import export_profile_html
from profiles.management.commands.demo import DEMO_DIR, add_placeholder_images
from profiles.tests.page_helpers import get_page, text_of
from profiles.tests.seed_pages import seed_000, seed_002, seed_003, squash

pytestmark = pytest.mark.django_db

# What the demo pages print otherwise than their originals, and why.
DIFFERENT = {
    "news dates": "2026.1 and [05/2025] are printed as Jan 2026 and May 2025 (<time>)",
    "position dates": "2012~2016 and Jan. 2025 - Now print as 2012 – 2016, Jan 2025 – present",
    "services": "“Conference Reviewers: CVPR23/24/25/26” prints as “Reviewer, conferences: "
    "CVPR 2023–2026”: the same venues and years, grouped by role",
    "link labels": "link labels follow the site's icons (Arxiv → arXiv); the URLs are the same",
    "003 heading": "the feed has no heading; the demo page keeps one, “Publications”, for "
    "screen readers and the outline",
    "003 status": "the feed's papers print “preprint” after their authors",
    "descriptions": "seed 000's paper descriptions print under a “TL;DR” label",
}


def load_demo(slug):
    profile = import_bundle(DEMO_DIR / slug).profile
    add_placeholder_images(profile)
    return profile


def headings(soup):
    return [text_of(h2) for h2 in soup.select("main section > h2")]


def news_items(soup):
    return [
        (item.find("time")["datetime"], text_of(item.select_one(".news-text")))
        for item in soup.select("#news .news-item")
    ]


def articles(soup):
    return soup.select("#publications article.publication")


def authors(article):
    """(name, mark, highlighted as) of each author, in order."""
    result = []
    for author in article.select(".pub-authors .author"):
        marks = "".join(mark.get_text() for mark in author.select("sup.mark"))
        for mark in author.select("sup.mark"):
            mark.extract()
        style = "strong" if author.find("strong") else "u" if author.find("u") else ""
        result.append((author.get_text(), marks, style))
    return result


def link_urls(article):
    title = [a["href"] for a in article.select(".pub-title a")]
    return title + [a["href"] for a in article.select(".pub-links a")]


def year_list(text):
    """``2023–2026``, ``2024, 2026`` -> [2023, 2024, 2025, 2026], [2024, 2026]."""
    years = []
    for part in filter(None, (part.strip() for part in text.split(","))):
        first, _, last = part.partition("–")
        years += list(range(int(first), int(last or first) + 1))
    return years


def test_seed_000_zikai_song_page_says_what_the_original_says(client):
    seed = seed_000()
    load_demo("zikai-song")
    soup = get_page(client, "/zikai-song/")

    assert (
        headings(soup)
        == [heading for heading in seed.headings if heading]
        == ["About me", "News", "Experience", "Award and Service", "Publications", "Project"]
    )
    # “Award and Service” is one heading over two kinds of section, one link in the menu.
    assert soup.select_one("section#awards > div#services")
    nav = [text_of(a) for a in soup.select("nav .nav-links a")]
    assert nav[:5] == seed.headings[1:]

    # News: every item, in order, all in a scrolling box (the original's 200px box).
    year_month = [
        (f"{int(date.split('.')[0]):04d}-{int(date.split('.')[1]):02d}", text)
        for date, text in seed.news
    ]
    assert news_items(soup) == year_month  # DIFFERENT["news dates"]
    box = soup.select_one("#news .news-scroll")
    assert len(box.select(".news-item")) == len(seed.news) == 16
    assert box["tabindex"] == "0" and not soup.select("#news .news-more")

    # Experience: one list in the original's order.
    positions = [
        (
            text_of(item.select_one(".role")),
            text_of(item.select_one(".organization")),
            text_of(item.select_one(".dates")).replace(" – ", "–"),  # DIFFERENT["position dates"]
        )
        for item in soup.select("#positions li.position")
    ]
    assert positions == seed.positions
    assert not soup.select("#positions .subheading")

    assert [text_of(award.select_one(".item-title")) for award in soup.select(".award")] == (
        seed.awards
    )
    page_services = [
        (
            text_of(item.select_one(".service-venue")),
            year_list(text_of(item.select_one(".service-years"))),
        )
        for item in soup.select("#services .inline-list li")
    ]
    assert page_services == seed.services  # DIFFERENT["services"]

    grants = [
        (int(text_of(item.select_one(".item-when"))), text_of(item.select_one(".item-title")))
        for item in soup.select("#grants .grant")
    ]
    assert grants == seed.grants

    papers = articles(soup)
    assert [text_of(article.select_one(".pub-title")) for article in papers] == [
        paper.title for paper in seed.papers
    ]
    for article, paper in zip(papers, seed.papers, strict=True):
        names = authors(article)
        assert [name for name, _, _ in names] == paper.authors, paper.title
        assert {name: mark for name, mark, _ in names if mark} == paper.marks, paper.title
        assert [(name, style) for name, _, style in names if style] == [(paper.owner, "strong")]
        assert text_of(article.select_one(".venue")) == paper.venue
        assert int(text_of(article.select_one(".pub-year"))) == paper.year
        assert [text_of(badge) for badge in article.select(".badge")] == paper.badges
        urls = link_urls(article)
        assert all(url in urls for _, url in paper.links), (paper.title, paper.links, urls)
        assert text_of(article.select_one(".pub-tldr")) == f"TL;DR {paper.text}"
        # The paper box: the teaser beside the entry with the venue on it.
        assert "pub-with-teaser" in article["class"]
        teaser = article.select_one(".pub-teaser")
        assert teaser.find("img") and text_of(teaser.select_one(".teaser-venue")) == paper.venue


def _seed_002_dates(text):
    """``Sept. 2023 - Now`` -> ``Sep 2023 – present``, as the demo page prints dates."""
    text = text.replace(".", "").replace("Now", "present").replace(" - ", " – ")
    return re.sub(r"\b([A-Z][a-z]{2})[a-z]*\b", r"\1", text)


def test_seed_002_zeqing_wang_page_says_what_the_original_says(client):
    seed = seed_002()
    load_demo("zeqing-wang")
    soup = get_page(client, "/zeqing-wang/")

    assert headings(soup) == seed.headings
    news = [(f"{date[4:8]}-{date[1:3]}", text) for date, text in seed.news]
    assert news_items(soup) == news  # DIFFERENT["news dates"]

    positions = soup.select("#positions li.position")
    assert len(positions) == len(seed.positions)
    for item, (role, organization, dates) in zip(positions, seed.positions, strict=True):
        assert text_of(item.select_one(".role")) == role
        # The original prints "CSE, Sun Yat-sen University"; the page links the university
        # and names the unit after it.
        assert text_of(item.select_one(".organization a")) in organization
        assert text_of(item.select_one(".dates")) == _seed_002_dates(dates)
        assert item.select_one("img.org-logo")  # every original row has a logo

    papers = articles(soup)
    assert [text_of(article.select_one(".pub-title")) for article in papers] == [
        paper.title for paper in seed.papers
    ]
    for article, paper in zip(papers, seed.papers, strict=True):
        assert not article.select(".pub-title a")  # the original links no title
        names = authors(article)
        assert [name for name, _, _ in names] == paper.authors, paper.title
        assert {name: mark for name, mark, _ in names if mark} == paper.marks
        assert [(name, style) for name, _, style in names if style] == [(paper.owner, "u")]
        venue = article.select_one(".venue")
        if paper.venue == "preprint":
            assert venue is None and text_of(article.select_one(".pub-status")) == "preprint"
        else:
            assert text_of(venue) == paper.venue
        if paper.year:
            assert int(text_of(article.select_one(".pub-year"))) == paper.year
        assert [text_of(badge) for badge in article.select(".badge")] == paper.badges
        urls = link_urls(article)
        assert all(url in urls for _, url in paper.links), (paper.title, urls)
        labels = [text_of(a).casefold() for a in article.select(".pub-links a")]
        for label, _ in paper.links:  # DIFFERENT["link labels"]
            assert label.casefold().removesuffix(" page") in labels, (label, labels)

    assert [text_of(award.select_one(".item-title")) for award in soup.select(".award")] == (
        seed.awards
    )
    for heading, text in seed.sections:
        section = soup.select_one(f"#section-{heading.casefold()}")
        assert text_of(section.find("h2")) == heading
        assert text_of(section.select_one(".prose")) == text


def test_seed_003_zixuan_tang_feed_says_what_the_original_says(client):
    seed = seed_003()
    load_demo("zixuan-tang")
    soup = get_page(client, "/zixuan-tang/")

    assert headings(soup) == ["Publications"]  # DIFFERENT["003 heading"]
    papers = articles(soup)
    assert len(papers) == len(seed.papers)
    for article, paper in zip(papers, seed.papers, strict=True):
        title = text_of(article.select_one(".pub-title"))
        # The saved feed runs each title into its authors: "…RecognitionYuhang Wen, …".
        assert paper.title.startswith(title), (paper.title, title)
        assert text_of(article.select_one(".pub-authors")) == paper.title[len(title) :]
        # Nobody is highlighted.
        assert all(style == "" for _, _, style in authors(article))
        assert [text_of(chip) for chip in article.select(".chip-topic")] == [paper.topic]
        # "Apr 19" is this year's date on the feed; the page always gives the year.
        assert text_of(article.select_one(".pub-date")).startswith(paper.date)
        code = [a for a in article.select(".pub-links a") if text_of(a) == "Code"]
        assert bool(code) == bool(paper.links)
        abstract = article.select_one(".pub-abstract-open")
        assert abstract is not None and abstract.name == "div"  # open, not folded
        assert text_of(abstract) == squash(paper.text)
        assert text_of(article.select_one(".pub-status")) == "preprint"  # DIFFERENT["003 status"]


@pytest.mark.parametrize("slug", ["zikai-song", "zeqing-wang", "zixuan-tang"])
def test_the_static_export_of_each_demo_page_shows_what_the_live_page_shows(client, slug, tmp_path):
    profile = load_demo(slug)
    live = get_page(client, f"/{slug}/")
    export_profile_html(profile=profile, out=tmp_path / "site")
    exported = BeautifulSoup((tmp_path / "site" / "index.html").read_bytes(), "html.parser")
    assert text_of(exported.select_one("main")) == text_of(live.select_one("main"))
    assert headings(exported) == headings(live)
    assert [text_of(a) for a in exported.select("#publications .pub-title")] == [
        text_of(a) for a in live.select("#publications .pub-title")
    ]
    assert len(exported.select("img")) == len(live.select("img"))
