import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.tests.admin_forms import error_texts, form_fields, inline_rows, make_cast
from profiles.tests.page_helpers import get_page
from publications.models import Author, Authorship, ProfilePublication, Publication, Tag
from publications.printed_names import PrintedName
from publications.tests.factories import AuthorFactory, TagFactory, author_for, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def change_url(publication):
    return reverse("admin:publications_publication_change", args=[publication.pk])


CHANGELIST = reverse("admin:publications_publication_changelist")
ADD = reverse("admin:publications_publication_add")


def listed_titles(client, query=""):
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {cell.get_text(strip=True) for cell in soup.select("#result_list .field-title")}


def author_order(publication):
    return list(
        publication.authorships.order_by("position").values_list("position", "author__name")
    )


def author_rows(data):
    """Inline row prefix for each author name currently on the form."""
    names = dict(Author.objects.values_list("pk", "name"))
    return {
        names[int(data[f"{row}-author"])]: row
        for row in inline_rows(data, "authorships")
        if data.get(f"{row}-author")
    }


def submit(client, publication, data):
    response = client.post(change_url(publication), data)
    assert response.status_code == 302, error_texts(response)
    return response


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("alice", {"Shared Paper of Alice and Bob", "Alice Alone"}),
        ("bob", {"Shared Paper of Alice and Bob"}),
        ("charlie", {"Charlie Alone"}),
        ("dana", {"Shared Paper of Alice and Bob", "Alice Alone", "Charlie Alone"}),
        ("root", {"Shared Paper of Alice and Bob", "Alice Alone", "Charlie Alone"}),
    ],
)
def test_change_list_shows_the_papers_each_person_may_edit(client, cast, who, titles):
    client.force_login(getattr(cast, who))
    assert listed_titles(client) == titles


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("dana", 200)])
def test_authors_and_editors_open_the_shared_paper(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(change_url(cast.shared)).status_code == status


def test_outsider_cannot_open_or_edit_a_paper(client, cast):
    client.force_login(cast.charlie)
    response = client.get(change_url(cast.shared))
    assert (response.status_code, response.url) == (302, reverse("admin:index"))
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    client.force_login(cast.charlie)
    data["title"] = "Vandalised"
    client.post(change_url(cast.shared), data)
    cast.shared.refresh_from_db()
    assert cast.shared.title == "Shared Paper of Alice and Bob"


def test_owner_edits_the_shared_paper(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    data.update(title="Shared Paper, Camera Ready", doi="https://doi.org/10.1234/ABC.5")
    submit(client, cast.shared, data)
    cast.shared.refresh_from_db()
    assert (cast.shared.title, cast.shared.doi) == ("Shared Paper, Camera Ready", "10.1234/ABC.5")


def test_coauthors_edit_shows_on_the_owners_page(client, cast):
    client.force_login(cast.bob)
    data = form_fields(client.get(change_url(cast.shared)))
    data["title"] = "Retitled by Bob"
    data["venue"] = "ICCV"
    submit(client, cast.shared, data)
    listed = Publication.objects.listed_on(cast.profile_a).get(pk=cast.shared.pk)
    assert (listed.title, listed.venue) == ("Retitled by Bob", "ICCV")
    client.force_login(cast.alice)
    profile_page = client.get(reverse("admin:profiles_profile_change", args=[cast.profile_a.pk]))
    assert "Retitled by Bob" in profile_page.text


def test_dragging_authors_saves_the_new_order_with_contiguous_positions(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    rows = author_rows(data)
    # adminsortable2's script numbers the rows 1..n in their new order after a drop.
    for order, name in enumerate(["Bob Baker", "Alice Ahn", "Zoe Zhu"], start=1):
        data[f"{rows[name]}-position"] = str(order)
    submit(client, cast.shared, data)
    assert author_order(cast.shared) == [(0, "Bob Baker"), (1, "Alice Ahn"), (2, "Zoe Zhu")]


def test_swapping_two_authors_does_not_trip_the_unique_position(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    rows = author_rows(data)
    # Without a drag the rows keep their stored 0-based positions; swap two of them.
    data[f"{rows['Alice Ahn']}-position"] = "1"
    data[f"{rows['Zoe Zhu']}-position"] = "0"
    submit(client, cast.shared, data)
    assert author_order(cast.shared) == [(0, "Zoe Zhu"), (1, "Alice Ahn"), (2, "Bob Baker")]


def test_deleting_an_author_row_closes_the_gap(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    data[f"{author_rows(data)['Zoe Zhu']}-DELETE"] = "on"
    submit(client, cast.shared, data)
    assert author_order(cast.shared) == [(0, "Alice Ahn"), (1, "Bob Baker")]
    assert Author.objects.filter(name="Zoe Zhu").exists()


def test_marks_are_saved_from_the_checkboxes(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    rows = author_rows(data)
    data[f"{rows['Alice Ahn']}-equal_contribution"] = "on"
    data[f"{rows['Zoe Zhu']}-equal_contribution"] = "on"
    data[f"{rows['Bob Baker']}-corresponding"] = "on"
    submit(client, cast.shared, data)
    marks = cast.shared.authorships.order_by("position").values_list(
        "equal_contribution", "corresponding"
    )
    assert list(marks) == [(True, False), (True, False), (False, True)]


def test_paper_links_are_added_in_order_and_reordered_by_drag(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.alice_only)))
    data["links-TOTAL_FORMS"] = "2"
    data.update({"links-0-label": "code", "links-0-url": "https://github.com/a/b"})
    data.update({"links-1-label": "project", "links-1-url": "https://a.example.org"})
    submit(client, cast.alice_only, data)
    assert list(cast.alice_only.links.values_list("label", flat=True)) == ["code", "project"]
    data = form_fields(client.get(change_url(cast.alice_only)))
    data.update({"links-0-order": "2", "links-1-order": "1"})
    submit(client, cast.alice_only, data)
    assert list(cast.alice_only.links.values_list("label", flat=True)) == ["project", "code"]


def test_paper_link_must_be_a_web_address(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.alice_only)))
    data["links-TOTAL_FORMS"] = "1"
    data.update({"links-0-label": "code", "links-0-url": "javascript:alert(1)"})
    response = client.post(change_url(cast.alice_only), data)
    assert "Enter a valid URL." in error_texts(response)
    assert not cast.alice_only.links.exists()


def add_author_row(data, **fields):
    index = int(data["authorships-TOTAL_FORMS"])
    for row in inline_rows(data, "authorships"):
        if not data.get(f"{row}-author") and not data.get(f"{row}-id"):
            index = int(row.rsplit("-", 1)[1])
            break
    else:
        data["authorships-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"authorships-{index}-{name}"] = value
    return data


def test_new_author_typed_by_name_is_created_and_added_last(client, cast):
    client.force_login(cast.alice)
    data = add_author_row(
        form_fields(client.get(change_url(cast.shared))),
        new_author_name="  Xin Sun ",
        corresponding="on",
    )
    submit(client, cast.shared, data)
    assert author_order(cast.shared)[-1] == (3, "Xin Sun")
    assert cast.shared.authorships.get(author__name="Xin Sun").corresponding
    assert Author.objects.get(name="Xin Sun").profile is None


def test_new_author_name_reuses_an_unlinked_author_with_that_name(client, cast):
    yan = Author.objects.get(name="Yan Yu")
    client.force_login(cast.alice)
    data = add_author_row(
        form_fields(client.get(change_url(cast.alice_only))), new_author_name="Yan Yu"
    )
    submit(client, cast.alice_only, data)
    assert Author.objects.filter(name="Yan Yu").count() == 1
    assert author_order(cast.alice_only) == [(0, "Alice Ahn"), (1, "Yan Yu")]
    assert cast.alice_only.authorships.get(position=1).author == yan


def test_author_row_needs_an_author_or_a_name_but_not_both(client, cast):
    client.force_login(cast.alice)
    data = add_author_row(form_fields(client.get(change_url(cast.shared))), corresponding="on")
    response = client.post(change_url(cast.shared), data)
    assert "Choose an author, or type a new author's name beside it." in error_texts(response)
    zoe = Author.objects.get(name="Zoe Zhu")
    data = add_author_row(
        form_fields(client.get(change_url(cast.alice_only))),
        author=str(zoe.pk),
        new_author_name="Someone Else",
    )
    response = client.post(change_url(cast.alice_only), data)
    assert "Choose an existing author or type a new name, not both." in error_texts(response)
    assert author_order(cast.alice_only) == [(0, "Alice Ahn")]


def test_the_same_author_twice_is_refused(client, cast):
    client.force_login(cast.alice)
    zoe = Author.objects.get(name="Zoe Zhu")
    data = add_author_row(form_fields(client.get(change_url(cast.shared))), author=str(zoe.pk))
    response = client.post(change_url(cast.shared), data)
    assert response.status_code == 200
    assert "This author is already on this paper." in error_texts(response)
    assert cast.shared.authorships.count() == 3


def test_researcher_creates_a_paper_that_lands_on_their_page(client, cast):
    client.force_login(cast.charlie)
    data = form_fields(client.get(ADD))
    data.update(title="Charlie's New Paper", type="journal", status="published", year="2025")
    data.update({"authorships-1-new_author_name": "Wen Wu"})
    response = client.post(ADD, data)
    assert response.status_code == 302, error_texts(response)
    paper = Publication.objects.get(title="Charlie's New Paper")
    # The owner is the first row of a new paper already.
    assert author_order(paper) == [(0, "Charlie Cho"), (1, "Wen Wu")]
    assert list(Publication.objects.listed_on(cast.profile_c).filter(pk=paper.pk)) == [paper]
    assert client.get(change_url(paper)).status_code == 200


def test_researcher_cannot_put_a_paper_they_are_not_on_onto_another_page(client, cast):
    client.force_login(cast.charlie)
    data = form_fields(client.get(ADD))
    data.update(title="Not Mine", type="journal", status="published", year="2025")
    data["authorships-0-author"] = str(author_for(cast.profile_b).pk)
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert (
        "Bob Baker would get this paper on their page, which only an author of the paper "
        "may do: add yourself (Charlie Cho) to the authors, or ask an editor."
    ) in error_texts(response)
    assert not Publication.objects.filter(title="Not Mine").exists()
    # As one of its authors, the co-author's page is theirs to add it to.
    data["authorships-1-author"] = str(author_for(cast.profile_c).pk)
    response = client.post(ADD, data)
    assert response.status_code == 302, error_texts(response)
    paper = Publication.objects.get(title="Not Mine")
    assert set(paper.listings.values_list("profile__slug", flat=True)) == {"bob", "charlie"}


def test_researcher_editing_a_listed_paper_keeps_its_authors_but_adds_no_pages(client, cast):
    # On Alice's page (a lab's reading list, say) without her among the authors.
    paper = make_publication(title="Bob's Paper", authors=[cast.profile_b, "Zoe Zhu"])
    ProfilePublication.objects.create(profile=cast.profile_a, publication=paper)
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(paper)))
    data["title"] = "Bob's Paper, Retitled"
    submit(client, paper, data)
    data["authorships-2-author"] = str(author_for(cast.profile_c).pk)
    response = client.post(change_url(paper), data)
    assert response.status_code == 200
    errors = error_texts(response)
    assert any(text.startswith("Charlie Cho would get this paper") for text in errors), errors
    assert author_order(paper) == [(0, "Bob Baker"), (1, "Zoe Zhu")]


def test_adding_a_profile_owner_as_author_lists_the_paper_on_their_page(client, cast):
    client.force_login(cast.dana)
    data = form_fields(client.get(ADD))
    data.update(title="Editor Entered", type="conference", status="published", year="2023")
    data["authorships-0-new_author_name"] = "First Person"
    data["authorships-1-author"] = str(author_for(cast.profile_b).pk)
    response = client.post(ADD, data)
    assert response.status_code == 302, error_texts(response)
    paper = Publication.objects.get(title="Editor Entered")
    assert author_order(paper) == [(0, "First Person"), (1, "Bob Baker")]
    assert ProfilePublication.objects.filter(profile=cast.profile_b, publication=paper).exists()


def test_year_is_required_for_a_published_paper(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.alice_only)))
    data["year"] = ""
    response = client.post(change_url(cast.alice_only), data)
    assert "A year is required unless the paper is a preprint or under review." in error_texts(
        response
    )


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?q=zoe", {"Shared Paper of Alice and Bob"}),
        ("?q=Alone", {"Alice Alone", "Charlie Alone"}),
        ("?q=10.5555/xyz", {"Charlie Alone"}),
        ("?q=NeurIPS", {"Charlie Alone"}),
        ("?year=2019", {"Charlie Alone"}),
        ("?type=journal", {"Charlie Alone"}),
        ("?venue=NeurIPS", {"Charlie Alone"}),
        ("?profile=bob", {"Shared Paper of Alice and Bob"}),
        ("?profile=alice", {"Shared Paper of Alice and Bob", "Alice Alone"}),
    ],
)
def test_editor_searches_and_filters_papers(client, cast, query, titles):
    Publication.objects.filter(pk=cast.charlie_only.pk).update(
        doi="10.5555/XYZ", venue="NeurIPS", year=2019, type="journal"
    )
    client.force_login(cast.dana)
    assert listed_titles(client, query) == titles


def test_profile_filter_offers_a_researcher_only_their_own_profile(client, cast):
    client.force_login(cast.alice)
    soup = BeautifulSoup(client.get(CHANGELIST).content, "html.parser")
    choices = {link.get_text(strip=True) for link in soup.select("#changelist-filter a")}
    assert "Alice Ahn" in choices
    assert not {"Bob Baker", "Charlie Cho"} & choices


def test_researcher_deletes_own_paper_but_not_one_a_coauthor_lists(client, cast):
    client.force_login(cast.alice)
    shared_delete = reverse("admin:publications_publication_delete", args=[cast.shared.pk])
    assert client.post(shared_delete, {"post": "yes"}).status_code == 403
    own_delete = reverse("admin:publications_publication_delete", args=[cast.alice_only.pk])
    assert client.post(own_delete, {"post": "yes"}).status_code == 302
    assert set(Publication.objects.values_list("title", flat=True)) == {
        "Shared Paper of Alice and Bob",
        "Charlie Alone",
    }


def autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "publications",
            "model_name": "authorship",
            "field_name": "author",
            "term": term,
        },
    )
    assert response.status_code == 200
    return {result["text"] for result in response.json()["results"]}


def test_researcher_author_autocomplete_searches_every_author(client, cast):
    client.force_login(cast.alice)
    assert autocomplete(client, "Yu") == {"Yan Yu (no page here)"}
    assert autocomplete(client, "Charlie") == {"Charlie Cho — Charlie Cho's page (/charlie/)"}


def test_researcher_edits_only_authors_linked_to_their_profile(client, cast):
    client.force_login(cast.alice)
    own = author_for(cast.profile_a)
    url = reverse("admin:publications_author_change", args=[own.pk])
    response = client.post(
        url, {"name": "Alice A. Ahn", "orcid": "https://orcid.org/0000-0002-1825-0097"}
    )
    assert response.status_code == 302, error_texts(response)
    own.refresh_from_db()
    assert (own.name, own.orcid, own.profile) == (
        "Alice A. Ahn",
        "0000-0002-1825-0097",
        cast.profile_a,
    )
    zoe = Author.objects.get(name="Zoe Zhu")
    zoe_url = reverse("admin:publications_author_change", args=[zoe.pk])
    assert client.get(zoe_url).status_code == 200  # view only
    assert client.post(zoe_url, {"name": "Renamed"}).status_code == 403
    assert Author.objects.filter(name="Zoe Zhu").exists()


def test_researcher_cannot_link_an_author_to_a_profile(client, cast):
    client.force_login(cast.alice)
    own = author_for(cast.profile_a)
    url = reverse("admin:publications_author_change", args=[own.pk])
    client.post(url, {"name": own.name, "profile": str(cast.profile_b.pk)})
    own.refresh_from_db()
    assert own.profile == cast.profile_a


def test_author_orcid_with_a_wrong_check_digit_is_refused(client, cast):
    client.force_login(cast.dana)
    zoe = Author.objects.get(name="Zoe Zhu")
    url = reverse("admin:publications_author_change", args=[zoe.pk])
    response = client.post(url, {"name": "Zoe Zhu", "orcid": "0000-0002-1825-0098"})
    assert (
        "0000-0002-1825-0098 is not a valid ORCID iD: its check digit is wrong (typo?)."
        in error_texts(response)
    )


def test_deleting_an_author_with_papers_is_refused_naming_the_paper(client, cast):
    zoe = Author.objects.get(name="Zoe Zhu")
    client.force_login(cast.dana)
    url = reverse("admin:publications_author_delete", args=[zoe.pk])
    page = client.get(url)
    assert "Zoe Zhu is author 2 of “Shared Paper of Alice and Bob”" in page.text
    client.post(url, {"post": "yes"})
    assert Author.objects.filter(pk=zoe.pk).exists()
    bulk = client.post(
        reverse("admin:publications_author_changelist"),
        {"action": "delete_selected", "_selected_action": [zoe.pk], "post": "yes"},
    )
    assert "remove them from that paper first" in bulk.text
    assert Authorship.objects.filter(author=zoe).exists()


def test_author_without_papers_can_be_deleted(client, cast):
    lonely = AuthorFactory(name="Nobody Yet")
    client.force_login(cast.dana)
    url = reverse("admin:publications_author_delete", args=[lonely.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Author.objects.filter(pk=lonely.pk).exists()


def test_author_list_counts_papers(client, cast):
    make_publication(title="Second With Yan", authors=[Author.objects.get(name="Yan Yu")])
    client.force_login(cast.dana)
    soup = BeautifulSoup(
        client.get(reverse("admin:publications_author_changelist") + "?q=Yan").content,
        "html.parser",
    )
    counts = [cell.get_text(strip=True) for cell in soup.select(".field-paper_count")]
    assert counts == ["2"]


def test_researchers_add_tags_but_only_editors_rename_them(client, cast):
    tag = TagFactory(name="vision")
    client.force_login(cast.alice)
    add = client.post(reverse("admin:publications_tag_add"), {"name": "robots", "slug": "robots"})
    assert add.status_code == 302
    change = reverse("admin:publications_tag_change", args=[tag.pk])
    assert client.post(change, {"name": "renamed", "slug": "renamed"}).status_code == 403
    client.force_login(cast.dana)
    assert client.post(change, {"name": "renamed", "slug": "renamed"}).status_code == 302
    assert set(Tag.objects.values_list("name", flat=True)) == {"robots", "renamed"}


@pytest.mark.parametrize("url_name", ["change", "add"])
def test_sortable_pages_load_only_static_files_that_exist(client, cast, url_name):
    from django.contrib.staticfiles import finders

    client.force_login(cast.alice)
    args = [cast.shared.pk] if url_name == "change" else []
    page = client.get(reverse(f"admin:publications_publication_{url_name}", args=args))
    soup = BeautifulSoup(page.content, "html.parser")
    assets = [tag["src"] for tag in soup.select("script[src]")]
    assets += [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    static = [url.removeprefix("/static/") for url in assets if url.startswith("/static/")]
    assert "adminsortable2/js/adminsortable2.min.js" in static
    assert [path for path in static if not finders.find(path)] == []
    # No inline script: the CSP allows scripts from this site only.
    assert not [
        tag for tag in soup.select("script:not([src])") if tag.get("type") != "application/json"
    ]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_admin_pages_cost_the_same_queries_however_many_papers(client, cast):
    client.force_login(cast.alice)
    profile_page = reverse("admin:profiles_profile_change", args=[cast.profile_a.pk])
    count_queries(client, profile_page)  # warms the content-type cache ("view on site")
    before = count_queries(client, CHANGELIST), count_queries(client, profile_page)
    for number in range(5):
        make_publication(title=f"More {number}", authors=[cast.profile_a, "Co Author", "Third"])
    after = count_queries(client, CHANGELIST), count_queries(client, profile_page)
    # Authors are prefetched for the list; listings come with their paper in one query.
    assert after == before


def printed_names(publication):
    return list(publication.authorships.order_by("position").values_list("name", "given", "family"))


def test_a_chosen_author_prints_as_their_name_at_the_time(client, cast):
    zoe = Author.objects.get(name="Zoe Zhu")
    client.force_login(cast.alice)
    data = add_author_row(form_fields(client.get(change_url(cast.alice_only))), author=str(zoe.pk))
    submit(client, cast.alice_only, data)
    zoe.name = "Zoë Zhu-Smith"  # the person's name changes later…
    zoe.save()
    # …the paper keeps printing the name it was given.
    assert printed_names(cast.alice_only)[1] == ("Zoe Zhu", "Zoe", "Zhu")


def test_a_typed_new_name_prints_exactly_as_typed(client, cast):
    client.force_login(cast.alice)
    data = add_author_row(
        form_fields(client.get(change_url(cast.alice_only))), new_author_name="Lavergne, F"
    )
    submit(client, cast.alice_only, data)
    assert printed_names(cast.alice_only)[1] == ("Lavergne, F", "F", "Lavergne")
    page = get_page(client, cast.alice_only.get_absolute_url())
    assert "Lavergne, F" in [author.get_text("", strip=True) for author in page.select(".author")]


def test_the_printed_name_is_shown_and_edited_per_row_and_parts_follow(client, cast):
    client.force_login(cast.alice)
    response = client.get(change_url(cast.shared))
    data = form_fields(response)
    rows = author_rows(data)
    assert data[f"{rows['Zoe Zhu']}-name"] == "Zoe Zhu"
    parts = BeautifulSoup(response.content, "html.parser").select("td.field-name_parts")
    assert [cell.get_text(strip=True) for cell in parts][:3] == [
        "given: Alice · family: Ahn",
        "given: Zoe · family: Zhu",
        "given: Bob · family: Baker",
    ]
    data[f"{rows['Zoe Zhu']}-name"] = "Z. van der Zhu"
    data[f"{rows['Bob Baker']}-joint_last"] = "on"
    submit(client, cast.shared, data)
    ships = cast.shared.authorships.order_by("position")
    assert [(s.name, s.particle, s.family, s.joint_last) for s in ships] == [
        ("Alice Ahn", "", "Ahn", False),
        ("Z. van der Zhu", "van der", "Zhu", False),
        ("Bob Baker", "", "Baker", True),
    ]
    assert Author.objects.filter(name="Zoe Zhu").exists()  # the person is unchanged


def test_saving_a_row_unchanged_keeps_imported_name_parts(client, cast):
    ship = cast.shared.authorships.get(author__name="Zoe Zhu")
    ship.set_printed(PrintedName(name="Amor Ben Fraj", given="Amor", family="Ben Fraj"))
    ship.save()
    client.force_login(cast.alice)
    submit(client, cast.shared, form_fields(client.get(change_url(cast.shared))))
    ship.refresh_from_db()
    assert (ship.name, ship.given, ship.family) == ("Amor Ben Fraj", "Amor", "Ben Fraj")


def test_changing_a_rows_author_prints_the_new_author_unless_the_name_was_edited(client, cast):
    yan = Author.objects.get(name="Yan Yu")
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    data[f"{author_rows(data)['Zoe Zhu']}-author"] = str(yan.pk)
    submit(client, cast.shared, data)
    assert printed_names(cast.shared)[1] == ("Yan Yu", "Yan", "Yu")


def test_changelist_shows_and_searches_printed_names(client, cast):
    ship = cast.shared.authorships.get(author__name="Zoe Zhu")
    ship.set_printed(PrintedName.parse("Z. Zhu"))
    ship.save()
    client.force_login(cast.alice)
    assert listed_titles(client, "?q=Z.+Zhu") == {"Shared Paper of Alice and Bob"}
    soup = BeautifulSoup(client.get(CHANGELIST).content, "html.parser")
    assert "Alice Ahn, Z. Zhu, Bob Baker" in [
        cell.get_text(strip=True) for cell in soup.select("#result_list .field-author_names")
    ]
