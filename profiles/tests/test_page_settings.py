"""Page settings (issue 12): set in the admin or a bundle, seen on the public page."""

import pytest
import yaml
from django.urls import reverse

from profiles.bundles.exporter import build_bundle
from profiles.models import Position, Profile
from profiles.tests.admin_forms import error_texts, form_fields, inline_rows, make_cast
from profiles.tests.factories import NewsItemFactory, PositionFactory, ProfileFactory
from profiles.tests.page_helpers import get_page, text_of
from publications.models import ProfilePublication
from publications.tests.factories import PublicationLinkFactory, make_publication

pytestmark = pytest.mark.django_db


def change_url(profile):
    return reverse("admin:profiles_profile_change", args=[profile.pk])


def titles(soup):
    return [text_of(title) for title in soup.select("#publications .pub-title")]


def test_the_page_settings_are_on_the_profile_page_of_the_admin_as_named_fieldsets(
    client,
):
    cast = make_cast()
    client.force_login(cast.alice)
    soup = get_page(client, change_url(cast.profile_a))
    legends = [text_of(h2) for h2 in soup.select("fieldset.module > h2")]
    for name in [
        "Page: section headings",
        "Page: publications",
        "Page: news and footer",
        "Page: photo from a web address",
    ]:
        assert name in legends
    for field in [
        "section_titles", "publication_order", "venue_display", "title_link",
        "abstracts_open", "show_topics", "show_exact_date", "teaser_in_list",
        "position_grouping", "education_label", "experience_label", "news_display",
        "show_last_updated", "photo_url", "self_style",
    ]:  # fmt: skip
        assert soup.select_one(f"[name={field}]") is not None, field


def test_headings_set_in_the_admin_rename_sections_and_the_menu_keeping_anchors(client):
    cast = make_cast()
    NewsItemFactory(profile=cast.profile_a)
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    data["section_titles"] = "news: 🔥 News\npublications: 📝 Publications"
    response = client.post(change_url(cast.profile_a), data)
    assert response.status_code == 302, error_texts(response)
    client.logout()

    soup = get_page(client, "/alice/")
    assert text_of(soup.select_one("#news > h2")) == "🔥 News"
    assert text_of(soup.select_one("#publications > h2")) == "📝 Publications"
    menu = {text_of(a): a["href"] for a in soup.select("nav .nav-links a")}
    assert menu["🔥 News"] == "/alice/#news"
    assert menu["📝 Publications"] == "/alice/#publications"


def test_a_heading_for_a_section_that_does_not_exist_is_refused_naming_it(client):
    cast = make_cast()
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.profile_a)))
    data["section_titles"] = "talks: Talks"
    response = client.post(change_url(cast.profile_a), data)
    assert response.status_code == 200
    assert any("talks: not a section" in text for text in error_texts(response))
    data["section_titles"] = "news 🔥 News"
    response = client.post(change_url(cast.profile_a), data)
    assert any("Line 1: write a section and its heading" in t for t in error_texts(response))


def test_two_sections_with_one_heading_share_it(client):
    profile = ProfileFactory(
        slug="ada",
        section_order=["awards", "services"],
        section_titles={"awards": "Award and Service", "services": "Award and Service"},
    )
    profile.awards.create(title="Best Student")
    profile.services.create(venue="CVPR", years=[2024])
    soup = get_page(client, "/ada/")
    assert [text_of(h2) for h2 in soup.select("main section > h2")] == ["Award and Service"]
    # One section, one landmark; each part keeps its anchor.
    assert soup.select_one("section#awards > div#services .services")
    assert [text_of(a) for a in soup.select("nav .nav-links a")] == [
        "Award and Service",
        "All publications",
    ]


def drag(client, profile, titles_in_order):
    """Post the admin's profile form as adminsortable2's script does after a drag."""
    data = form_fields(client.get(change_url(profile)))
    rows = {}
    for row in inline_rows(data, "listings"):
        listing = ProfilePublication.objects.get(pk=data[f"{row}-id"])
        rows[listing.publication.title] = row
    for order, title in enumerate(titles_in_order, start=1):
        data[f"{rows[title]}-order"] = str(order)
    data["publication_order"] = "manual"
    data["group_publications_by"] = "none"
    response = client.post(change_url(profile), data)
    assert response.status_code == 302, error_texts(response)


def test_papers_dragged_in_the_admin_keep_that_order_on_that_profile_only(client):
    cast = make_cast()
    old = make_publication(title="Old Paper", year=2019, authors=[cast.profile_a, cast.profile_b])
    client.force_login(cast.alice)
    drag(client, cast.profile_a, ["Old Paper", "Alice Alone", "Shared Paper of Alice and Bob"])
    client.logout()

    assert titles(get_page(client, "/alice/")) == [
        "Old Paper",
        "Alice Alone",
        "Shared Paper of Alice and Bob",
    ]
    # Bob lists two of them and orders his page newest first: untouched by Alice's drag.
    bob = titles(get_page(client, "/bob/"))
    assert bob.index("Shared Paper of Alice and Bob") < bob.index(old.title)


def test_an_order_by_hand_is_kept_within_each_year_group(client):
    profile = ProfileFactory(slug="ada", publication_order="manual", group_publications_by="year")
    for order, (title, year) in enumerate(
        [("B 2024", 2024), ("Z 2023", 2023), ("A 2024", 2024), ("Y 2023", 2023)]
    ):
        paper = make_publication(title=title, year=year, authors=[profile])
        ProfilePublication.objects.filter(profile=profile, publication=paper).update(order=order)
    soup = get_page(client, "/ada/")
    assert [text_of(h) for h in soup.select(".pub-group-title")] == ["2024 2", "2023 2"]
    assert titles(soup) == ["B 2024", "A 2024", "Z 2023", "Y 2023"]
    profile.publication_order = "newest"
    profile.save()
    assert titles(get_page(client, "/ada/"))[:2] in (["B 2024", "A 2024"], ["A 2024", "B 2024"])


@pytest.mark.parametrize(
    ("mode", "shown", "abbr"),
    [
        ("short", "ICCV", "International Conference on Computer Vision"),
        ("full", "International Conference on Computer Vision", None),
        ("full_short", "International Conference on Computer Vision (ICCV)", None),
    ],
)
def test_the_venue_reads_as_the_profile_chose(client, mode, shown, abbr):
    profile = ProfileFactory(slug="ada", venue_display=mode)
    make_publication(
        title="T", venue="ICCV", venue_full="International Conference on Computer Vision",
        authors=[profile],
    )  # fmt: skip
    venue = get_page(client, "/ada/").select_one(".venue")
    assert text_of(venue) == shown
    assert venue.get("title") == abbr


@pytest.mark.parametrize(
    ("mode", "href"), [("page", "paper page"), ("link", "https://arxiv.org/abs/1"), ("none", None)]
)
def test_the_title_links_where_the_profile_chose(client, mode, href):
    profile = ProfileFactory(slug="ada", title_link=mode)
    paper = make_publication(title="T", authors=[profile])
    PublicationLinkFactory(publication=paper, label="arxiv", url="https://arxiv.org/abs/1")
    link = get_page(client, "/ada/").select_one(".pub-title a")
    expected = paper.get_absolute_url() if href == "paper page" else href
    assert (link["href"] if link else None) == expected


def test_topics_exact_date_open_abstract_and_no_highlight(client):
    profile = ProfileFactory(
        slug="ada", show_topics=True, show_exact_date=True, abstracts_open=True, self_style="none"
    )
    paper = make_publication(
        title="T", year=2023, date="2023-07-14", abstract="We *study*.", authors=[profile]
    )
    paper.tags.create(name="CV", slug="cv")
    article = get_page(client, "/ada/").select_one("article.publication")
    assert [text_of(chip) for chip in article.select(".chip-topic")] == ["CV"]
    assert article.select_one("time.pub-date")["datetime"] == "2023-07-14"
    assert text_of(article.select_one("time.pub-date")) == "Jul 14, 2023"
    assert not article.select("details.pub-abstract")
    assert article.select_one("div.pub-abstract-open em").get_text() == "study"
    owner = article.select_one(".author-self")
    assert owner.find("strong") is None and owner.find("u") is None


def test_a_teaser_beside_each_entry_in_the_list_carries_the_venue(client):
    from profiles.tests.factories import image_file

    profile = ProfileFactory(slug="ada", teaser_in_list=True)
    paper = make_publication(title="T", venue="ACL", authors=[profile])
    paper.teaser = image_file("t.png", size=(400, 200))
    paper.full_clean()
    paper.save()
    article = get_page(client, "/ada/").select_one("article.publication")
    assert "pub-list" in article.parent["class"] and "pub-with-teaser" in article["class"]
    assert article.select_one(".pub-teaser img")
    assert text_of(article.select_one(".pub-teaser .teaser-venue")) == "ACL"


def test_badge_kinds_decide_their_look(client):
    profile = ProfileFactory(slug="ada")
    make_publication(
        title="T",
        badges=["Oral", "CCF-A", "Accepted", "Best Paper Nominee", "Distinguished"],
        badge_kinds={"Distinguished": "rank"},
        authors=[profile],
    )
    badges = get_page(client, "/ada/").select(".badge")
    assert [(text_of(b), b["class"][1]) for b in badges] == [
        ("Oral", "badge-honour"),
        ("CCF-A", "badge-rank"),
        ("Accepted", "badge-status"),
        ("Best Paper Nominee", "badge-honour"),
        ("Distinguished", "badge-rank"),
    ]


def test_positions_in_the_order_and_under_the_labels_the_profile_chose(client):
    profile = ProfileFactory(
        slug="ada",
        section_order=["positions"],
        position_grouping="experience_first",
        education_label="🎓 Study",
        experience_label="💼 Work",
    )
    PositionFactory(profile=profile, kind=Position.Kind.EDUCATION, organization="Uni", order=0)
    PositionFactory(profile=profile, kind=Position.Kind.EMPLOYMENT, organization="Lab", order=1)
    soup = get_page(client, "/ada/")
    assert [text_of(h) for h in soup.select("#positions .subheading")] == ["💼 Work", "🎓 Study"]
    profile.position_grouping = "none"
    profile.save()
    soup = get_page(client, "/ada/")
    assert not soup.select("#positions .subheading")
    assert [text_of(o) for o in soup.select("#positions .organization")] == ["Uni", "Lab"]


def test_news_in_a_scrolling_box_and_the_last_update_in_the_footer(client):
    profile = ProfileFactory(
        slug="ada", news_display="scroll", news_limit=2, show_last_updated=True
    )
    for month in range(1, 6):
        NewsItemFactory(profile=profile, date=f"2025-0{month}")
    soup = get_page(client, "/ada/")
    box = soup.select_one("#news .news-scroll")
    assert len(box.select(".news-item")) == 5 and not soup.select(".news-more")
    assert box["tabindex"] == "0" and box["role"] == "region"
    updated = soup.select_one("footer time")
    assert updated["datetime"] == Profile.objects.get().updated_at.date().isoformat()


def test_advisors_written_as_markdown_links_are_links(client):
    profile = ProfileFactory(slug="ada", section_order=["positions"])
    PositionFactory(profile=profile, advisors=["[Keze Wang](https://kezewang.com/)", "Ann <b>Lee"])
    advisors = get_page(client, "/ada/").select_one(".advisors")
    assert [(a.get_text(), a["href"]) for a in advisors.select("a")] == [
        ("Keze Wang", "https://kezewang.com/")
    ]
    assert text_of(advisors) == "Advisors: Keze Wang & Ann Lee"


def test_every_page_setting_travels_in_the_bundle():
    profile = ProfileFactory(
        slug="ada",
        section_titles={"news": "🔥 News"},
        publication_order="manual",
        venue_display="full_short",
        title_link="none",
        abstracts_open=True,
        show_topics=True,
        show_exact_date=True,
        teaser_in_list=True,
        position_grouping="none",
        education_label="Study",
        experience_label="Work",
        news_display="scroll",
        show_last_updated=True,
        self_style="none",
    )
    make_publication(
        title="T", badges=["Accepted"], badge_kinds={"Accepted": "note"}, authors=[profile]
    )
    document = yaml.safe_load(build_bundle(profile)[0])
    assert document["profile"]["settings"] == {
        "self_style": "none",
        "section_titles": {"news": "🔥 News"},
        "publication_order": "manual",
        "venue_display": "full_short",
        "title_link": "none",
        "abstracts_open": True,
        "show_topics": True,
        "show_exact_date": True,
        "teaser_in_list": True,
        "position_grouping": "none",
        "education_label": "Study",
        "experience_label": "Work",
        "news_display": "scroll",
        "show_last_updated": True,
    }
    assert document["publications"][0]["badges"] == [{"text": "Accepted", "kind": "note"}]


def test_markdown_shows_images_uploaded_here_and_links_any_other(client, settings):
    from profiles.markdown import render_markdown

    html = str(
        render_markdown(
            "![Group photo](/media/files/group.png) ![Logo](https://cdn.example.org/logo.png)\n\n"
            '<img src="https://tracker.example.org/p.gif" onerror="alert(1)">'
            '<img src="/media/files/b.png">'
        )
    )
    assert '<img src="/media/files/group.png" alt="Group photo">' in html
    assert '<a href="https://cdn.example.org/logo.png" rel="noopener noreferrer">Logo</a>' in html
    assert "tracker.example.org" not in html and "onerror" not in html
    assert '<img alt="" src="/media/files/b.png">' in html


def test_richer_markdown_passes_the_sanitiser_and_style_and_script_do_not():
    from profiles.markdown import render_markdown

    html = str(
        render_markdown(
            "<details><summary>More</summary>H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>"
            '</details>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<p style="color:red">x</p>'
            "<script>alert(1)</script>"
        )
    )
    for tag in ("<details>", "<summary>More</summary>", "<sub>2</sub>", "<sup>2</sup>",
                "<kbd>Ctrl</kbd>", "<table>", "<td>1</td>"):  # fmt: skip
        assert tag in html, tag
    assert "style" not in html and "<script" not in html
