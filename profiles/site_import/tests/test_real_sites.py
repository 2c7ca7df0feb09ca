"""The four real homepages import into a page that shows, item for item, what they hold."""

from pathlib import Path

import pytest
from django.core.management import call_command

from profiles.models import Profile
from profiles.tests.page_helpers import get_page, publication_titled, text_of

DATA = Path(__file__).parent / "data"
SITES = {
    "yichi": "594zyc__594zyc.github.io",
    "stueckler": "jstueckler__jstueckler.github.io",
    "khot": "tusharkhot__tusharkhot.github.io",
    "amice": "AlexandreAmice__AlexandreAmice.github.io",
}
# Per repository, what its source holds: papers, news, positions, awards, links (the
# e-mail address counts as one), and the custom sections (talks, teaching, projects…
# until the model has them). al-folio's papers.bib has 13 entries, two of them one paper
# (same arXiv id): the BibTeX import keeps one.
EXPECTED = {
    "yichi": {"papers": 12, "news": 6, "positions": 0, "awards": 0, "links": 6, "sections": []},
    "stueckler": {
        "papers": 121, "news": 0, "positions": 9, "awards": 9, "links": 6,
        "sections": ["Academic Committees", "Academic Services", "Other Committees", "Teaching"],
    },
    "khot": {
        "papers": 96, "news": 0, "positions": 7, "awards": 0, "links": 8, "sections": ["Skills"],
    },
    "amice": {
        "papers": 14, "news": 0, "positions": 7, "awards": 0, "links": 4,
        "sections": ["Languages", "Projects"],
    },
}  # fmt: skip


def import_site(slug, *extra):
    call_command("import_site", slug, str(DATA / SITES[slug]), *extra)


def page_counts(client, slug):
    soup = get_page(client, f"/{slug}/")
    papers = get_page(client, f"/{slug}/publications/").select("article.publication")
    custom = [
        s.select_one("h2").get_text(strip=True) for s in soup.select("section.section-custom")
    ]
    return soup, {
        "papers": len(papers),
        "news": len(soup.select(".section-news li.news-item, .section-news .news-list > li")),
        "positions": len(soup.select(".section-positions li.position")),
        "awards": len(soup.select(".section-awards li.award")),
        "links": len(soup.select(".profile-links li")),
        "sections": sorted(custom),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SITES)
def test_each_real_site_shows_every_item_of_its_source(client, slug):
    import_site(slug)
    _, counts = page_counts(client, slug)
    assert counts == EXPECTED[slug]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SITES)
def test_importing_the_same_site_again_changes_nothing(client, slug):
    import_site(slug)
    first = get_page(client, f"/{slug}/publications/").decode()
    before = Profile.objects.get(slug=slug)
    import_site(slug)
    client.logout()
    assert get_page(client, f"/{slug}/publications/").decode() == first
    assert Profile.objects.get(slug=slug).updated_at == before.updated_at
    _, counts = page_counts(client, slug)
    assert counts == EXPECTED[slug]


@pytest.mark.django_db
def test_stueckler_spot_items(client):
    import_site("stueckler")
    soup, _ = page_counts(client, "stueckler")
    assert text_of(soup.select_one(".profile-name")) == "Joerg Stueckler"
    assert "Intelligent Perception in Technical Systems group" in text_of(soup.select_one("#about"))
    assert "{{" not in soup.decode() and "{%" not in soup.decode()
    positions = [text_of(li) for li in soup.select(".section-positions li.position")]
    assert any("University Professor (tenured)" in p and "2023 – present" in p for p in positions)
    assert any(
        "Dr. rer. nat. in Computer Science" in p and "University of Bonn" in p for p in positions
    )
    awards = [text_of(li) for li in soup.select(".section-awards li.award")]
    assert "Outstanding Associate Editor, IEEE Robotics and Automation Letters 2024" in awards
    papers = get_page(client, "/stueckler/publications/")
    paper = publication_titled(papers, "See, walk, and kick: Humanoid robots start to play soccer")
    assert "J. Stueckler" in text_of(paper.select_one(".pub-authors"))
    assert paper.select_one(".pub-authors .author-self") is not None


@pytest.mark.django_db
def test_yichi_spot_items(client):
    import_site("yichi")
    soup, _ = page_counts(client, "yichi")
    news = text_of(soup.select_one(".section-news"))
    assert "GROUNDHOG is accepted to CVPR 2024!" in news
    assert "Mar 2023" in news or "17 Mar 2023" in news
    papers = get_page(client, "/yichi/publications/")
    paper = publication_titled(
        papers,
        "Task-oriented dialog systems that consider multiple appropriate responses "
        "under the same context",
    )
    assert "AAAI" in text_of(paper)
    assert paper.select_one('a[href="https://github.com/thu-spmi/damd-multiwoz"]') is not None


@pytest.mark.django_db
def test_amice_spot_items(client):
    import_site("amice")
    soup, _ = page_counts(client, "amice")
    assert text_of(soup.select_one(".headline")) == "Recent PhD Graduate from MIT CSAIL/LIDS"
    positions = text_of(soup.select_one(".section-positions"))
    assert "Robotics and AI Institute" in positions and "Research Intern" in positions
    projects = text_of(soup.select_one("#section-projects").parent)
    assert "CCosmo: A Custom First-Order Conic Solver" in projects
    papers = get_page(client, "/amice/publications/")
    paper = publication_titled(
        papers,
        "Finding and Optimizing Certified, Collision-Free Regions in Configuration Space "
        "for Robot Manipulators",
    )
    # Equal contribution marks of the front matter survive.
    assert "Hongkai Dai*" in text_of(paper.select_one(".pub-authors")).replace(" *", "*")


@pytest.mark.django_db
def test_khot_papers_without_authors_list_him_with_et_al(client):
    import_site("khot")
    # The CV's "Publications" heading holds only a Liquid loop: no section is stored for it.
    assert list(Profile.objects.get(slug="khot").sections.values_list("title", flat=True)) == [
        "Skills"
    ]
    papers = get_page(client, "/khot/publications/")
    paper = publication_titled(
        papers,
        "Adventure: Adversarial training for textual entailment with knowledge-guided examples",
    )
    assert "Tushar Khot" in text_of(paper.select_one(".pub-authors"))
    assert "et al" in text_of(paper.select_one(".pub-authors"))


@pytest.mark.django_db
def test_dry_run_writes_nothing(capsys):
    import_site("stueckler", "--dry-run")
    assert not Profile.objects.exists()
    out = capsys.readouterr()
    assert "Would import onto a new profile stueckler" in out.out
    assert "_talks/2012-03-01-talk-1.md: left out: the academicpages example" in out.out
    assert "missing image images/jstueckler/bio-photo-jstueckler.jpg" in out.err
