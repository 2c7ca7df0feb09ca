"""Saving a paper that is usually a mistake: the form comes back with a warning and a
“Save anyway” box; a duplicate identifier or a year in the future is refused."""

import pytest
from bs4 import BeautifulSoup

from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from publications.models import Publication
from publications.tests.test_admin import ADD, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def new_paper(client, **fields):
    data = form_fields(client.get(ADD))
    data.update({"type": "conference", "status": "published", "year": "2024", **fields})
    return data


def existing_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [(a["href"], a.get_text()) for a in soup.select(".errorlist a.existing-paper")]


def test_the_same_title_and_year_again_warns_with_a_link_and_saves_when_confirmed(client, cast):
    client.force_login(cast.alice)
    data = new_paper(client, title="alice  ALONE")
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert existing_links(response) == [(change_url(cast.alice_only), "Alice Alone (2024)")]
    assert b'name="_save_anyway"' in response.content
    assert Publication.objects.filter(title_key=cast.alice_only.title_key).count() == 1
    data["_save_anyway"] = "1"
    response = client.post(ADD, data)
    assert response.status_code == 302, error_texts(response)
    assert Publication.objects.filter(title_key=cast.alice_only.title_key).count() == 2


def test_a_paper_someone_else_has_links_to_its_public_page(client, cast):
    client.force_login(cast.alice)
    response = client.post(ADD, new_paper(client, title="Charlie Alone"))
    assert existing_links(response) == [
        (cast.charlie_only.get_absolute_url(), "Charlie Alone (2024)")
    ]


def test_the_same_doi_is_refused_with_a_link_and_no_save_anyway(client, cast):
    Publication.objects.filter(pk=cast.charlie_only.pk).update(doi="10.1000/xyz")
    client.force_login(cast.alice)
    data = new_paper(client, title="Another Title", doi="https://doi.org/10.1000/XYZ")
    data["_save_anyway"] = "1"
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert existing_links(response) == [
        (cast.charlie_only.get_absolute_url(), "Charlie Alone (2024)")
    ]
    assert not Publication.objects.filter(title="Another Title").exists()


def test_a_new_paper_without_its_owner_among_the_authors_warns(client, cast):
    client.force_login(cast.alice)
    data = new_paper(client, title="Not Me")
    data["authorships-0-author"] = ""
    data["authorships-0-new_author_name"] = "Wen Wu"
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert any("You (Alice Ahn) are not among the authors" in e for e in error_texts(response))
    data["_save_anyway"] = "1"
    assert client.post(ADD, data).status_code == 302
    assert Publication.objects.filter(title="Not Me").exists()


def test_taking_oneself_off_a_paper_warns(client, cast):
    client.force_login(cast.alice)
    data = form_fields(client.get(change_url(cast.shared)))
    data["authorships-0-DELETE"] = "on"
    response = client.post(change_url(cast.shared), data)
    assert response.status_code == 200
    assert any("You (Alice Ahn) are not among the authors" in e for e in error_texts(response))
    assert cast.shared.authorships.count() == 3


def test_a_paper_without_authors_is_refused(client, cast):
    client.force_login(cast.alice)
    data = new_paper(client, title="Nobody Wrote This")
    data["authorships-0-author"] = ""
    response = client.post(ADD, data)
    assert "A paper needs at least one author" in " ".join(error_texts(response))
    assert not Publication.objects.filter(title="Nobody Wrote This").exists()


@pytest.mark.parametrize("year", ["3026", "2028", "32000"])
def test_a_year_beyond_next_year_is_refused(client, cast, year):
    client.force_login(cast.alice)
    response = client.post(ADD, new_paper(client, title="From the Future", year=year))
    assert response.status_code == 200
    errors = " ".join(error_texts(response))
    assert "is in the future" in errors or "less than or equal" in errors, errors
    assert not Publication.objects.filter(title="From the Future").exists()
