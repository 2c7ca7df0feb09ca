"""Nobody changes, or lists on a page, a paper that is not theirs, whichever door they use.

One cast (``profiles.tests.admin_forms.make_cast`` plus Zoe): Alice owns "Shared Paper of
Alice and Bob"; Bob is a linked co-author; Zoe Zhu is named on it by a plain (unlinked)
author row and has a profile; Charlie shares nothing; Dana is a profile editor, who imports
onto someone's page with that page's rights. Doors: the admin, the BibTeX import page, the
``import_bibtex`` command and profile bundles. The rule is ``publications.permissions``.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError
from profiles.tests.admin_forms import error_texts, form_fields, inline_rows, make_cast
from profiles.tests.bundle_helpers import document, paper, write_folder
from profiles.tests.factories import ProfileFactory, UserFactory
from publications.models import Author, ProfilePublication, Publication, PublicationLink, Tag
from publications.tests.factories import PublicationLinkFactory, TagFactory

pytestmark = pytest.mark.django_db

DOI = "10.1000/shared"
ARXIV = "2301.00001"
TITLE = "Shared Paper of Alice and Bob"
EVIL_URL = "https://evil.example/download"
ACCEPTED, PENDING = ProfilePublication.Status.ACCEPTED, ProfilePublication.Status.PENDING


@pytest.fixture
def cast():
    cast = make_cast()
    cast.zoe = UserFactory(username="zoe", is_staff=True)
    cast.profile_z = ProfileFactory(user=cast.zoe, slug="zoe", name="Zoe Zhu")
    shared = cast.shared
    shared.doi, shared.arxiv, shared.year = DOI, ARXIV, 2024
    shared.save()
    PublicationLinkFactory(publication=shared, label="code", url="https://example.org/code")
    shared.tags.add(TagFactory(name="tracking"))
    return cast


PAPER_FIELDS = "title venue venue_full venue_note year date doi arxiv abstract tldr badges status"


def state(publication):
    """Everything about a paper an import could change, and who lists it."""
    publication = Publication.objects.get(pk=publication.pk)
    return {
        "fields": {name: getattr(publication, name) for name in PAPER_FIELDS.split()},
        "updated_at": publication.updated_at,
        "authors": list(
            publication.authorships.values_list(
                "author__name", "author__profile__slug", "equal_contribution", "corresponding"
            )
        ),
        "links": list(publication.links.values_list("label", "url")),
        "tags": sorted(publication.tags.values_list("name", flat=True)),
        # Who lists it, and whether they accepted it (publications.claims).
        "listed_on": sorted(publication.listings.values_list("profile__slug", "status")),
    }


def entry(title, authors, **fields):
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@article{{key,\n  title = {{{title}}},\n  author = {{{authors}}},\n{body}}}\n"


def hostile_entry(authors, **fields):
    """The entry an attacker pastes: new title, their link, keywords, an abstract."""
    return entry(
        fields.pop("title", "Retitled by Someone Else"),
        authors,
        year="2024",
        journal="Journal of Takeovers",
        url=EVIL_URL,
        keywords="owned",
        abstract="Written by someone else.",
        **fields,
    )


# The BibTeX doors. Each returns the preview rows as (status, everything the row says).


def web_door(client, user, profile, text):
    client.force_login(user)
    response = client.post(
        reverse("bibtex:import"), {"profile": profile.slug, "text": text, "preview": "1"}
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [
        (
            next(
                name.removeprefix("import-")
                for name in row["class"]
                if name.startswith("import-") and name not in ("import-row", "import-flagged")
            ),
            row.get_text(" ", strip=True),
        )
        for row in soup.select("#import-preview tbody tr")
    ]
    token = soup.select_one("input[name=token]")["value"]
    response = client.post(reverse("bibtex:confirm"), {"token": token})
    assert response.status_code == 302
    return rows


def command_door(tmp_path, profile, text):
    path = tmp_path / "papers.bib"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_bibtex", profile.slug, str(path), stdout=out)
    rows = []
    for line in out.getvalue().splitlines():
        if line.startswith("line "):
            rows.append((line.split(": ", 1)[1].split(" — ", 1)[0], line))
        elif line.strip().startswith("!"):
            status, said = rows[-1]
            rows[-1] = (status, f"{said} {line.strip()}")
    return rows


DOORS = ["web", "command", "editor"]


@pytest.fixture
def bibtex_import(client, cast, tmp_path):
    """``bibtex_import(door, profile, text)``: import ``text`` onto ``profile`` through the
    web page as its owner, the command, or the web page as an editor."""

    def run(door, profile, text):
        if door == "command":
            return command_door(tmp_path, profile, text)
        user = cast.dana if door == "editor" else profile.user
        return web_door(client, user, profile, text)

    return run


def test_the_cast_sees_in_the_admin_what_the_importers_allow(client, cast):
    url = reverse("admin:publications_publication_change", args=[cast.shared.pk])
    for user, status in [(cast.alice, 200), (cast.bob, 200), (cast.zoe, 302), (cast.charlie, 302)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


# 1. An import never changes a paper its profile could not change in the admin.


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("identifier", ["doi", "eprint"])
def test_an_entry_with_the_identifier_of_someone_elses_paper_is_refused(
    bibtex_import, cast, door, identifier
):
    before = state(cast.shared)
    value = DOI if identifier == "doi" else ARXIV
    text = hostile_entry("Cho, Charlie", **{identifier: value})
    [(status, said)] = bibtex_import(door, cast.profile_c, text)
    assert status == "refused"
    assert f"#{cast.shared.pk}" in said and f"“{TITLE}”" in said
    assert "someone else’s page" in said
    assert state(cast.shared) == before
    assert list(Publication.objects.listed_on(cast.profile_c)) == [cast.charlie_only]
    assert not PublicationLink.objects.filter(url=EVIL_URL).exists()
    assert not Tag.objects.filter(name="owned").exists()


@pytest.mark.parametrize("door", DOORS)
def test_an_entry_with_the_title_of_someone_elses_paper_becomes_a_separate_paper(
    bibtex_import, cast, door
):
    before = state(cast.shared)
    text = hostile_entry("Cho, Charlie", title=TITLE)
    [(status, said)] = bibtex_import(door, cast.profile_c, text)
    assert status == "new"
    assert f"#{cast.shared.pk}" in said and "separate paper" in said
    assert state(cast.shared) == before
    own = Publication.objects.listed_on(cast.profile_c).get(title=TITLE)
    assert own.pk != cast.shared.pk and own.title == TITLE
    assert list(own.links.values_list("url", flat=True)) == [EVIL_URL]
    # Importing again finds the importer's own copy, not Alice's.
    [(status, said)] = bibtex_import(door, cast.profile_c, text)
    assert status == "merged" and f"#{own.pk}" in said
    assert Publication.objects.filter(title=TITLE).count() == 2
    assert state(cast.shared) == before


@pytest.mark.parametrize("door", DOORS)
def test_a_coauthor_named_on_the_paper_only_links_their_name_and_lists_it(
    bibtex_import, cast, door
):
    before = state(cast.shared)
    text = hostile_entry("Ahn, Alice and Zhu*, Zoe and Baker, Bob", doi=DOI)
    [(status, said)] = bibtex_import(door, cast.profile_z, text)
    assert status == "linked"
    assert f"#{cast.shared.pk}" in said and "nothing else" in said
    after = state(cast.shared)
    # Zoe's row now points at her profile (her mark is not added), the paper is on her
    # page; nothing else about it changed.
    assert after["authors"] == [
        ("Alice Ahn", "alice", False, False),
        ("Zoe Zhu", "zoe", False, False),
        ("Bob Baker", "bob", False, False),
    ]
    assert after["listed_on"] == [("alice", ACCEPTED), ("bob", ACCEPTED), ("zoe", ACCEPTED)]
    for key in ("fields", "links", "tags"):
        assert after[key] == before[key]
    assert not Author.objects.filter(name="Zoe Zhu", profile=None).exists()


@pytest.mark.parametrize("door", DOORS)
def test_a_coauthor_not_named_on_the_paper_is_refused(bibtex_import, cast, door):
    # Zoe's name is on it, but this entry does not name her: it is not her paper's entry.
    before = state(cast.shared)
    [(status, _)] = bibtex_import(door, cast.profile_z, hostile_entry("Ahn, Alice", doi=DOI))
    assert status == "refused"
    assert state(cast.shared) == before


def test_a_linked_coauthor_merges_into_the_shared_paper_as_in_the_admin(bibtex_import, cast):
    text = entry(
        TITLE,
        "Ahn, Alice and Zhu, Zoe and Baker, Bob",
        year="2024",
        doi=DOI,
        journal="Journal of Sharing",
        url="https://example.org/pdf",
    )
    [(status, said)] = bibtex_import("web", cast.profile_b, text)
    assert status == "merged" and "venue_full" in said
    shared = Publication.objects.get(pk=cast.shared.pk)
    assert shared.venue_full == "Journal of Sharing"
    assert "https://example.org/pdf" in shared.links.values_list("url", flat=True)


# 2. An import never lists a paper on someone else's page unless the importer is an author.


@pytest.mark.parametrize("door", DOORS)
def test_an_entry_naming_another_profile_but_not_the_importer_stays_off_their_page(
    bibtex_import, cast, door
):
    text = entry("Someone Else's Paper", "Alice Ahn and Random Person", year="2025")
    [(status, said)] = bibtex_import(door, cast.profile_c, text)
    assert status == "new"
    assert "“Alice Ahn” is Alice Ahn’s name here; imported as a plain name" in said
    created = Publication.objects.get(title="Someone Else's Paper")
    assert state(created)["listed_on"] == [("charlie", ACCEPTED)]
    assert state(created)["authors"][0] == ("Alice Ahn", None, False, False)
    assert not Publication.objects.listed_on(cast.profile_a).filter(pk=created.pk).exists()


@pytest.mark.parametrize("door", DOORS)
def test_an_entry_naming_the_importer_and_a_coauthor_profile_proposes_it_to_the_coauthor(
    bibtex_import, cast, door
):
    text = entry("Our Joint Paper", "Cho, Charlie and Ahn, Alice", year="2025")
    [(status, said)] = bibtex_import(door, cast.profile_c, text)
    assert status == "new" and "plain name" not in said
    created = Publication.objects.get(title="Our Joint Paper")
    # On Alice's page as a claim she accepts or declines (publications.claims).
    assert state(created)["listed_on"] == [("alice", PENDING), ("charlie", ACCEPTED)]
    assert state(created)["authors"][1] == ("Alice Ahn", "alice", False, False)
    assert not Publication.objects.listed_on(cast.profile_a).filter(pk=created.pk).exists()


# The bundle door: the bundle's profile is the one acting.


def zoe_bundle(**paper_fields):
    zoe = {"name": "Zoe Zhu", "me": True, "equal": True}
    fields = {"tldr": "Zoe's summary.", "links": [{"label": "pdf", "url": EVIL_URL}]}
    return document(
        slug="zoe",
        name="Zoe Zhu",
        publications=[paper(TITLE, "Alice Ahn", zoe, "Bob Baker", **fields, **paper_fields)],
    )


def test_a_bundle_matching_someone_elses_paper_by_doi_is_refused_naming_it(tmp_path, cast):
    before = state(cast.shared)
    doc = document(
        slug="eve",
        name="Eve Evans",
        publications=[
            paper("Retitled", {"name": "Eve Evans", "me": True}, doi=DOI, tldr="Mine now.")
        ],
    )
    with pytest.raises(BundleError) as raised:
        import_bundle(write_folder(tmp_path / "eve", doc))
    message = str(raised.value)
    assert f"publications[0]: the same DOI as paper #{cast.shared.pk} “{TITLE}”" in message
    assert "someone else’s page" in message
    assert state(cast.shared) == before
    assert not ProfilePublication.objects.filter(profile__slug="eve").exists()


def test_a_bundle_matching_someone_elses_paper_by_title_imports_a_separate_paper(tmp_path, cast):
    before = state(cast.shared)
    doc = document(
        slug="eve",
        name="Eve Evans",
        publications=[paper(TITLE, {"name": "Eve Evans", "me": True}, year=2024, tldr="Mine now.")],
    )
    result = import_bundle(write_folder(tmp_path / "eve", doc))
    assert (result.created, result.merged) == (1, 0)
    assert any(f"#{cast.shared.pk}" in note and "separate paper" in note for note in result.notes)
    assert state(cast.shared) == before
    assert Publication.objects.listed_on(result.profile).get().pk != cast.shared.pk


def test_a_bundle_naming_its_owner_on_a_coauthors_paper_only_links_and_lists_it(tmp_path, cast):
    before = state(cast.shared)
    result = import_bundle(write_folder(tmp_path / "zoe", zoe_bundle(doi=DOI)), replace=True)
    assert (result.created, result.merged) == (0, 1)
    after = state(cast.shared)
    assert after["authors"][1] == ("Zoe Zhu", "zoe", False, False)
    assert after["listed_on"] == [("alice", ACCEPTED), ("bob", ACCEPTED), ("zoe", ACCEPTED)]
    assert (after["links"], after["tags"]) == (before["links"], before["tags"])
    assert after["fields"]["tldr"] == ""


def test_a_bundle_cannot_put_a_paper_on_another_page_without_its_owner_on_it(tmp_path, cast):
    doc = document(
        slug="eve",
        name="Eve Evans",
        publications=[paper("Not Mine", "Someone", {"name": "Alice Ahn", "profile": "alice"})],
    )
    result = import_bundle(write_folder(tmp_path / "eve", doc))
    created = Publication.objects.get(title="Not Mine")
    assert state(created)["listed_on"] == [("eve", ACCEPTED)]
    assert ("Alice Ahn", None, False, False) in state(created)["authors"]
    assert any(
        "publications[0].authors[1]" in note and "plain name" in note for note in result.notes
    )


def test_a_bundle_with_its_owner_on_the_paper_links_a_coauthor_profile(tmp_path, cast):
    doc = document(
        slug="eve",
        name="Eve Evans",
        publications=[
            paper(
                "Ours", {"name": "Eve Evans", "me": True}, {"name": "Alice Ahn", "profile": "alice"}
            )
        ],
    )
    import_bundle(write_folder(tmp_path / "eve", doc))
    assert state(Publication.objects.get(title="Ours"))["listed_on"] == [
        ("alice", PENDING),
        ("eve", ACCEPTED),
    ]


# The admin door, for the same two rules (publications/tests/test_admin.py has the rest).


def test_admin_refuses_a_researcher_listing_their_paper_on_a_page_they_are_not_on(client, cast):
    client.force_login(cast.charlie)
    url = reverse("admin:publications_publication_change", args=[cast.charlie_only.pk])
    data = form_fields(client.get(url))
    rows = inline_rows(data, "authorships")
    data[f"{rows[0]}-DELETE"] = "on"  # Charlie leaves his own paper...
    data[f"{rows[-1]}-author"] = str(cast.profile_a.authors.get().pk)  # ...and adds Alice
    response = client.post(url, data)
    assert any(text.startswith("Alice Ahn would get this paper") for text in error_texts(response))
    assert not Publication.objects.listed_on(cast.profile_a).filter(pk=cast.charlie_only.pk)


def test_the_admin_and_the_importers_ask_the_same_rule(cast):
    from publications import permissions

    assert permissions.profile_may_edit(cast.profile_b, cast.shared)
    assert not permissions.profile_may_edit(cast.profile_z, cast.shared)
    assert not permissions.profile_may_edit(cast.profile_c, cast.shared)
    assert set(Publication.objects.editable_by(cast.bob)) == set(
        permissions.editable_by_profile(cast.profile_b)
    )
