"""The paper page and the profile's publication list with its filters."""

import pytest

from profiles.tests.factories import ProfileFactory, UserFactory, image_file
from profiles.tests.page_helpers import get_page, publication_titled, text_of
from publications.models import ProfilePublication, Publication
from publications.tests.factories import PublicationLinkFactory, TagFactory, make_publication

pytestmark = pytest.mark.django_db


def meta(soup, name):
    return [tag["content"] for tag in soup.select(f'meta[name="{name}"]')]


# Paper page


def test_paper_page_has_highwire_citation_tags_in_author_order(client):
    owner = ProfileFactory()
    paper = make_publication(
        authors=["Ada First", owner, "Cy Last"],
        title="Coupled Mamba",
        type=Publication.Type.CONFERENCE,
        venue="NeurIPS",
        venue_full="Advances in Neural Information Processing Systems",
        year=2024,
        date="2024-12-10",
        doi="10.5555/12345",
        arxiv="2405.18014",
    )
    PublicationLinkFactory(publication=paper, label="paper", url="https://arxiv.org/pdf/2405.18014")
    soup = get_page(client, paper.get_absolute_url())
    assert meta(soup, "citation_title") == ["Coupled Mamba"]
    assert meta(soup, "citation_author") == ["Ada First", owner.name, "Cy Last"]
    assert meta(soup, "citation_publication_date") == ["2024/12/10"]
    assert meta(soup, "citation_conference_title") == [
        "Advances in Neural Information Processing Systems"
    ]
    assert meta(soup, "citation_journal_title") == []
    assert meta(soup, "citation_doi") == ["10.5555/12345"]
    assert meta(soup, "citation_arxiv_id") == ["2405.18014"]
    assert meta(soup, "citation_pdf_url") == ["https://arxiv.org/pdf/2405.18014"]


def test_journal_paper_uses_journal_title_and_year_only_date(client):
    owner = ProfileFactory()
    paper = make_publication(
        authors=[owner], type=Publication.Type.JOURNAL, venue="TMM", year=2025, date=None
    )
    PublicationLinkFactory(publication=paper, label="paper", url="https://example.org/abs/1")
    soup = get_page(client, paper.get_absolute_url())
    assert meta(soup, "citation_journal_title") == ["TMM"]
    assert meta(soup, "citation_publication_date") == ["2025"]
    assert meta(soup, "citation_pdf_url") == []


def test_paper_page_shows_everything_with_linked_co_authors(client):
    owner = ProfileFactory(name="Ada Owner")
    colleague = ProfileFactory(name="Bo Colleague")
    paper = make_publication(
        authors=[owner, {"author": colleague, "corresponding": True}, "Ext"],
        title="Everything",
        venue="CVPR",
        venue_full="Computer Vision and Pattern Recognition",
        badges=["Oral"],
        abstract="An *abstract*.",
        tldr="Short.",
        teaser=image_file("teaser.png", (1600, 1000)),
    )
    PublicationLinkFactory(publication=paper, label="code", url="https://github.com/a/b")
    soup = get_page(client, paper.get_absolute_url())
    article = soup.select_one("article.publication")
    assert text_of(article.select_one("h1.pub-title")) == "Everything"
    links = {a.get_text(strip=True): a["href"] for a in article.select(".pub-authors a")}
    assert links == {
        "Ada Owner": owner.get_absolute_url(),
        "Bo Colleague": colleague.get_absolute_url(),
    }
    assert text_of(article.select_one(".pub-legend")) == "† corresponding author"
    assert "Computer Vision and Pattern Recognition" in text_of(article.select_one(".pub-venue"))
    assert article.select_one(".badge-honour").get_text() == "Oral"
    assert article.select_one(".pub-links a")["href"] == "https://github.com/a/b"
    assert article.select_one(".pub-abstract em").get_text() == "abstract"
    assert text_of(article.select_one(".pub-tldr")) == "Short."
    teaser = article.select_one(".paper-teaser img")
    assert (teaser["width"], teaser["height"]) == ("400", "250")
    assert article.select_one(".author-self") is None  # no ?from: nobody is highlighted
    bibtex = article.select_one("pre.bibtex").get_text()
    assert bibtex.startswith("@inproceedings{") and "Everything" in bibtex
    button = article.select_one("button.copy-button")
    assert button["data-copy-target"] == article.select_one("pre.bibtex")["id"]
    assert button.has_attr("hidden")  # shown by static/js/site.js only


def test_from_parameter_highlights_that_author_with_their_settings(client):
    owner = ProfileFactory(
        name="Zeqing Wang", self_style="underline", marker_equal="#", marker_corresponding="*"
    )
    paper = make_publication(
        authors=[{"author": owner, "equal": True}, {"author": "Shiyuan", "equal": True}]
    )
    soup = get_page(client, f"{paper.get_absolute_url()}?from={owner.slug}")
    owner_element = soup.select_one(".pub-authors .author-self")
    assert owner_element.u.get_text() == "Zeqing Wang"
    assert owner_element.strong is None
    assert text_of(soup.select_one(".pub-legend")) == "# equal contribution"
    assert soup.select_one('link[rel="canonical"]')["href"].endswith(paper.get_absolute_url())
    stranger = get_page(client, f"{paper.get_absolute_url()}?from=someone-else")
    assert stranger.select_one(".author-self") is None


def test_wrong_slug_redirects_to_the_canonical_paper_url(client):
    paper = make_publication(authors=[ProfileFactory()], title="Right Title")
    response = client.get(f"/papers/{paper.pk}/wrong/")
    assert response.status_code == 301
    assert response["Location"] == paper.get_absolute_url()


def test_wrong_slug_redirect_keeps_whose_page_the_visitor_came_from(client):
    owner = ProfileFactory(slug="ada")
    paper = make_publication(authors=[owner], title="Right Title")
    response = client.get(f"/papers/{paper.pk}/old-title/?from=ada")
    assert response.status_code == 301
    assert response["Location"] == f"{paper.get_absolute_url()}?from=ada"
    soup = get_page(client, response["Location"])
    assert text_of(soup.select_one(".pub-authors .author-self")) == owner.name


def test_paper_only_on_draft_profiles_is_404_except_for_its_editors(client):
    owner_user = UserFactory()
    draft = ProfileFactory(is_published=False, user=owner_user)
    paper = make_publication(authors=[draft])
    get_page(client, paper.get_absolute_url(), status=404)
    get_page(client, "/papers/999999/nothing/", status=404)
    client.force_login(owner_user)
    get_page(client, paper.get_absolute_url())


# Publication list


@pytest.fixture
def listed():
    owner = ProfileFactory(group_publications_by="year")
    cv, ai = TagFactory(name="CV"), TagFactory(name="AI")
    papers = {
        "Tracking": make_publication(authors=[owner, "Run Luo"], year=2024, venue="AAAI"),
        "Survey": make_publication(
            authors=[owner], year=2023, type=Publication.Type.JOURNAL, venue="PRL"
        ),
        "Diffusion": make_publication(authors=["Wei Yang", owner], year=2024, venue="CVPR"),
    }
    for title, paper in papers.items():
        paper.title = title
        paper.save()
    papers["Tracking"].tags.add(cv)
    papers["Diffusion"].tags.add(cv, ai)
    return owner


def list_titles(soup):
    return [t.get_text(strip=True) for t in soup.select("article.publication .pub-title")]


def test_list_page_groups_with_counts(client, listed):
    soup = get_page(client, f"/{listed.slug}/publications/")
    groups = [
        (h.contents[0].strip(), h.select_one(".count").get_text())
        for h in soup.select(".pub-group-title")
    ]
    assert groups == [("2024", "2"), ("2023", "1")]
    assert soup.select_one("h1 .count").get_text() == "3"


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("year=2023", ["Survey"]),
        ("type=journal", ["Survey"]),
        ("tag=ai", ["Diffusion"]),
        ("tag=cv&year=2024", ["Tracking", "Diffusion"]),
        ("q=luo", ["Tracking"]),
        ("q=cvpr", ["Diffusion"]),
        ("q=surv", ["Survey"]),
        ("tag=CV", ["Tracking", "Diffusion"]),
        ("year=abc&type=nonsense", ["Tracking", "Diffusion", "Survey"]),
        # Not years: a superscript digit, which str.isdigit() accepts, and a number too
        # large for a database integer. Ignored, as any other bad value.
        ("year=%C2%B2", ["Tracking", "Diffusion", "Survey"]),
        ("year=99999999999999999999", ["Tracking", "Diffusion", "Survey"]),
    ],
)
def test_list_page_filters_by_query_string(client, listed, query, titles):
    soup = get_page(client, f"/{listed.slug}/publications/?{query}")
    assert sorted(list_titles(soup)) == sorted(titles)


def test_list_page_filter_form_offers_the_profiles_years_types_and_tags(client, listed):
    soup = get_page(client, f"/{listed.slug}/publications/?year=2024")
    years = [o["value"] for o in soup.select("#filter-year option")]
    assert years == ["", "2024", "2023"]
    assert soup.select_one("#filter-year option[selected]")["value"] == "2024"
    assert [o["value"] for o in soup.select("#filter-type option")] == ["", "conference", "journal"]
    assert [o.get_text() for o in soup.select("#filter-tag option")] == ["All topics", "AI", "CV"]
    assert soup.select_one("form.filters")["method"] == "get"


def test_list_page_owner_marks_and_hidden_listing(client, listed):
    hidden = make_publication(authors=[listed], title="Hidden one")
    ProfilePublication.objects.filter(profile=listed, publication=hidden).update(hidden=True)
    soup = get_page(client, f"/{listed.slug}/publications/")
    assert "Hidden one" not in list_titles(soup)
    article = publication_titled(soup, "Tracking")
    assert article.select_one(".author-self strong").get_text() == listed.name


def test_list_page_links_the_bibtex_and_csl_json_downloads(client, listed):
    soup = get_page(client, f"/{listed.slug}/publications/")
    hrefs = [a["href"] for a in soup.select(".downloads a")]
    assert hrefs == [f"/{listed.slug}/publications.bib", f"/{listed.slug}/publications.json"]
    for href in hrefs:
        assert client.get(href).status_code == 200


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ([("slides", "https://example.org/talk.pdf")], []),
        ([("poster", "https://example.org/poster.PDF"), ("supplement", "https://x.org/s.pdf")], []),
        (
            [("slides", "https://example.org/talk.pdf"), ("PDF", "https://example.org/p.pdf")],
            ["https://example.org/p.pdf"],
        ),
        ([("arxiv", "https://arxiv.org/pdf/2405.18014v2")], ["https://arxiv.org/pdf/2405.18014v2"]),
    ],
)
def test_citation_pdf_url_is_only_the_papers_own_pdf(client, links, expected):
    paper = make_publication(authors=[ProfileFactory()])
    for order, (label, url) in enumerate(links):
        PublicationLinkFactory(publication=paper, label=label, url=url, order=order)
    soup = get_page(client, paper.get_absolute_url())
    assert meta(soup, "citation_pdf_url") == expected


def test_a_papers_number_alone_redirects_to_its_canonical_address(client):
    paper = make_publication(authors=[ProfileFactory()], title="Short Address")
    response = client.get(f"/papers/{paper.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/papers/{paper.pk}/short-address/"
    assert client.get(f"/papers/{paper.pk + 1000}/").status_code == 404
