"""How publications read on a profile page: owner style, marks, legends, truncation, grouping."""

import pytest

from profiles.tests.factories import ProfileFactory
from publications.models import ProfilePublication, Publication
from publications.tests.factories import PublicationLinkFactory, make_publication

from .page_helpers import author_texts, get_page, publication_titled, text_of

pytestmark = pytest.mark.django_db


def owner_element(article):
    return article.select_one(".pub-authors .author-self")


@pytest.mark.parametrize(
    ("style", "tags"),
    [("bold", ["strong"]), ("underline", ["u"]), ("bold-underline", ["strong", "u"])],
)
def test_owner_name_is_styled_per_self_style(client, style, tags):
    owner = ProfileFactory(name="Ada Owner", self_style=style)
    make_publication(authors=["Bo First", owner, "Cy Third"], title="Styled")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Styled")
    element = owner_element(article)
    assert element.get_text(strip=True) == "Ada Owner"
    for tag in tags:
        assert element.find(tag).get_text(strip=True) == "Ada Owner"
    for tag in {"strong", "u"} - set(tags):
        assert element.find(tag) is None
    # Only the owner stands out.
    others = [a for a in article.select(".author") if "author-self" not in a["class"]]
    assert all(a.find("strong") is None and a.find("u") is None for a in others)


def test_marks_use_the_profile_marker_strings_and_the_legend_names_only_marks_in_use(client):
    owner = ProfileFactory(marker_equal="#", marker_corresponding="*")
    make_publication(
        authors=[{"author": "Bo First"}, {"author": owner, "corresponding": True}],
        title="Corresponding only",
    )
    soup = get_page(client, owner.get_absolute_url())
    article = publication_titled(soup, "Corresponding only")
    assert [sup.get_text() for sup in owner_element(article).select("sup")] == ["*"]
    legend = text_of(soup.select_one("#publications .pub-legend"))
    assert legend == "* corresponding author"


def test_legend_lists_equal_then_corresponding_with_default_marks(client):
    owner = ProfileFactory()
    make_publication(
        authors=[
            {"author": owner, "equal": True},
            {"author": "Bo Second", "equal": True, "corresponding": True},
        ],
        title="Both marks",
    )
    soup = get_page(client, owner.get_absolute_url())
    article = publication_titled(soup, "Both marks")
    assert author_texts(article) == [f"{owner.name}*", "Bo Second*†"]
    legend = text_of(soup.select_one(".pub-legend"))
    assert legend == "* equal contribution, † corresponding author"


def test_joint_last_authors_get_their_own_mark_and_legend_text(client):
    owner = ProfileFactory(marker_joint_last="‡")
    make_publication(
        authors=[
            {"author": "Bo First", "equal": True},
            {"author": "Cy Second", "joint_last": True, "corresponding": True},
            {"author": owner, "joint_last": True},
        ],
        title="Equal supervision",
    )
    soup = get_page(client, owner.get_absolute_url())
    article = publication_titled(soup, "Equal supervision")
    assert author_texts(article) == ["Bo First*", "Cy Second‡†", f"{owner.name}‡"]
    assert [sup["title"] for sup in article.select("sup.mark")][1:3] == [
        "joint last author",
        "corresponding author",
    ]
    legend = text_of(soup.select_one(".pub-legend"))
    assert legend == "* equal contribution, ‡ joint last author, † corresponding author"


def test_no_legend_without_marks(client):
    owner = ProfileFactory()
    make_publication(authors=[owner, "Bo"], title="Plain")
    soup = get_page(client, owner.get_absolute_url())
    assert soup.select_one(".pub-legend") is None


def test_author_limit_keeps_the_owner_visible_beyond_the_limit(client):
    owner = ProfileFactory(name="Ada Owner", author_limit=3)
    names = ["A One", "B Two", "C Three", "D Four", "E Five"]
    make_publication(authors=[*names, owner, "G Seven", "H Eight"], title="Long list")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Long list")
    authors = article.select_one(".pub-authors")
    visible = [a.get_text(strip=True) for a in authors.find_all(class_="author", recursive=False)]
    assert visible == ["A One", "B Two", "C Three", "Ada Owner"]
    assert authors.select_one(".authors-gap").get_text() == "…"
    details = authors.select_one("details.authors-more")
    assert text_of(details.summary).startswith("et al.")
    hidden = [a.get_text(strip=True) for a in details.select(".author")]
    assert hidden == ["D Four", "E Five", "G Seven", "H Eight"]
    # Every author appears exactly once in the markup.
    assert len(article.select(".pub-authors .author")) == 8


def test_author_limit_not_reached_shows_everyone_without_details(client):
    owner = ProfileFactory(author_limit=5)
    make_publication(authors=[owner, "B", "C"], title="Short")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Short")
    assert article.select_one("details.authors-more") is None
    assert len(article.select(".author")) == 3


def test_more_authors_always_ends_with_et_al(client):
    owner = ProfileFactory(name="Zixuan Tang")
    make_publication(authors=["Yuhang Wen", owner, "Yunsheng Pang"], more_authors=True, title="T")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "T")
    text = text_of(article.select_one(".pub-authors"))
    assert text.endswith("Yunsheng Pang et al.")


def test_paper_without_the_owner_in_its_truncated_list_is_listed_without_highlight(client):
    owner = ProfileFactory()
    paper = make_publication(
        authors=["Yi Zhang", "Youjun Zhao", "Yuhang Wen"], more_authors=True, title="Not me"
    )
    ProfilePublication.objects.create(profile=owner, publication=paper, status="accepted")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Not me")
    assert owner_element(article) is None
    assert text_of(article.select_one(".pub-authors")).endswith("et al.")


def test_co_authors_with_a_published_profile_are_linked(client):
    owner = ProfileFactory()
    colleague = ProfileFactory(name="Cole League")
    draft = ProfileFactory(name="Dee Draft", is_published=False)
    make_publication(authors=[owner, colleague, draft, "Ext Ernal"], title="Linked")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Linked")
    links = {a.get_text(strip=True): a["href"] for a in article.select(".pub-authors a")}
    assert links == {"Cole League": colleague.get_absolute_url()}


def test_selected_publications_come_alone_with_a_link_to_all(client):
    owner = ProfileFactory()
    chosen = make_publication(authors=[owner], title="Chosen one", year=2020)
    make_publication(authors=[owner], title="Other one", year=2024)
    ProfilePublication.objects.filter(profile=owner, publication=chosen).update(selected=True)
    soup = get_page(client, owner.get_absolute_url())
    section = soup.select_one("section#publications")
    assert section.h2.get_text(strip=True) == "Selected publications"
    titles = [t.get_text(strip=True) for t in section.select(".pub-title")]
    assert titles == ["Chosen one"]
    more = section.select_one(".more-link a")
    assert more["href"] == f"/{owner.slug}/publications/"
    assert "All 2 publications" in more.get_text()


def test_publications_grouped_by_year_newest_first_with_counts(client):
    owner = ProfileFactory(group_publications_by="year")
    for year, title in [(2022, "Old"), (2024, "New A"), (2024, "New B")]:
        make_publication(authors=[owner], year=year, title=title)
    make_publication(authors=[owner], year=None, status="preprint", type="preprint", title="Pre")
    section = get_page(client, owner.get_absolute_url()).select_one("section#publications")
    headings = [
        (h.contents[0].strip(), h.select_one(".count").get_text())
        for h in section.select(".pub-group-title")
    ]
    assert headings == [("Forthcoming", "1"), ("2024", "2"), ("2022", "1")]


def test_publications_grouped_by_type_in_type_order(client):
    owner = ProfileFactory(group_publications_by="type")
    make_publication(authors=[owner], type=Publication.Type.JOURNAL, title="J")
    make_publication(authors=[owner], type=Publication.Type.CONFERENCE, title="C1")
    make_publication(authors=[owner], type=Publication.Type.CONFERENCE, title="C2")
    section = get_page(client, owner.get_absolute_url()).select_one("section#publications")
    titles = [h.contents[0].strip() for h in section.select(".pub-group-title")]
    assert titles == ["Conference papers", "Journal articles"]


def test_no_grouping_shows_no_group_headings(client):
    owner = ProfileFactory(group_publications_by="none")
    make_publication(authors=[owner], year=2020, title="A")
    make_publication(authors=[owner], year=2021, title="B")
    section = get_page(client, owner.get_absolute_url()).select_one("section#publications")
    assert section.select(".pub-group-title") == []
    assert [t.get_text(strip=True) for t in section.select(".pub-title")] == ["B", "A"]


def test_hidden_listing_is_not_shown(client):
    owner = ProfileFactory()
    paper = make_publication(authors=[owner], title="Hidden paper")
    make_publication(authors=[owner], title="Shown paper")
    ProfilePublication.objects.filter(profile=owner, publication=paper).update(hidden=True)
    soup = get_page(client, owner.get_absolute_url())
    assert [t.get_text(strip=True) for t in soup.select(".pub-title")] == ["Shown paper"]


def test_venue_badges_links_tldr_and_abstract_markup(client):
    owner = ProfileFactory()
    paper = make_publication(
        authors=[owner],
        title="Full entry",
        venue="TMM",
        venue_full="IEEE Transactions on Multimedia",
        venue_note="Findings",
        status=Publication.Status.ACCEPTED,
        badges=["Best Paper", "CCF-A", "Dataset track"],
        tldr="We do **things**.",
        abstract="Long *abstract*.",
        doi="10.1000/xyz123",
    )
    PublicationLinkFactory(publication=paper, label="code", url="https://github.com/x/y")
    PublicationLinkFactory(publication=paper, label="Talk", url="https://example.org/talk")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Full entry")
    abbr = article.select_one(".pub-venue abbr")
    assert (abbr.get_text(), abbr["title"]) == ("TMM", "IEEE Transactions on Multimedia")
    venue = text_of(article.select_one(".pub-venue"))
    assert venue == "TMM (Findings) 2024 accepted"
    badges = {b.get_text(): b["class"][1] for b in article.select(".pub-badges .badge")}
    assert badges == {
        "Best Paper": "badge-honour",
        "CCF-A": "badge-rank",
        "Dataset track": "badge-note",
    }
    links = [(a.get_text(strip=True), a.svg["class"][1]) for a in article.select(".pub-links a")]
    assert links == [("Code", "icon-code"), ("Talk", "icon-link"), ("DOI", "icon-doi")]
    assert all(a.svg["aria-hidden"] == "true" for a in article.select(".pub-links a"))
    assert article.select_one(".pub-tldr strong").get_text() == "things"
    abstract = article.select_one("details.pub-abstract")
    assert abstract.summary.get_text() == "Abstract"
    assert abstract.select_one("em").get_text() == "abstract"


def test_compact_style_omits_tldr_and_abstract(client):
    owner = ProfileFactory(publication_style="compact")
    make_publication(authors=[owner], title="Terse", tldr="Summary", abstract="Text")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Terse")
    assert "pub-compact" in article["class"]
    assert article.select_one(".pub-tldr") is None
    assert article.select_one(".pub-abstract") is None


def test_cards_style_shows_the_teaser_thumbnail_not_the_upload(client):
    from profiles.tests.factories import image_file

    owner = ProfileFactory(publication_style="cards")
    make_publication(authors=[owner], title="Pictured", teaser=image_file("t.png", (1600, 900)))
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Pictured")
    image = article.select_one(".pub-teaser img")
    assert image["src"].endswith(".webp") and "/CACHE/" in image["src"]
    assert (image["width"], image["height"]) == ("400", "225")
    assert image["srcset"].endswith(" 2x")


def test_every_listed_publication_has_the_markup_hooks(client):
    owner = ProfileFactory()
    make_publication(authors=[owner, "B"], title="Hooked", tldr="x")
    article = publication_titled(get_page(client, owner.get_absolute_url()), "Hooked")
    for hook in (".pub-title", ".pub-authors", ".pub-venue", ".pub-tldr"):
        assert article.select_one(hook) is not None, hook
    assert article.name == "article"
