"""News drafted when a paper is accepted or published, and published with one click."""

import pytest
import yaml
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from profiles.bundles.exporter import build_bundle
from profiles.models import NewsItem
from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from publications.announcements import announcement, draft_acceptance_news
from publications.bibtex.importer import apply_import
from publications.models import ProfilePublication, Publication

from .factories import author_for, make_publication

pytestmark = pytest.mark.django_db

ADD = reverse("admin:publications_publication_add")
NEWS = reverse("admin:profiles_newsitem_changelist")


@pytest.fixture
def cast():
    cast = make_cast()
    Publication.objects.filter(pk=cast.shared.pk).update(
        status=Publication.Status.UNDER_REVIEW, venue="CVPR", year=2026
    )
    cast.shared.refresh_from_db()
    return cast


def change_url(paper):
    return reverse("admin:publications_publication_change", args=[paper.pk])


def drafts(profile):
    return list(NewsItem.objects.filter(profile=profile, is_published=False))


def accept_in_admin(client, user, paper, capture, status="accepted"):
    client.force_login(user)
    data = form_fields(client.get(change_url(paper)))
    data["status"] = status
    with capture(execute=True):
        response = client.post(change_url(paper), data)
    assert response.status_code == 302, error_texts(response)


def test_accepting_a_paper_in_the_admin_drafts_news_for_every_profile_listing_it(
    client, cast, django_capture_on_commit_callbacks
):
    accept_in_admin(client, cast.alice, cast.shared, django_capture_on_commit_callbacks)

    text = "Our paper *Shared Paper of Alice and Bob* was accepted to **CVPR 2026**."
    for profile in (cast.profile_a, cast.profile_b):
        [draft] = drafts(profile)
        assert (draft.text, draft.announces, draft.is_published) == (text, cast.shared, False)
        assert draft.date.isoformat() == timezone.localdate().isoformat()
    assert not NewsItem.objects.filter(profile=cast.profile_c).exists()


def test_a_draft_is_made_once_per_paper(client, cast, django_capture_on_commit_callbacks):
    accept_in_admin(client, cast.alice, cast.shared, django_capture_on_commit_callbacks)
    accept_in_admin(
        client, cast.alice, cast.shared, django_capture_on_commit_callbacks, status="published"
    )
    assert len(drafts(cast.profile_a)) == 1


def test_a_new_paper_entered_as_accepted_is_news_once_its_authors_are_saved(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.dana)
    data = form_fields(client.get(ADD))
    data.update(title="Fresh Result", type="journal", status="accepted", year="2026", venue="TPAMI")
    data["authorships-0-author"] = str(author_for(cast.profile_c).pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADD, data).status_code == 302
    [draft] = drafts(cast.profile_c)
    assert draft.text == "Our paper *Fresh Result* was accepted to **TPAMI 2026**."


def test_papers_entered_as_published_or_preprint_are_not_news(django_capture_on_commit_callbacks):
    cast = make_cast()  # its papers were created as published
    with django_capture_on_commit_callbacks(execute=True):
        make_publication(authors=[cast.profile_a], status="preprint", year=None)
    assert not NewsItem.objects.exists()


def test_the_owner_can_turn_drafting_off(cast, django_capture_on_commit_callbacks):
    cast.profile_b.draft_acceptance_news = False
    cast.profile_b.save()
    paper = Publication.objects.get(pk=cast.shared.pk)
    paper.status = Publication.Status.ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        paper.save()
    assert len(drafts(cast.profile_a)) == 1
    assert drafts(cast.profile_b) == []


def test_a_profile_hiding_the_paper_gets_no_draft(cast):
    ProfilePublication.objects.filter(profile=cast.profile_b).update(hidden=True)
    Publication.objects.filter(pk=cast.shared.pk).update(status="accepted")
    draft_acceptance_news([cast.shared.pk])
    assert drafts(cast.profile_b) == []


def test_bibtex_import_announces_new_acceptances_and_filled_statuses(
    cast, django_capture_on_commit_callbacks
):
    preprint = make_publication(
        authors=[cast.profile_a],
        title="Waiting Preprint",
        status="preprint",
        year=None,
        venue="",
        doi="10.5555/waiting",
    )
    text = """
@article{waiting, title={Waiting Preprint}, author={Ahn, Alice}, journal={TMLR}, year={2026},
  doi={10.5555/waiting}}
@inproceedings{fresh, title={Fresh Acceptance}, author={Ahn, Alice}, booktitle={ICLR},
  year={2026}, pubstate={forthcoming}}
@inproceedings{old, title={Old Work}, author={Ahn, Alice}, booktitle={ICCV}, year={2019}}
"""
    with django_capture_on_commit_callbacks(execute=True):
        apply_import(cast.profile_a, text)

    texts = sorted(draft.text for draft in drafts(cast.profile_a))
    assert Publication.objects.get(pk=preprint.pk).status == "published"
    assert texts == [
        "Our paper *Fresh Acceptance* was accepted to **ICLR 2026**.",
        "Our paper *Waiting Preprint* was published in **TMLR 2026**.",
    ]


def test_titles_are_text_not_markdown():
    paper = Publication(
        title="*Bold* claims [and] links_here", status="accepted", venue="", year=None
    )
    assert announcement(paper) == (r"Our paper *\*Bold\* claims \[and\] links\_here* was accepted.")


def test_drafts_are_on_no_public_page_feed_or_bundle_list_of_published_news(client, cast):
    NewsItem.objects.create(profile=cast.profile_a, date="2026-03", text="Public item")
    NewsItem.objects.create(
        profile=cast.profile_a, date="2026-04", text="Secret draft", is_published=False
    )
    cast.profile_a.section_order = ["news", "publications"]
    cast.profile_a.save()

    page = client.get(cast.profile_a.get_absolute_url()).content.decode()
    feed = client.get(f"/{cast.profile_a.slug}/feed.atom").content.decode()
    bundle = yaml.safe_load(build_bundle(cast.profile_a)[0])

    assert "Public item" in page and "Secret draft" not in page
    assert "Public item" in feed and "Secret draft" not in feed
    assert bundle["news"] == [
        {"date": "2026-04", "text": "Secret draft", "draft": True},
        {"date": "2026-03", "text": "Public item"},
    ]


def test_the_owner_publishes_a_draft_with_one_click(
    client, cast, django_capture_on_commit_callbacks
):
    accept_in_admin(client, cast.alice, cast.shared, django_capture_on_commit_callbacks)
    [draft] = drafts(cast.profile_a)
    cast.profile_a.section_order = ["news", "publications"]
    cast.profile_a.save()
    before = client.get(cast.profile_a.get_absolute_url())  # owner: not from the cache

    listing = BeautifulSoup(client.get(NEWS).content, "html.parser")
    button = listing.select_one(f'button[form="publish-news"][value="{draft.pk}"]')
    form = listing.select_one("form#publish-news")
    data = {field["name"]: field.get("value", "") for field in form.select("input")}
    data[button["name"]] = button["value"]
    response = client.post(form["action"], data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    client.logout()
    page = client.get(cast.profile_a.get_absolute_url()).content.decode()
    assert "was accepted to <strong>CVPR 2026</strong>" in page
    assert "was accepted to" not in before.content.decode()


def test_researchers_see_and_publish_only_their_own_drafts(client, cast):
    mine = NewsItem.objects.create(
        profile=cast.profile_a, date="2026", text="a", is_published=False
    )
    theirs = NewsItem.objects.create(
        profile=cast.profile_c, date="2026", text="c", is_published=False
    )
    client.force_login(cast.alice)
    assert client.get(NEWS).context["cl"].result_count == 1
    publish = reverse("admin:profiles_newsitem_publish")
    assert client.post(publish, {"item": theirs.pk}).status_code == 404
    assert client.post(publish, {"item": mine.pk}).status_code == 302
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (mine.is_published, theirs.is_published) == (True, False)


def test_the_profile_form_points_to_waiting_drafts(client, cast):
    NewsItem.objects.create(profile=cast.profile_a, date="2026", text="a", is_published=False)
    client.force_login(cast.alice)
    response = client.get(reverse("admin:profiles_profile_change", args=[cast.profile_a.pk]))
    assert b"Draft news to publish (1)" in response.content
