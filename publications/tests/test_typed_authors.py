"""Typing a name into a paper's author row: one's own name links to one's profile, a
name with a page here asks for that person, and the author list says whose page is whose."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from publications.models import Author, ProfilePublication, Publication
from publications.tests.factories import author_for, make_publication
from publications.tests.test_admin import ADD, add_author_row, author_order, change_url, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def highlighted(client, paper):
    """The names printed bold (the owner) on the profile's page, for ``paper``."""
    page = client.get(reverse("profiles:detail", args=["alice"]))
    soup = BeautifulSoup(page.content, "html.parser")
    for article in soup.select("article.publication"):
        if paper.title in article.select_one(".pub-title").get_text():
            return [strong.get_text(strip=True) for strong in article.select(".author strong")]
    raise AssertionError(f"{paper.title} is not on the page")


def test_typing_ones_own_name_links_to_ones_profile(client, cast):
    paper = make_publication(title="Typed Self", authors=["Wen Wu"])
    ProfilePublication.objects.create(
        profile=cast.profile_a, publication=paper, status=ProfilePublication.Status.ACCEPTED
    )
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(paper)))
    add_author_row(data, new_author_name="alice  ahn")
    submit(client, paper, data)
    assert Author.objects.filter(name__iexact="alice ahn").count() == 1
    assert paper.authorships.get(position=1).author == author_for(cast.profile_a)
    assert highlighted(client, paper) == ["alice ahn"]


def test_an_alias_links_to_the_owner_and_is_printed_as_typed(client, cast):
    cast.profile_a.aliases = ["A. Ahn"]
    cast.profile_a.save()
    client.force_login(cast.alice)
    data = form_fields(client.get(ADD))
    data.update(title="Typed Alias", type="journal", status="published", year="2025")
    data["authorships-0-author"] = ""
    data["authorships-0-new_author_name"] = "A. Ahn"
    data["authorships-1-new_author_name"] = "Wen Wu"
    response = client.post(ADD, data)
    assert response.status_code == 302, error_texts(response)
    paper = Publication.objects.get(title="Typed Alias")
    first = paper.authorships.get(position=0)
    assert (first.author, first.name) == (author_for(cast.profile_a), "A. Ahn")
    assert highlighted(client, paper) == ["A. Ahn"]


def test_a_name_with_a_page_here_is_chosen_not_typed_again(client, cast):
    client.force_login(cast.alice)
    data = add_author_row(
        form_fields(client.get(change_url(cast.alice_only))), new_author_name="Bob Baker"
    )
    response = client.post(change_url(cast.alice_only), data)
    assert response.status_code == 200
    assert any("Bob Baker has a page here (/bob/)" in error for error in error_texts(response))
    assert Author.objects.filter(name="Bob Baker").count() == 1
    assert author_order(cast.alice_only) == [(0, "Alice Ahn")]


def test_a_new_paper_starts_with_the_owner_as_first_author(client, cast):
    client.force_login(cast.alice)
    response = client.get(ADD)
    soup = BeautifulSoup(response.content, "html.parser")
    chosen = soup.select_one("select[name=authorships-0-author] option[selected]")
    assert chosen["value"] == str(author_for(cast.profile_a).pk)
    assert chosen.get_text() == "Alice Ahn — Alice Ahn's page (/alice/)"


def test_the_author_list_says_whose_page_each_author_is(client, cast):
    Author.objects.create(name="Bob Baker")  # a namesake without a page
    client.force_login(cast.alice)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Bob",
            "app_label": "publications",
            "model_name": "authorship",
            "field_name": "author",
        },
    )
    labels = sorted(result["text"] for result in json.loads(response.content)["results"])
    assert labels == ["Bob Baker (no page here)", "Bob Baker — Bob Baker's page (/bob/)"]
