"""Claims: a paper a co-author adds lists on a profile's page only once its owner accepts
it; declined, it is never proposed again (publications.claims). One test per door, then
the owner's decisions and who may make them.

The cast (``make_cast``): Alice owns "Alice Alone" and shares a paper with Bob; Charlie
shares nothing; Dana is a profile editor.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.bundles.exporter import build_bundle
from profiles.bundles.importer import import_bundle
from profiles.models import ClaimPolicy
from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from profiles.tests.bundle_helpers import document, paper, write_folder
from profiles.tests.page_helpers import get_page
from publications import claims
from publications.models import ProfilePublication, Publication
from publications.tests.factories import author_for

pytestmark = pytest.mark.django_db

Status = ProfilePublication.Status
CLAIMS = reverse("admin:publications_claim_changelist")
ADD = reverse("admin:publications_publication_add")


@pytest.fixture
def cast():
    cast = make_cast()
    author_for(cast.profile_b)  # Bob's name is known here: imports match "Bob Baker" to him
    return cast


def listing(profile, title):
    return ProfilePublication.objects.get(profile=profile, publication__title=title)


def titles_on_page(client, profile):
    soup = get_page(client, profile.get_absolute_url())
    return {node.get_text(" ", strip=True) for node in soup.select(".pub-title")}


def bib(title, authors, year=2025):
    key = title.replace(" ", "")
    return (
        f"@inproceedings{{{key},\n  title = {{{title}}},\n  author = {{{authors}}},\n"
        f"  booktitle = {{CVPR}},\n  year = {{{year}}},\n}}\n"
    )


def import_on_web(client, user, profile, text):
    client.force_login(user)
    response = client.post(
        reverse("bibtex:import"), {"profile": profile.slug, "text": text, "preview": "1"}
    )
    assert response.status_code == 200
    token = BeautifulSoup(response.content, "html.parser").select_one("input[name=token]")
    response = client.post(reverse("bibtex:confirm"), {"token": token["value"]})
    assert response.status_code == 302


def import_by_command(tmp_path, profile, text):
    path = tmp_path / "papers.bib"
    path.write_text(text, encoding="utf-8")
    call_command("import_bibtex", profile.slug, str(path), stdout=io.StringIO())


# The doors: each makes a pending claim from the acting profile.


@pytest.mark.parametrize("door", ["web", "command", "editor"])
def test_a_bibtex_import_proposes_the_paper_to_a_coauthor_with_a_profile(
    client, cast, tmp_path, door
):
    text = bib("Joint Work", "Ahn, Alice and Baker, Bob")
    if door == "command":
        import_by_command(tmp_path, cast.profile_a, text)
    else:
        import_on_web(client, cast.dana if door == "editor" else cast.alice, cast.profile_a, text)
    alice, bob = listing(cast.profile_a, "Joint Work"), listing(cast.profile_b, "Joint Work")
    assert (alice.status, alice.proposed_by) == (Status.ACCEPTED, None)
    assert (bob.status, bob.proposed_by) == (Status.PENDING, cast.profile_a)
    assert bob.proposed_at is not None and bob.decided_at is None
    assert "Joint Work" in titles_on_page(client, cast.profile_a)
    assert "Joint Work" not in titles_on_page(client, cast.profile_b)


@pytest.mark.parametrize(
    ("policy", "note"),
    [
        (ClaimPolicy.NOBODY, "Proposed to Bob Baker: on their page once they accept it."),
        (
            ClaimPolicy.EVERYONE,
            "Also listed on Bob Baker’s page at once (their settings accept your papers).",
        ),
    ],
)
def test_the_preview_says_which_coauthors_get_the_paper_and_how(
    client, cast, tmp_path, policy, note
):
    cast.profile_b.accept_claims = policy
    cast.profile_b.save()
    text = bib("Joint Work", "Ahn, Alice and Baker, Bob") + bib("Alone Again", "Ahn, Alice")
    client.force_login(cast.alice)
    response = client.post(
        reverse("bibtex:import"), {"profile": cast.profile_a.slug, "text": text, "preview": "1"}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    notes = {
        entry.select_one(".preview-title").get_text(strip=True): [
            item.get_text(strip=True) for item in entry.select(".preview-claims li")
        ]
        for entry in soup.select(".preview-entry")
    }
    assert notes == {"Joint Work": [note], "Alone Again": []}
    path = tmp_path / "papers.bib"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_bibtex", cast.profile_a.slug, str(path), "--dry-run", stdout=out)
    assert f"→ {note[0].lower()}{note[1:-1]}" in out.getvalue()
    assert not ProfilePublication.objects.filter(publication__title="Joint Work").exists()


def test_a_bundle_proposes_its_papers_to_linked_coauthors(tmp_path, cast):
    doc = document(
        slug="eve",
        name="Eve Evans",
        publications=[
            paper("Ours", {"name": "Eve Evans", "me": True}, {"name": "Bob", "profile": "bob"})
        ],
    )
    eve = import_bundle(write_folder(tmp_path / "eve", doc)).profile
    assert listing(eve, "Ours").status == Status.ACCEPTED
    claim = listing(cast.profile_b, "Ours")
    assert (claim.status, claim.proposed_by) == (Status.PENDING, eve)


def test_a_researcher_adding_a_coauthor_in_the_admin_proposes_the_paper(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(ADD))
    data.update(title="Added in the Admin", type="journal", status="published", year="2025")
    data["authorships-0-author"] = str(author_for(cast.profile_a).pk)
    data["authorships-1-author"] = str(author_for(cast.profile_b).pk)
    response = client.post(ADD, data)
    assert response.status_code == 302, error_texts(response)
    assert listing(cast.profile_a, "Added in the Admin").status == Status.ACCEPTED
    claim = listing(cast.profile_b, "Added in the Admin")
    assert (claim.status, claim.proposed_by) == (Status.PENDING, cast.profile_a)


def test_an_editors_admin_edit_lists_at_once(client, cast):
    client.force_login(cast.dana)
    data = form_fields(client.get(ADD))
    data.update(title="Edited for Them", type="journal", status="published", year="2025")
    data["authorships-0-author"] = str(author_for(cast.profile_c).pk)
    response = client.post(ADD, data)
    assert response.status_code == 302, error_texts(response)
    assert listing(cast.profile_c, "Edited for Them").status == Status.ACCEPTED


def test_existing_listings_stay_accepted(cast):
    # The cast's papers were made outside any door (as the migration finds them).
    assert set(ProfilePublication.objects.values_list("status", flat=True)) == {Status.ACCEPTED}


# The owner's settings.


@pytest.mark.parametrize(
    ("policy", "trusts_alice", "expected"),
    [
        (ClaimPolicy.NOBODY, True, Status.PENDING),
        (ClaimPolicy.CHOSEN, False, Status.PENDING),
        (ClaimPolicy.CHOSEN, True, Status.ACCEPTED),
        (ClaimPolicy.EVERYONE, False, Status.ACCEPTED),
    ],
)
def test_the_owner_chooses_whose_claims_list_at_once(client, cast, policy, trusts_alice, expected):
    bob = cast.profile_b
    bob.accept_claims = policy
    bob.save()
    if trusts_alice:
        bob.claims_trusted.add(cast.profile_a)
    bob.claims_trusted.add(cast.profile_c)
    import_on_web(
        client, cast.alice, cast.profile_a, bib("Joint Work", "Ahn, Alice and Baker, Bob")
    )
    claim = listing(bob, "Joint Work")
    assert claim.status == expected
    assert ("Joint Work" in titles_on_page(client, bob)) == (expected == Status.ACCEPTED)


# Deciding.


def test_the_owner_accepts_and_the_paper_is_listed_everywhere_public(client, cast):
    import_on_web(
        client, cast.alice, cast.profile_a, bib("Joint Work", "Ahn, Alice and Baker, Bob")
    )
    bob = cast.profile_b
    paper = Publication.objects.get(title="Joint Work")
    csl = reverse("profiles:csl_json", args=[bob.slug])
    bibtex = reverse("profiles:bibtex", args=[bob.slug])
    assert "Joint Work" not in client.get(csl).content.decode()
    client.logout()  # a visitor: the page is cached, and must not outlive the decision
    assert "Joint Work" not in titles_on_page(client, bob)
    assert "Joint Work" not in client.get(bibtex).content.decode()
    client.force_login(cast.bob)
    response = client.post(
        CLAIMS, {"action": "accept", "_selected_action": [listing(bob, "Joint Work").pk]}
    )
    assert response.status_code == 302
    client.logout()
    claim = listing(bob, "Joint Work")
    assert claim.status == Status.ACCEPTED and claim.decided_at is not None
    assert "Joint Work" in titles_on_page(client, bob)
    assert "Joint Work" in client.get(csl).content.decode()
    assert "Joint Work" in client.get(bibtex).content.decode()
    assert paper in Publication.objects.listed_on(bob)


def test_a_declined_claim_survives_reimports_through_every_door(client, cast, tmp_path):
    text = bib("Joint Work", "Ahn, Alice and Baker, Bob")
    import_on_web(client, cast.alice, cast.profile_a, text)
    client.force_login(cast.bob)
    claim = listing(cast.profile_b, "Joint Work")
    client.post(CLAIMS, {"action": "decline", "_selected_action": [claim.pk]})
    assert listing(cast.profile_b, "Joint Work").status == Status.DECLINED
    import_on_web(client, cast.alice, cast.profile_a, text)
    import_by_command(tmp_path, cast.profile_a, text)
    # Bob's own import of the paper does not undo his decision either.
    import_by_command(tmp_path, cast.profile_b, text)
    assert Publication.objects.filter(title="Joint Work").count() == 1
    assert listing(cast.profile_b, "Joint Work").status == Status.DECLINED
    assert "Joint Work" not in titles_on_page(client, cast.profile_b)
    # Bundles carry accepted listings only: Bob's bundle leaves it out.
    text, _ = build_bundle(cast.profile_b)
    assert "Joint Work" not in text and "Shared Paper of Alice and Bob" in text


def test_a_researcher_cannot_decide_someone_elses_claim(client, cast):
    import_on_web(
        client, cast.alice, cast.profile_a, bib("Joint Work", "Ahn, Alice and Baker, Bob")
    )
    claim = listing(cast.profile_b, "Joint Work")
    for user in (cast.alice, cast.charlie):
        client.force_login(user)
        for action in ("accept", "decline"):
            client.post(CLAIMS, {"action": action, "_selected_action": [claim.pk]})
        client.post(reverse("admin:publications_claim_accept_all"))
        assert listing(cast.profile_b, "Joint Work").status == Status.PENDING
    # Charlie does not even see it; Alice, who proposed it, sees that it waits.
    client.force_login(cast.charlie)
    assert "Joint Work" not in client.get(CLAIMS).content.decode()
    client.force_login(cast.alice)
    page = BeautifulSoup(client.get(CLAIMS).content, "html.parser")
    [row] = page.select("#result_list tbody tr")
    assert "Joint Work" in row.get_text() and "Waiting for you" in row.get_text()
    assert (
        claims.decide(cast.alice, ProfilePublication.objects.filter(pk=claim.pk), Status.ACCEPTED)
        == 0
    )


def test_the_dashboard_counts_waiting_claims_and_accept_all_lists_them(client, cast):
    for title in ("First Joint", "Second Joint"):
        import_on_web(client, cast.alice, cast.profile_a, bib(title, "Ahn, Alice and Baker, Bob"))
    client.force_login(cast.bob)
    index = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    assert "2 papers co-authors added to your page wait for you" in index.select_one(
        ".claims-waiting"
    ).get_text(" ", strip=True)
    client.force_login(cast.alice)  # nothing waits for Alice
    index = BeautifulSoup(client.get(reverse("admin:index")).content, "html.parser")
    assert index.select_one(".claims-waiting") is None
    client.force_login(cast.bob)
    response = client.post(reverse("admin:publications_claim_accept_all"))
    assert response.status_code == 302
    assert claims.pending_count(cast.bob) == 0
    client.logout()
    assert {"First Joint", "Second Joint"} <= titles_on_page(client, cast.profile_b)


def test_the_claims_list_costs_the_same_for_many_claims(client, cast):
    def count_queries():
        client.force_login(cast.bob)
        with CaptureQueriesContext(connection) as context:
            assert client.get(CLAIMS).status_code == 200
        return len(context)

    import_on_web(client, cast.alice, cast.profile_a, bib("Joint 0", "Ahn, Alice and Baker, Bob"))
    few = count_queries()
    text = "".join(bib(f"Joint {n}", "Ahn, Alice and Baker, Bob") for n in range(1, 8))
    import_on_web(client, cast.alice, cast.profile_a, text)
    assert count_queries() == few


def test_the_owner_sets_whose_papers_list_at_once_in_their_profile(client, cast):
    hidden = cast.profile_c
    hidden.is_published = False
    hidden.save()
    client.force_login(cast.bob)
    url = reverse("admin:profiles_profile_change", args=[cast.profile_b.pk])
    page = client.get(url)
    offered = BeautifulSoup(page.content, "html.parser").select("#id_claims_trusted option")
    # Published co-authors only: no unpublished name, not Bob himself.
    assert [option.get_text() for option in offered] == ["Alice Ahn"]
    data = form_fields(page)
    data.update(accept_claims=ClaimPolicy.CHOSEN, claims_trusted=str(cast.profile_a.pk))
    response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    import_on_web(
        client, cast.alice, cast.profile_a, bib("Trusted Work", "Ahn, Alice and Baker, Bob")
    )
    assert listing(cast.profile_b, "Trusted Work").status == Status.ACCEPTED


def test_a_waiting_claim_does_not_stop_its_proposer_deleting_the_paper(client, cast):
    import_on_web(
        client, cast.alice, cast.profile_a, bib("Joint Work", "Ahn, Alice and Baker, Bob")
    )
    paper = Publication.objects.get(title="Joint Work")
    url = reverse("admin:publications_publication_delete", args=[paper.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Publication.objects.filter(pk=paper.pk).exists()
    # Once Bob accepted it, it is his too: Alice may only hide it.
    import_on_web(
        client, cast.alice, cast.profile_a, bib("Joint Work", "Ahn, Alice and Baker, Bob")
    )
    paper = Publication.objects.get(title="Joint Work")
    claims.decide(cast.bob, ProfilePublication.objects.filter(publication=paper), Status.ACCEPTED)
    url = reverse("admin:publications_publication_delete", args=[paper.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
