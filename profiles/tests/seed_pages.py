"""The items of the three original homepages behind the demo bundles (``seeds/``, copied
from the researchers' sites), read from the saved pages themselves.

Each reader returns a ``Seed``: the page's section headings in order and its items per
kind, in the page's order and in the page's own words, for test_seed_pages.py to find on
the rendered demo page.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

SEEDS = Path(__file__).parent / "seeds"


@dataclass
class Paper:
    title: str
    authors: list  # names in printed order
    owner: str  # the highlighted name, "" when the page highlights nobody
    marks: dict  # name -> the mark printed after it
    venue: str  # as printed (short name, or full name)
    year: int | None
    badges: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (label, url) with a url
    text: str = ""  # the description or abstract printed under it
    teaser: bool = False
    topic: str = ""
    date: str = ""  # as printed
    et_al: bool = False


@dataclass
class Seed:
    headings: list
    news: list = field(default_factory=list)  # (date as printed, text)
    positions: list = field(default_factory=list)  # (role, organization, years as printed)
    awards: list = field(default_factory=list)  # title
    services: list = field(default_factory=list)  # (venue, [years])
    grants: list = field(default_factory=list)  # (year, title)
    papers: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # (heading, text) of free text sections


def squash(text):
    return " ".join(text.split())


def _markdown_sections(text):
    """{heading: body} of a Jekyll page whose sections are ``Heading\\n---``."""
    parts = re.split(r"^(.+)\n---\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _service_venues(line):
    """``CVPR23/24/25/26, ICCV23/25`` -> [("CVPR", [2023, …]), ("ICCV", [2023, 2025])]."""
    venues = []
    for item in line.split(","):
        match = re.match(r"\s*(.*?)\s*((?:\d\d/?)*)\s*$", item)
        name, years = match.group(1), match.group(2)
        venues.append((name, [2000 + int(year) for year in years.split("/") if year]))
    return venues


def seed_000():
    """Zikai Song: academicpages, Markdown with HTML paper boxes."""
    text = (SEEDS / "000_715b7f7b8e1e0793.txt").read_text()
    title = re.search(r'^title: "(.*)"$', text, flags=re.M).group(1)
    sections = _markdown_sections(text.split("---", 2)[2])
    seed = Seed(headings=[title, *sections])
    news = BeautifulSoup(sections["News"], "html.parser")
    for item in news.select("li"):
        date = item.find("strong").extract().get_text()
        seed.news.append((date, squash(item.get_text()).removeprefix(": ")))
    for line in sections["Experience"].strip().splitlines():
        match = re.match(r"\* (.+?) in (.+), (\d{4})~(\d{4})$", line)
        seed.positions.append(
            (match.group(1), match.group(2), f"{match.group(3)}–{match.group(4)}")
        )
    for line in sections["Award and Service"].strip().splitlines():
        line = line.removeprefix("* ")
        if ": " in line:
            seed.services += _service_venues(line.split(": ", 1)[1])
        else:
            seed.awards.append(line)
    for row in BeautifulSoup(sections["Publications"], "html.parser").select("tr"):
        cell = row.select("td")[1]
        anchors = cell.find_all("a")
        authors_html = str(cell).split("<br/>")[1]
        authors_soup = BeautifulSoup(authors_html, "html.parser")
        names, marks = [], {}
        for raw in squash(authors_soup.get_text()).split(", "):
            name = raw.rstrip("*")
            names.append(name)
            if raw.endswith("*"):
                marks[name] = "*"
        venue_line = squash(str(cell).split("<br/>")[2])
        venue_soup = BeautifulSoup(venue_line, "html.parser")
        badge = venue_soup.find("strong")
        seed.papers.append(
            Paper(
                title=anchors[0].get_text(),
                authors=names,
                owner=authors_soup.find("strong").get_text().rstrip("*"),
                marks=marks,
                venue=venue_soup.find("em").get_text(),
                year=int(re.search(r"(\d{4})", venue_soup.get_text()).group(1)),
                badges=[badge.get_text().strip("()")] if badge else [],
                links=[(a.get_text(), a["href"]) for a in anchors[1:] if a["href"]],
                text=squash(cell.find_all("p")[-1].get_text()),
                teaser=row.find("img") is not None,
            )
        )
    for line in sections["Project"].strip().splitlines():
        year, title = line.removeprefix("* ").split(" ", 1)
        seed.grants.append((int(year), title))
    return seed


def seed_002():
    """Ze-qing Wang: academicpages, Markdown with HTML tables."""
    saved = (SEEDS / "002_45bfd6bbd4dbd56e.txt").read_text(encoding="utf-8")
    # Saved through a Mac Roman reading of its UTF-8 ("ÁéãÊ≥ΩÂçø" for 王泽卿): undone here.
    text = saved.encode("mac_roman").decode("utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)  # what the page does not show
    soup = BeautifulSoup(text, "html.parser")
    title = re.search(r'^title: "(.*)"$', text, flags=re.M).group(1)
    bold_lines = re.findall(r"^\*\*(\w.*?)\*\*\s*$", text, flags=re.M)
    headings = [title, squash(soup.find("h1").get_text()), *bold_lines]
    seed = Seed(headings=headings)
    for paragraph in soup.select("h1 + div p"):
        for line in str(paragraph).split("<br/>"):
            line_soup = BeautifulSoup(line, "html.parser")
            bold = line_soup.find("b")
            if bold:
                date = bold.extract().get_text()
                seed.news.append((date, squash(line_soup.get_text())))
    tables = soup.find_all("table")
    for row in tables[0].select("tr"):
        cell = row.select("td")[1]
        organization = squash(cell.find("b").get_text())
        detail = squash(str(cell).split("<br/>")[1])
        role, dates = re.match(
            r"(.*?)\.?\((.*)\)\.?$", BeautifulSoup(detail, "html.parser").get_text()
        ).groups()
        seed.positions.append((role, organization, dates))
    for row in tables[1].select("tr"):
        cell = row.select("td")[-1]
        title = cell.find("b").get_text().strip('"')
        line = BeautifulSoup(str(cell).split("<br/>")[1], "html.parser")
        venue_text = squash(line.find("i").get_text())
        line.find("i").extract()
        names, marks = [], {}
        for raw in re.split(r", | and ", squash(line.get_text()).rstrip(". ")):
            name = raw.rstrip("*")
            names.append(name)
            if raw.endswith("*"):
                marks[name] = "*"
        badges = re.findall(r"\b(Highlight)\b", venue_text) + re.findall(
            r"(CCF-[ABC]|Q1)", venue_text
        )
        venue = re.split(r"\s*[\d(]", venue_text, maxsplit=1)[0].strip(" .")
        year = re.search(r"(20\d\d)", venue_text)
        seed.papers.append(
            Paper(
                title=title,
                authors=names,
                owner=line.find("u").get_text().rstrip("*"),
                marks=marks,
                venue=venue,
                year=int(year.group(1)) if year else None,
                badges=badges,
                links=[(a.get_text(), a["href"]) for a in cell.find_all("a")],
            )
        )
    for row in tables[2].select("tr"):
        seed.awards.append(squash(row.find("i").get_text()))
    interests = text.split("**Interests**", 1)[1].split("--------", 1)[0]
    seed.sections.append(("Interests", squash(interests)))
    return seed


_FEED_HEAD = re.compile(r"^(CV|AI)([A-Z][a-z]{2} \d{1,2}(?:, \d{4})?)(Code)?$")


def seed_003():
    """Zixuan Tang: a paper feed saved as text: topic, date, Code; title and authors;
    the abstract."""
    lines = (SEEDS / "003_1d3b23898b084ae3.txt").read_text(encoding="utf-8").splitlines()
    seed = Seed(headings=[])
    index = 0
    while index < len(lines):
        head = _FEED_HEAD.match(lines[index])
        title_authors, abstract = lines[index + 1], lines[index + 2]
        seed.papers.append(
            Paper(
                title=title_authors,  # title and authors run together; split by the test
                authors=[],
                owner="",
                marks={},
                venue="",
                year=None,
                links=[("Code", "")] if head.group(3) else [],
                text=abstract,
                topic=head.group(1),
                date=head.group(2),
            )
        )
        index += 3
    return seed
