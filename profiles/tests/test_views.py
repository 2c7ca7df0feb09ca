"""Public profile pages: directory, profile sections, feed, sitemap, robots, theme, drafts."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group

from profiles.models import Profile
from profiles.permissions import EDITORS_GROUP
from profiles.tests.factories import (
    AwardFactory,
    CustomSectionFactory,
    GrantFactory,
    NewsItemFactory,
    PositionFactory,
    ProfileFactory,
    ProfileLinkFactory,
    ServiceFactory,
    UserFactory,
    image_file,
)
from publications.tests.factories import make_publication
from tests.support import sitemap_urls

from .page_helpers import get_page, json_ld_blocks, text_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


# Directory


def directory_names(soup):
    return [a.get_text(strip=True) for a in soup.select(".person-name > a")]


def test_directory_lists_published_profiles_only(client):
    ProfileFactory(name="Ada Public")
    ProfileFactory(name="Bo Draft", is_published=False)
    assert directory_names(get_page(client, "/")) == ["Ada Public"]


@pytest.mark.parametrize(
    "query",
    [
        *["ze-qing", "王泽卿", "泽卿", "sun yat", "VISION language", "视觉"],
        *["zeqing", "Z. Wang", "王同学"],  # the page address and other spellings
    ],
)
def test_directory_search_matches_names_address_affiliation_and_interests(client, query):
    ProfileFactory(
        name="Ze-qing Wang",
        slug="zeqing-wang",
        native_name="王泽卿",
        aliases=["Z. Wang", "王同学"],
        affiliation="Sun Yat-sen University",
        interests=["Vision language models", "视觉"],
    )
    ProfileFactory(name="Other Person", affiliation="Elsewhere", interests=["Databases"])
    soup = get_page(client, f"/?q={query}")
    assert directory_names(soup) == ["Ze-qing Wang"]
    assert soup.select_one("#directory-q")["value"] == query


def test_directory_search_counts_matches_in_words(client):
    ProfileFactory(name="Ada Lovelace")
    one = get_page(client, "/?q=ada")
    assert text_of(one.select_one(".result-count")).startswith("1 researcher matches “ada”.")
    ProfileFactory(name="Adam Smith")
    two = get_page(client, "/?q=ada")
    assert text_of(two.select_one(".result-count")).startswith("2 researchers match “ada”.")


def test_directory_search_without_match_says_so(client):
    ProfileFactory(name="Ada")
    soup = get_page(client, "/?q=nobody")
    assert directory_names(soup) == []
    assert "No researcher matches" in text_of(soup.select_one(".directory"))


def test_directory_is_paginated(client):
    for index in range(30):
        ProfileFactory(name=f"Person {index:02d}")
    first = get_page(client, "/")
    assert len(directory_names(first)) == 24
    assert first.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    second = get_page(client, "/?page=2")
    assert directory_names(second) == [f"Person {index:02d}" for index in range(24, 30)]


# Profile header


def test_profile_header_shows_identity_links_and_photo_thumbnail(client):
    profile = ProfileFactory(
        name="Ze-qing Wang",
        native_name="王泽卿",
        pronouns="he/him",
        headline="MPhil student",
        affiliation="Sun Yat-sen University",
        affiliation_url="https://www.sysu.edu.cn/",
        location="Guangzhou",
        photo=image_file("me.jpg", (900, 1200)),
    )
    ProfileLinkFactory(profile=profile, kind="github", url="https://github.com/zq")
    ProfileLinkFactory(profile=profile, kind="cv", url="https://example.org/cv.pdf")
    soup = get_page(client, profile.get_absolute_url())
    header = soup.select_one(".profile-header")
    assert text_of(header.h1) == "Ze-qing Wang 王泽卿 (he/him)"
    assert text_of(header.select_one(".headline")) == "MPhil student"
    affiliation = header.select_one(".profile-facts a")
    assert (affiliation.get_text(), affiliation["href"]) == (
        "Sun Yat-sen University",
        "https://www.sysu.edu.cn/",
    )
    assert "Guangzhou" in text_of(header.select_one(".profile-facts"))
    links = {a.get_text(strip=True): a["href"] for a in header.select(".profile-links a")}
    assert links == {"GitHub": "https://github.com/zq", "CV": "https://example.org/cv.pdf"}
    photo = header.select_one("img.profile-photo")
    assert (photo["width"], photo["height"]) == ("160", "160")
    assert "/CACHE/" in photo["src"] and photo["src"].endswith(".webp")
    assert photo["srcset"].endswith(" 2x") and "me.jpg" not in photo["srcset"]


def test_email_never_appears_as_a_plain_address(client):
    profile = ProfileFactory(email="wangzeqing1005@163.com")
    ProfileLinkFactory(profile=profile, kind="email", url="mailto:wangzq73@mail2.sysu.edu.cn")
    response = client.get(profile.get_absolute_url())
    html = response.content.decode()
    assert "wangzeqing1005@163.com" not in html
    assert "wangzq73@mail2.sysu.edu.cn" not in html
    assert "mailto:" not in html
    assert "wangzeqing1005 [at] 163 [dot] com" in html
    assert "wangzq73 [at] mail2 [dot] sysu [dot] edu [dot] cn" in html


def test_missing_photo_file_does_not_break_the_page(client, media_root):
    profile = ProfileFactory(photo=image_file("gone.png"))
    (media_root / profile.photo.name).unlink()
    soup = get_page(client, profile.get_absolute_url())
    assert soup.select_one("img.profile-photo") is None
    assert soup.select_one(".profile-monogram") is not None


def test_announcement_banner_renders_markdown(client):
    profile = ProfileFactory(announcement="Looking for a **PhD** position")
    banner = get_page(client, profile.get_absolute_url()).select_one(".announcement")
    assert banner.strong.get_text() == "PhD"


def test_bio_keeps_allowed_html_and_drops_scripts(client):
    profile = ProfileFactory(bio="<del>**Yesterday**</del> **Today** <script>alert(1)</script>")
    soup = get_page(client, profile.get_absolute_url())
    bio = soup.select_one("#about .bio")
    assert bio.select_one("del strong").get_text() == "Yesterday"
    assert soup.select("main script") == []


# Sections


def section_ids(soup):
    return [section["id"] for section in soup.select("main section")]


def test_sections_follow_section_order_and_absent_ones_are_hidden(client):
    profile = ProfileFactory(
        bio="Hello",
        section_order=["about", "news", "positions", "awards", "services", "publications"],
    )
    NewsItemFactory(profile=profile)
    PositionFactory(profile=profile)
    AwardFactory(profile=profile)
    ServiceFactory(profile=profile)
    GrantFactory(profile=profile)  # "grants" is not in the order: hidden
    make_publication(authors=[profile])
    soup = get_page(client, profile.get_absolute_url())
    assert section_ids(soup) == [
        "about",
        "news",
        "positions",
        "awards",
        "services",
        "publications",
    ]


def test_custom_sections_render_at_their_place_with_slugified_ids(client):
    profile = ProfileFactory(bio="Hi", section_order=["Interests", "about", "Teaching"])
    CustomSectionFactory(profile=profile, title="Interests", body="Some *games*")
    CustomSectionFactory(profile=profile, title="Teaching", body="TA")
    CustomSectionFactory(profile=profile, title="Unlisted", body="hidden")
    soup = get_page(client, profile.get_absolute_url())
    assert section_ids(soup) == ["section-interests", "about", "section-teaching"]
    interests = soup.select_one("#section-interests")
    assert interests.h2.get_text() == "Interests"
    assert interests.em.get_text() == "games"


def test_empty_sections_are_not_rendered(client):
    profile = ProfileFactory(section_order=["news", "awards", "grants"])
    soup = get_page(client, profile.get_absolute_url())
    assert section_ids(soup) == []


def test_news_newest_first_pinned_on_top_rest_behind_show_all(client):
    profile = ProfileFactory(news_limit=2, section_order=["news"])
    NewsItemFactory(profile=profile, date="2021-08", text="oldest")
    NewsItemFactory(profile=profile, date="2025-06", text="newest")
    NewsItemFactory(profile=profile, date="2020", text="pinned old", pinned=True)
    NewsItemFactory(profile=profile, date="2023-01-15", text="middle")
    news = get_page(client, profile.get_absolute_url()).select_one("#news")
    shown = [li.select_one(".news-text").get_text(" ", strip=True) for li in news.ul.select("li")]
    assert shown == ["Pinned pinned old", "newest"]
    times = [t.get_text() for t in news.select("time")]
    assert times == ["2020", "Jun 2025", "15 Jan 2023", "Aug 2021"]
    folded = news.select_one("details.news-more")
    assert "Show all news" in folded.summary.get_text()
    assert [p.get_text(strip=True) for p in folded.select(".news-text")] == ["middle", "oldest"]


def test_positions_show_dates_at_their_precision_advisors_and_groups(client):
    profile = ProfileFactory(section_order=["positions"])
    PositionFactory(
        profile=profile,
        kind="education",
        role="MPhil",
        organization="SYSU",
        start="2023-09",
        end=None,
        advisors=["Keze Wang"],
    )
    PositionFactory(
        profile=profile,
        kind="internship",
        role="Intern",
        organization="OPPO",
        start="2022-10",
        end="2023-04",
        advisors=["A", "B"],
        logo=image_file("logo.png", (300, 150)),
    )
    section = get_page(client, profile.get_absolute_url()).select_one("#positions")
    assert [h.get_text() for h in section.select(".subheading")] == ["Education", "Experience"]
    assert [d.get_text() for d in section.select(".dates")] == [
        "Sep 2023 – present",
        "Oct 2022 – Apr 2023",
    ]
    assert [a.get_text() for a in section.select(".advisors")] == [
        "Advisor: Keze Wang",
        "Advisors: A & B",
    ]
    logo = section.select_one("img.org-logo")
    assert (logo["width"], logo["height"]) == ("48", "24")


def test_award_years_are_compact(client):
    profile = ProfileFactory(section_order=["awards"])
    AwardFactory(profile=profile, title="Scholarship", years=[2022, 2020, 2021])
    AwardFactory(profile=profile, title="Prize", years=[], date="2023-06")
    section = get_page(client, profile.get_absolute_url()).select_one("#awards")
    assert [w.get_text() for w in section.select(".item-when")] == ["2020, 2021 & 2022", "Jun 2023"]


def test_services_are_compact_and_grouped_conference_before_journal(client):
    profile = ProfileFactory(section_order=["services"])
    ServiceFactory(profile=profile, venue_kind="journal", venue="TIP", years=[])
    ServiceFactory(profile=profile, venue="CVPR", years=[2023, 2024, 2025, 2026])
    ServiceFactory(profile=profile, venue="ECCV", years=[2024, 2026])
    ServiceFactory(profile=profile, venue="CVPR", role="area_chair", years=[2026])
    section = get_page(client, profile.get_absolute_url()).select_one("#services")
    groups = [
        (g.dt.get_text(), [li.get_text() for li in g.select("li")])
        for g in section.select(".service-group")
    ]
    assert groups == [
        ("Reviewer, conferences", ["CVPR 2023–2026", "ECCV 2024, 2026"]),
        ("Area chair, conferences", ["CVPR 2026"]),
        ("Reviewer, journals", ["TIP"]),
    ]


def test_grants_show_role_and_dates(client):
    profile = ProfileFactory(section_order=["grants"])
    GrantFactory(profile=profile, title="国自然青年基金项目", role="PI", start="2024", end=None)
    section = get_page(client, profile.get_absolute_url()).select_one("#grants")
    assert section.select_one(".item-title").get_text() == "国自然青年基金项目"
    assert section.select_one(".item-when").get_text() == "2024"
    assert section.select_one(".badge").get_text() == "PI"


# Head: structured data and sharing


def test_json_ld_describes_the_person_and_each_article_in_author_order(client):
    profile = ProfileFactory(
        name="Ze-qing Wang",
        native_name="王泽卿",
        headline="MPhil student",
        affiliation="SYSU </script><b>",
    )
    ProfileLinkFactory(profile=profile, kind="orcid", url="https://orcid.org/0000-0002-1825-0097")
    ProfileLinkFactory(profile=profile, kind="github", url="https://github.com/zq")
    make_publication(authors=["First Author", profile, "Last"], title="Paper </script>")
    response = client.get(profile.get_absolute_url())
    assert b"</script><b>" not in response.content
    soup = get_page(client, profile.get_absolute_url())
    page, articles = json_ld_blocks(soup)
    assert page["@type"] == "ProfilePage"
    person = page["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Ze-qing Wang"
    assert person["alternateName"] == "王泽卿"
    assert person["jobTitle"] == "MPhil student"
    assert person["affiliation"]["name"] == "SYSU </script><b>"
    assert person["sameAs"] == ["https://orcid.org/0000-0002-1825-0097", "https://github.com/zq"]
    assert [a["@type"] for a in articles] == ["ScholarlyArticle"]
    assert articles[0]["headline"] == "Paper </script>"
    assert [a["name"] for a in articles[0]["author"]] == ["First Author", "Ze-qing Wang", "Last"]


def test_sharing_tags_canonical_and_description(client):
    profile = ProfileFactory(
        name="Ada", headline="Professor", bio="Works on **graphs**.", photo=image_file("a.png")
    )
    soup = get_page(client, profile.get_absolute_url())
    assert soup.select_one('link[rel="canonical"]')["href"] == f"http://testserver/{profile.slug}/"
    description = soup.select_one('meta[name="description"]')["content"]
    assert description == "Ada — Professor, Example University. Works on graphs."
    image = soup.select_one('meta[property="og:image"]')["content"]
    assert image.startswith("http://testserver/") and image.endswith(".webp")
    assert soup.select_one('meta[name="twitter:image"]')["content"] == image
    assert soup.select_one('meta[property="og:title"]')["content"] == "Ada"


def test_accent_colour_comes_from_the_profile_stylesheet_with_readable_contrast(client):
    from profiles.theme import LIGHT_BACKGROUND, _parse, contrast

    profile = ProfileFactory(accent_color="#ffd700")
    soup = get_page(client, profile.get_absolute_url())
    assert soup.select_one(f'link[href="/{profile.slug}/theme.css"]') is not None
    assert soup.select("[style]") == [] and soup.select("style") == []
    response = client.get(f"/{profile.slug}/theme.css")
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    light = css.split("--accent:")[1].split(";")[0]
    assert contrast(_parse(light), LIGHT_BACKGROUND) >= 4.5
    assert "prefers-color-scheme: dark" in css


# Drafts


def test_unpublished_profile_is_404_for_visitors_and_outsiders(client):
    profile = ProfileFactory(is_published=False)
    get_page(client, profile.get_absolute_url(), status=404)
    get_page(client, f"/{profile.slug}/publications/", status=404)
    get_page(client, f"/{profile.slug}/feed.atom", status=404)
    client.force_login(UserFactory())
    get_page(client, profile.get_absolute_url(), status=404)


def test_unpublished_profile_is_visible_to_its_owner_and_editors(client):
    owner = UserFactory()
    profile = ProfileFactory(is_published=False, user=owner)
    client.force_login(owner)
    get_page(client, profile.get_absolute_url())
    editor = UserFactory()
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    client.force_login(editor)
    get_page(client, profile.get_absolute_url())


def test_unknown_page_gets_the_friendly_404(client):
    soup = get_page(client, "/no-such-person/", status=404)
    assert soup.h1.get_text() == "This page does not exist"
    assert soup.select_one('a[href="/"]') is not None


def test_500_template_renders_without_a_request_or_database():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "Something went wrong" in html


# Feed, sitemap, robots


def test_news_feed_is_atom_with_rendered_items(client):
    profile = ProfileFactory(name="Ada")
    NewsItemFactory(profile=profile, date="2025-06", text="Paper accepted to **CVPR**")
    NewsItemFactory(profile=profile, date="2024", text="Joined the lab")
    response = client.get(f"/{profile.slug}/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted input
    assert feed.find(f"{ATOM}title").text == "Ada: news"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Jun 2025: Paper accepted to CVPR",
        "2024: Joined the lab",
    ]
    assert "<strong>CVPR</strong>" in entries[0].find(f"{ATOM}summary").text
    assert entries[0].find(f"{ATOM}updated").text.startswith("2025-06-01")
    # Atom ids are absolute IRIs (RFC 4287), one per news item.
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert ids == [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert all(i.startswith(f"http://testserver/{profile.slug}/#news-") for i in ids)
    assert len(set(ids)) == 2


def test_feed_without_news_is_dated_by_the_profile_not_the_clock(client):
    profile = ProfileFactory(name="Ada")
    Profile.objects.filter(pk=profile.pk).update(
        updated_at=datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    )
    response = client.get(f"/{profile.slug}/feed.atom")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted input
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}updated").text == "2024-05-06T07:08:09+00:00"


def test_sitemap_lists_directory_profiles_lists_and_papers(client):
    profile = ProfileFactory(slug="ada")
    draft = ProfileFactory(slug="draft", is_published=False)
    paper = make_publication(authors=[profile])
    hidden = make_publication(authors=[draft])
    urls = set(sitemap_urls(client))
    assert urls == {
        "http://testserver/",
        "http://testserver/ada/",
        "http://testserver/ada/publications/",
        f"http://testserver{paper.get_absolute_url()}",
    }
    assert f"http://testserver{hidden.get_absolute_url()}" not in urls


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_profile_page_needs_no_javascript_for_content(client):
    profile = ProfileFactory()
    NewsItemFactory(profile=profile)
    soup = get_page(client, profile.get_absolute_url())
    scripts = soup.select("script")
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)


def test_stored_javascript_urls_never_become_links(client):
    profile = ProfileFactory(affiliation_url="javascript:alert(1)")
    ProfileLinkFactory(profile=profile, kind="website", url="javascript:alert(2)")
    PositionFactory(profile=profile, organization_url="javascript:alert(3)")
    paper = make_publication(authors=[profile], title="Evil links")
    paper.links.create(label="code", url="javascript:alert(4)")
    for url in (profile.get_absolute_url(), paper.get_absolute_url()):
        soup = get_page(client, url)
        hrefs = [a["href"] for a in soup.select("a[href]")]
        assert not [href for href in hrefs if "javascript" in href.lower()], url
