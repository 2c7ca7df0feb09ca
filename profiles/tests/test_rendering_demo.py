"""The three demo bundles, imported as users would, render with their content and marks."""

from pathlib import Path

import pytest
from django.conf import settings

from profiles.bundles.importer import import_bundle

from .page_helpers import get_page, json_ld_blocks, publication_titled, text_of

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "profiles" / "demo_data"


@pytest.fixture
def demo():
    for slug in ("zikai-song", "zeqing-wang", "zixuan-tang"):
        import_bundle(DEMO / slug)


def section_ids(soup):
    return [section["id"] for section in soup.select("main section")]


def test_zikai_song_sections_marks_and_services(client, demo):
    soup = get_page(client, "/zikai-song/")
    assert section_ids(soup) == ["about", "news", "positions", "awards", "publications", "grants"]
    # Service shares the heading "Award and Service": inside that section, its anchor kept.
    assert soup.select_one("section#awards > div#services")
    publications = soup.select_one("#publications")
    # group_publications_by: none, no paper selected: one flat list of all 20 papers.
    assert publications.select(".pub-group-title") == []
    assert len(publications.select("article.publication")) == 20
    assert text_of(publications.select_one(".pub-legend")) == "* corresponding author"
    article = publication_titled(
        soup, "GA-S3: Comprehensive Social Network Simulation with Group Agents"
    )
    owner = article.select_one(".author-self")
    assert owner.strong.get_text() == "Zikai Song"
    assert [sup.get_text() for sup in owner.select("sup")] == ["*"]
    assert text_of(article.select_one(".pub-venue")) == "ACL (Findings) 2025"
    deem = publication_titled(
        soup,
        "Deem: Diffusion models serve as the eyes of large language models for image perception",
    )
    assert deem.select_one(".badge-honour").get_text() == "Spotlight"
    services = [li.get_text() for li in soup.select("#services li")]
    assert services[:3] == ["CVPR 2023–2026", "ICCV 2023, 2025", "ECCV 2024, 2026"]
    assert "AAAI 2024–2026" in services and "TIP" in services


def test_zeqing_wang_underline_custom_section_bio_and_email(client, demo):
    response = client.get("/zeqing-wang/")
    assert b"wangzeqing1005@163.com" not in response.content
    soup = get_page(client, "/zeqing-wang/")
    assert section_ids(soup) == [
        "about",
        "news",
        "positions",
        "publications",
        "awards",
        "section-interests",
    ]
    assert soup.select_one("#about .bio del strong").get_text() == "Yesterday"
    assert "Looking for Phd position" in text_of(soup.select_one(".announcement"))
    article = publication_titled(
        soup,
        "TimeCausality: Evaluating the Causal Ability in Time Dimension for Vision Language Models",
    )
    owner = article.select_one(".author-self")
    assert owner.u.get_text() == "Zeqing Wang" and owner.strong is None
    assert [sup.get_text() for sup in article.select(".pub-authors sup")] == ["*", "*"]
    assert text_of(soup.select_one(".pub-legend")) == "* equal contribution"
    tmm = publication_titled(
        soup,
        "Towards Top-Down Reasoning: An Explainable Multi-Agent Approach for Visual Question "
        "Answering",
    )
    assert text_of(tmm.select_one(".pub-venue")) == "IEEE Transactions on Multimedia 2025 accepted"
    assert [b["class"][1] for b in tmm.select(".badge")] == ["badge-rank", "badge-rank"]
    prl = publication_titled(soup, "E3ID: An Efficient End to End Person Search Model")
    # venue_display: full, as the original prints it.
    assert text_of(prl.select_one(".venue")) == "Pattern Recognition Letters"
    award_years = [w.get_text() for w in soup.select("#awards .item-when")]
    assert "2020, 2021 & 2022" in award_years and "2021 & 2022" in award_years
    dates = [d.get_text() for d in soup.select("#positions .dates")]
    # position_grouping: none — one list in the original's order.
    assert dates == [
        "Jan 2025 – present",
        "Sep 2023 – present",
        "Oct 2022 – Apr 2023",
        "Sep 2019 – Jun 2023",
    ]


def test_zixuan_tang_truncated_lists_and_json_ld(client, demo):
    soup = get_page(client, "/zixuan-tang/")
    assert section_ids(soup) == ["publications"]
    survey = publication_titled(soup, "A Survey on Backbones for Deep Video Action Recognition")
    assert text_of(survey.select_one(".pub-authors")) == (
        "Zixuan Tang, Youjun Zhao, Yuhang Wen et al."
    )
    facial = publication_titled(
        soup, "Facial Prior Based First Order Motion Model for Micro-expression Generation"
    )
    assert facial.select_one(".author-self") is None
    assert text_of(facial.select_one(".pub-authors")).endswith("et al.")
    page, articles = json_ld_blocks(soup)
    assert page["mainEntity"]["name"] == "Zixuan Tang"
    assert len(articles) == 6
    ista = next(a for a in articles if a["headline"].startswith("Interactive Spatiotemporal"))
    assert [author["name"] for author in ista["author"]] == [
        "Yuhang Wen",
        "Zixuan Tang",
        "Yunsheng Pang",
    ]
    assert ista["datePublished"] == "2023-07-14"


def test_demo_list_and_paper_pages_render(client, demo):
    soup = get_page(client, "/zixuan-tang/publications/?tag=cv")
    assert len(soup.select("article.publication")) == 5
    paper_url = soup.select_one("article.publication .pub-title a")["href"]
    paper = get_page(client, paper_url)
    assert paper.select('meta[name="citation_author"]')
    assert paper.select_one("pre.bibtex").get_text().startswith("@")
