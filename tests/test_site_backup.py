"""backup_site then restore_site on an empty database gives the same site: every public
page byte for byte, the same accounts, owners, groups, hidden papers and drafts."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection

from profiles.models import Profile
from profiles.tests.factories import ProfileFactory, UserFactory
from publications import claims
from publications.models import ProfilePublication, Publication
from publications.tests.factories import make_publication
from publications.venues.services import map_unmapped
from tests.support import load_demo_profiles, public_paths

pytestmark = pytest.mark.django_db


LISTING = ("publication__title", "profile__slug", "status", "proposed_by__slug", "hidden")


def every_public_page(client):
    """{path: bytes} of every page anyone can see, the demo profiles' and the site's."""
    paths = ["/", "/sitemap.xml", "/sitemap-profiles-1.xml", "/sitemap-papers-1.xml", "/robots.txt"]
    for profile in Profile.objects.published().order_by("slug"):
        slug = profile.slug
        paths += public_paths(profile)
        paths += [f"/{slug}/{name}" for name in ("feed.atom", "theme.css")]
        paths += [f"/{slug}/publications.bib", f"/{slug}/publications.json"]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content
    return pages


def empty_the_database():
    """``flush``, inside the test's transaction (PostgreSQL first checks the pending
    foreign keys, which TRUNCATE refuses to leave behind)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert not get_user_model().objects.exists() and not Profile.objects.exists()


def clear_caches():
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def site(settings, tmp_path):
    """The demo profiles, plus what bundles alone do not carry."""
    settings.MEDIA_ROOT = tmp_path / "media-before"
    profiles = load_demo_profiles()
    owner = UserFactory(username="owner", is_staff=True, first_name="Ada")
    # Made by a migration, unless a test before this one flushed the database.
    Group.objects.get_or_create(name="Profile editors")[0].user_set.add(owner)
    profiles[0].user = owner
    profiles[0].save()
    draft = ProfileFactory(slug="draft", name="Draft Person", is_published=False)
    make_publication(authors=[draft], title="A Paper On A Draft Profile")
    hidden = Publication.objects.listed_on(profiles[1]).order_by("pk").last()
    ProfilePublication.objects.filter(profile=profiles[1], publication=hidden).update(hidden=True)
    # A gap in the ids, as deletions leave: restored papers keep theirs all the same.
    make_publication(authors=[profiles[2]], title="Deleted Later").delete()
    make_publication(authors=[profiles[2]], title="Added After A Deletion")
    # Claims from the first profile on the second's page: waiting, accepted and declined.
    with claims.acting_as(profiles[0]):
        for title in ("Claim Waiting", "Claim Accepted", "Claim Declined"):
            make_publication(authors=[profiles[0], profiles[1]], title=title)
    for title, status in (("Claim Accepted", "accepted"), ("Claim Declined", "declined")):
        ProfilePublication.objects.filter(profile=profiles[1], publication__title=title).update(
            status=status
        )
    # A claim hidden while it waits stays hidden once accepted.
    ProfilePublication.objects.filter(
        profile=profiles[1], publication__title="Claim Waiting"
    ).update(hidden=True)
    # Factories skip the doors that link a paper to its registry venue; a site's papers
    # all went through one (or through load_venues, which does this).
    map_unmapped()
    return {"owner": owner, "hidden": hidden, "first": profiles[0], "second": profiles[1]}


def test_a_restored_site_serves_the_same_pages_to_the_same_people(client, site, settings, tmp_path):
    clear_caches()
    before = every_public_page(client)
    papers = sorted(Publication.objects.values_list("pk", "title"))
    listings = sorted(ProfilePublication.objects.values_list(*LISTING))
    first, second = site["first"].slug, site["second"].slug
    assert ("Claim Declined", second, "declined", first, False) in listings
    assert ("Claim Waiting", second, "pending", first, True) in listings
    call_command("backup_site", "--out", str(tmp_path / "backup"))

    empty_the_database()
    clear_caches()
    # A new machine: nothing of the old media folder.
    settings.MEDIA_ROOT = tmp_path / "media-after"
    call_command("restore_site", str(tmp_path / "backup"))

    after = every_public_page(client)
    assert sorted(after) == sorted(before)
    for path, content in before.items():
        assert after[path] == content, path
    assert sorted(Publication.objects.values_list("pk", "title")) == papers
    assert sorted(ProfilePublication.objects.values_list(*LISTING)) == listings

    owner = get_user_model().objects.get(username="owner")
    assert owner.check_password("correct horse battery staple") and owner.is_staff
    assert list(owner.groups.values_list("name", flat=True)) == ["Profile editors"]
    assert Profile.objects.get(slug=site["first"].slug).user == owner
    listing = ProfilePublication.objects.get(
        profile__slug=site["second"].slug, publication=site["hidden"].pk
    )
    assert listing.hidden
    assert not Profile.objects.get(slug="draft").is_published
    assert client.get("/draft/").status_code == 404
    new = make_publication(authors=[Profile.objects.get(slug="draft")], title="After Restore")
    assert new.pk > max(pk for pk, _ in papers)


def test_restore_refuses_a_site_that_is_not_empty(site, tmp_path):
    call_command("backup_site", "--out", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="needs a site without profiles or papers"):
        call_command("restore_site", str(tmp_path / "backup"))


def test_backup_refuses_a_folder_that_is_not_empty_and_restore_a_folder_without_manifest(
    tmp_path,
):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="exists and is not an empty folder"):
        call_command("backup_site", "--out", str(tmp_path / "full"))
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore_site", str(tmp_path / "full"))
