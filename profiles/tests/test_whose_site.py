"""Whose site it is: a profile's pages, its papers seen from it and its export carry the
researcher's name in the top bar; the directory carries the site's name (SITE_NAME)."""

import pytest
from bs4 import BeautifulSoup

from profiles.export.html import export_profile_html
from profiles.management.commands.demo import _initials
from profiles.tests.factories import ProfileFactory
from profiles.tests.page_helpers import get_page
from publications.tests.factories import make_publication

pytestmark = pytest.mark.django_db


def top_bar(soup):
    link = soup.select_one(".site-header .site-name")
    return link.get_text(strip=True), link["href"]


@pytest.fixture
def ada():
    profile = ProfileFactory(name="Ada Lovelace", slug="ada", is_published=True)
    bob = ProfileFactory(name="Bob Baker", slug="bob", is_published=True)
    paper = make_publication(authors=[profile, "Zoe Zhu", bob], title="Engines")
    return profile, paper


def test_a_profile_and_its_pages_carry_the_researchers_name(client, ada, settings):
    settings.SITE_NAME = "Physics Department"
    _, paper = ada
    assert top_bar(get_page(client, "/ada/")) == ("Ada Lovelace", "/ada/")
    assert top_bar(get_page(client, "/ada/publications/")) == ("Ada Lovelace", "/ada/")
    seen_from = get_page(client, paper.get_absolute_url() + "?from=ada")
    assert top_bar(seen_from) == ("Ada Lovelace", "/ada/")
    directory = get_page(client, "/")
    assert top_bar(directory) == ("Physics Department", "/")
    assert "Physics Department" in directory.title.get_text()
    assert "Scholar pages" not in str(get_page(client, "/ada/"))


def test_the_export_carries_the_researchers_name(ada, tmp_path):
    profile, _ = ada
    export_profile_html(profile=profile, out=tmp_path / "site")
    pages = {
        "index.html": "index.html",
        "publications/index.html": "../index.html",
        # The paper as seen from Ada's page: her name on top, linking home, highlighted.
        "papers/engines/index.html": "../../index.html",
    }
    for page, home in pages.items():
        soup = BeautifulSoup((tmp_path / "site" / page).read_text(), "html.parser")
        assert top_bar(soup) == ("Ada Lovelace", home), page
    paper = BeautifulSoup((tmp_path / "site/papers/engines/index.html").read_text(), "html.parser")
    assert [node.get_text() for node in paper.select(".pub-authors strong")] == ["Ada Lovelace"]


def test_the_paper_page_links_to_its_authors_pages(client, ada):
    _, paper = ada
    soup = get_page(client, paper.get_absolute_url())
    links = [(a.get_text(), a["href"]) for a in soup.select(".paper-profiles a")]
    assert links == [("Ada Lovelace", "/ada/"), ("Bob Baker", "/bob/")]


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("University of Edinburgh", "UE"),
        ("The Hong Kong University of Science and Technology", "HKU"),
        ("Huazhong University of Science and Technology", "HUS"),
    ],
)
def test_logo_placeholders_skip_minor_words(name, initials):
    assert _initials(name, 3) == initials
