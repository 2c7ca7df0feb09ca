"""Cached pages change as soon as anything they show is edited, through any path.

Each test renders a page (filling the cache), edits through the ORM as the admin,
import or a co-author would, and renders again.
"""

import pytest

from profiles.models import Profile
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
)
from publications.models import Author, Authorship, ProfilePublication, Publication
from publications.printed_names import PrintedName
from publications.tests.factories import PublicationLinkFactory, TagFactory, make_publication
from tests.support import sitemap_urls

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def profile():
    return ProfileFactory(
        name="Ada Owner",
        section_order=["about", "news", "publications", "positions", "awards", "services",
                       "grants", "Talks"],
    )  # fmt: skip


@pytest.fixture
def shared(profile):
    """A paper by Ada and her co-author Bo, both with profiles: one row, two pages."""
    coauthor = ProfileFactory(name="Bo Coauthor", slug="bo")
    paper = make_publication(authors=[profile, coauthor, "Cy External"], title="Shared Paper")
    return paper, coauthor


def test_pages_are_served_from_the_cache_until_an_edit_signals(client, profile):
    url = profile.get_absolute_url()
    assert "Ph.D. student" in html(client, url)
    # A write that sends no signal (queryset update) leaves the cached page in place…
    Profile.objects.filter(pk=profile.pk).update(headline="Professor")
    assert "Ph.D. student" in html(client, url)
    # …while the owner, logged in, always sees the fresh page (draft preview).
    owner = UserFactory()
    Profile.objects.filter(pk=profile.pk).update(user=owner)
    client.force_login(owner)
    assert "Professor" in html(client, url)


def test_profile_edit_updates_profile_list_directory_and_theme(client, profile):
    urls = [profile.get_absolute_url(), f"/{profile.slug}/publications/", "/"]
    for url in urls:
        assert "Ph.D. student" in html(client, url)
    old_css = html(client, f"/{profile.slug}/theme.css")
    profile.headline = "Research Fellow"
    profile.accent_color = "#b91c1c"
    profile.save()
    for url in urls:
        assert "Research Fellow" in html(client, url), url
    assert html(client, f"/{profile.slug}/theme.css") != old_css


@pytest.mark.parametrize(
    ("factory", "fields", "edited"),
    [
        (NewsItemFactory, {"text": "Brand new news"}, "text"),
        (PositionFactory, {"organization": "Fresh Institute"}, "organization"),
        (AwardFactory, {"title": "Fresh Award"}, "title"),
        (ServiceFactory, {"venue": "FRESHCONF"}, "venue"),
        (GrantFactory, {"title": "Fresh Grant"}, "title"),
        (CustomSectionFactory, {"title": "Talks", "body": "Fresh talk"}, "body"),
        (ProfileLinkFactory, {"url": "https://github.com/fresh"}, "url"),
    ],
)
def test_adding_editing_and_deleting_section_items(client, profile, factory, fields, edited):
    url = profile.get_absolute_url()
    text = fields[edited]
    assert text not in html(client, url)
    item = factory(profile=profile, **fields)
    assert text in html(client, url)
    setattr(item, edited, f"{text}/edited")
    item.save()
    assert f"{text}/edited" in html(client, url)
    item.delete()
    assert text not in html(client, url)


def test_news_edit_updates_the_feed(client, profile):
    NewsItemFactory(profile=profile, text="First news")
    assert "First news" in html(client, f"/{profile.slug}/feed.atom")
    NewsItemFactory(profile=profile, text="Second news")
    assert "Second news" in html(client, f"/{profile.slug}/feed.atom")


def test_editing_a_shared_paper_from_one_profile_updates_the_coauthors_pages(
    client, profile, shared
):
    paper, coauthor = shared
    urls = [
        coauthor.get_absolute_url(),
        f"/{coauthor.slug}/publications/",
        profile.get_absolute_url(),
        paper.get_absolute_url(),
    ]
    for url in urls:
        assert "Shared Paper" in html(client, url)
    # Ada edits the paper (e.g. in the admin from her profile): Bo's pages change too.
    paper.title = "Shared Paper, Revised"
    paper.save()
    for url in urls[:3]:
        assert "Shared Paper, Revised" in html(client, url), url
    new_url = Publication.objects.get(pk=paper.pk).get_absolute_url()
    assert "Shared Paper, Revised" in html(client, new_url)


def test_coauthor_edits_to_links_marks_and_tags_reach_every_page(client, profile, shared):
    paper, coauthor = shared
    url = coauthor.get_absolute_url()
    html(client, url)
    PublicationLinkFactory(publication=paper, label="video", url="https://video.example/x")
    assert "https://video.example/x" in html(client, url)
    authorship = Authorship.objects.get(publication=paper, author__profile=profile)
    authorship.corresponding = True
    authorship.save()
    assert "corresponding author" in html(client, url)
    html(client, f"/{coauthor.slug}/publications/")
    paper.tags.add(TagFactory(name="Robotics"))
    assert "Robotics" in html(client, f"/{coauthor.slug}/publications/")
    paper.tags.clear()
    assert "Robotics" not in html(client, f"/{coauthor.slug}/publications/")


def test_printed_name_change_and_author_removal(client, profile, shared):
    _, coauthor = shared
    url = coauthor.get_absolute_url()
    assert "Cy External" in html(client, url)
    external = Author.objects.get(name="Cy External")
    external.name = "Cyrus External"
    external.save()
    # The person's name changed, not the paper's: it prints as it was printed.
    assert "Cy External" in html(client, url)
    authorship = Authorship.objects.get(author=external)
    authorship.set_printed(PrintedName.parse("C. External"))
    authorship.save()
    assert "C. External" in html(client, url)
    authorship.delete()
    assert "C. External" not in html(client, url)


def test_coauthor_renaming_or_unpublishing_updates_links_on_other_pages(client, profile, shared):
    _, coauthor = shared
    url = profile.get_absolute_url()
    assert 'href="/bo/"' in html(client, url)
    coauthor.slug = "bo-renamed"
    coauthor.save()
    assert 'href="/bo-renamed/"' in html(client, url)
    assert client.get("/bo/").status_code == 404
    coauthor.is_published = False
    coauthor.save()
    assert 'href="/bo-renamed/"' not in html(client, url)
    assert "Bo Coauthor" not in html(client, "/")


def test_listing_flags_selected_and_hidden(client, profile, shared):
    _, coauthor = shared
    other = make_publication(authors=[coauthor], title="Bo Alone")
    url = coauthor.get_absolute_url()
    assert "Selected publications" not in html(client, url)
    listing = ProfilePublication.objects.get(profile=coauthor, publication=other)
    listing.selected = True
    listing.save()
    page = html(client, url)
    assert "Selected publications" in page and ">Shared Paper</a>" not in page
    listing.selected = False
    listing.hidden = True
    listing.save()
    assert "Bo Alone" not in html(client, url)


def test_a_paper_page_is_gone_as_soon_as_its_last_listing_is_hidden(client, profile):
    paper = make_publication(authors=[profile, "Cy External"], title="Only Mine")
    url = paper.get_absolute_url()
    assert "Only Mine" in html(client, url)
    listing = ProfilePublication.objects.get(profile=profile, publication=paper)
    listing.hidden = True
    listing.save()
    assert client.get(url).status_code == 404
    listing.hidden = False
    listing.save()
    assert "Only Mine" in html(client, url)
    listing.delete()
    assert client.get(url).status_code == 404


def test_unpublishing_a_profile_takes_down_the_papers_only_it_lists(client, profile):
    # Listed on the profile, but not by an author row linked to it (a lab page, say).
    listed = make_publication(authors=["Cy External"], title="Listed Only")
    ProfilePublication.objects.create(profile=profile, publication=listed, status="accepted")
    authored = make_publication(authors=[profile], title="Authored")
    urls = [listed.get_absolute_url(), authored.get_absolute_url()]
    for url in urls:
        html(client, url)
    profile.is_published = False
    profile.save()
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_deleting_a_shared_paper_removes_it_everywhere(client, profile, shared):
    paper, coauthor = shared
    paper_url = paper.get_absolute_url()
    urls = [coauthor.get_absolute_url(), profile.get_absolute_url()]
    for url in urls:
        assert paper_url in html(client, url)
    assert f"http://testserver{paper_url}" in sitemap_urls(client)
    paper.delete()
    for url in urls:
        assert paper_url not in html(client, url), url
    assert f"http://testserver{paper_url}" not in sitemap_urls(client)


def test_deleting_a_profile_updates_directory_and_coauthor_pages(client, profile, shared):
    _, coauthor = shared
    assert "Bo Coauthor" in html(client, "/")
    assert 'href="/bo/"' in html(client, profile.get_absolute_url())
    coauthor.delete()
    assert "Bo Coauthor" not in html(client, "/")
    assert 'href="/bo/"' not in html(client, profile.get_absolute_url())
    assert client.get("/bo/").status_code == 404


def test_new_profile_and_paper_appear_in_directory_and_sitemap(client, profile):
    assert "Newcomer" not in html(client, "/")
    assert "http://testserver/newcomer/" not in sitemap_urls(client)
    newcomer = ProfileFactory(name="Newcomer", slug="newcomer")
    assert "Newcomer" in html(client, "/")
    paper = make_publication(authors=[newcomer])
    sitemap = sitemap_urls(client)
    assert "http://testserver/newcomer/" in sitemap
    assert f"http://testserver{paper.get_absolute_url()}" in sitemap


def cached_entries():
    from django.core.cache import cache

    return len(cache._cache)  # LocMemCache's store: pages, thumbnails' sizes


def test_parameters_a_page_does_not_read_share_its_cached_entry(client, profile):
    url = profile.get_absolute_url()
    assert "Ph.D. student" in html(client, url)
    entries = cached_entries()
    # A write that sends no signal: whatever still shows "Ph.D. student" came from the cache.
    Profile.objects.filter(pk=profile.pk).update(headline="Professor")
    for value in range(20):
        assert "Ph.D. student" in html(client, f"{url}?utm_source={value}&fbclid=x{value}")
    assert cached_entries() == entries


def test_the_list_page_is_cached_per_filter_it_applies(client, profile):
    make_publication(authors=[profile], title="Paper of 2024", year=2024)
    make_publication(authors=[profile], title="Paper of 2019", year=2019)
    url = f"/{profile.slug}/publications/"
    assert "Paper of 2019" not in html(client, f"{url}?year=2024")
    assert "Paper of 2019" in html(client, url)
    entries = cached_entries()
    Publication.objects.filter(year=2019).update(title="Renamed quietly")
    # Unknown parameters, parameter order and values that cannot be valid (a year of
    # letters, an unknown type) all land on one of the two entries already made.
    for query in ("?year=2024&utm=1", "?utm=1&year=2024", "?year=2024&type=nonsense"):
        page = html(client, url + query)
        assert "Paper of 2024" in page and "Paper of 2019" not in page, query
    for query in ("?year=abc", "?year=99999", "?type=zzz", "?q=%00", "?page=2"):
        assert "Paper of 2019" in html(client, url + query), query
    assert cached_entries() == entries


def test_a_search_is_cached_by_its_text_as_searched(client, profile):
    ProfileFactory(name="Cleo Vision", slug="cleo", interests=["vision"])
    html(client, "/?q=vision")
    entries = cached_entries()
    # Surrounding spaces and control characters are not part of the search.
    for query in ("?q=+vision+", "?q=vision%00", "?q=%09vision&ref=home"):
        assert "Cleo Vision" in html(client, "/" + query), query
    assert cached_entries() == entries


def test_the_paper_page_keeps_only_from_in_its_key_and_redirect(client, profile):
    paper = make_publication(authors=[profile, "Cy External"], title="Shared Key")
    url = paper.get_absolute_url()
    assert "Shared Key" in html(client, f"{url}?from={profile.slug}")
    entries = cached_entries()
    assert "Shared Key" in html(client, f"{url}?from={profile.slug}&utm=1")
    assert cached_entries() == entries
    response = client.get(f"/papers/{paper.pk}/old-slug/?utm=1&from={profile.slug}")
    assert response.status_code == 301
    assert response["Location"] == f"{url}?from={profile.slug}"


def test_an_edit_reaches_a_page_cached_with_versions_in_the_same_cache(client, profile, settings):
    # With Redis the versions and the pages share one cache (one round trip per hit).
    settings.PAGE_VERSIONS_CACHE = "default"
    url = profile.get_absolute_url()
    assert "Ph.D. student" in html(client, url)
    Profile.objects.filter(pk=profile.pk).update(headline="Professor")
    assert "Ph.D. student" in html(client, url)
    profile.refresh_from_db()
    profile.save()
    assert "Professor" in html(client, url)


def test_pages_that_are_not_found_leave_nothing_in_the_caches(client, profile):
    from django.core.cache import caches

    html(client, profile.get_absolute_url())
    stored = [len(cache._cache) for cache in caches.all()]
    for number in range(20):
        assert client.get(f"/nobody-{number}/").status_code == 404
        assert client.get(f"/papers/{10_000 + number}/x/").status_code == 404
    assert [len(cache._cache) for cache in caches.all()] == stored


def test_cached_pages_vary_on_cookie_for_shared_caches(client, profile):
    for _ in range(2):  # rendered, then from the cache
        response = client.get(profile.get_absolute_url())
        assert "Cookie" in response["Vary"]


INNER_REQUESTS = []


def count_inner_requests(get_response):
    """A middleware placed after EarlyCachedPageMiddleware: what the early path spares."""

    def middleware(request):
        INNER_REQUESTS.append(request.path)
        return get_response(request)

    return middleware


@pytest.fixture
def inner_requests(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.count_inner_requests"]
    INNER_REQUESTS.clear()
    return INNER_REQUESTS


def test_cached_pages_without_a_session_are_served_before_the_rest_of_the_stack(
    client, profile, inner_requests
):
    urls = [
        profile.get_absolute_url(),
        f"/{profile.slug}/feed.atom",
        "/sitemap.xml",
        "/sitemap-profiles-1.xml",
    ]
    first = [client.get(url) for url in urls]
    assert inner_requests == urls
    again = [client.get(url) for url in urls]
    assert inner_requests == urls  # no request went further than the early cache
    headers = [
        "Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary",
        "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
    ]  # fmt: skip
    for rendered, cached in zip(first, again, strict=True):
        assert cached.status_code == 200 and cached.content == rendered.content
        for header in headers:
            assert cached.get(header) == rendered.get(header), header


def test_visitors_with_a_session_cookie_go_through_the_whole_stack(client, profile, inner_requests):
    url = profile.get_absolute_url()
    client.get(url)
    client.cookies["sessionid"] = "not-a-session"
    Profile.objects.filter(pk=profile.pk).update(headline="Professor")
    # Still anonymous, so still the cached page, but found by the view behind the session.
    assert "Ph.D. student" in html(client, url)
    assert inner_requests == [url, url]
