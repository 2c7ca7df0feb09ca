"""Dates a person may well type — “April 2026”, “12/31/2026”, “2026-31-12” — through every
door that takes one: each form says which field is wrong and which forms it accepts, the
bundle and BibTeX imports name the item, and nothing answers with a server error."""

import pytest
from django.urls import reverse

from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError
from profiles.models import NewsItem, Position
from profiles.tests.admin_forms import error_texts, form_fields, make_cast
from profiles.tests.bundle_helpers import document, paper, write_folder
from profiles.tests.factories import AwardFactory, GrantFactory, NewsItemFactory, PositionFactory
from publications.bibtex.importer import preview_import

pytestmark = pytest.mark.django_db

MALFORMED = ["April 2026", "12/31/2026", "2026-31-12", "2026-02-30", "26", "2026-4", "soon"]
ACCEPTED = "YYYY, YYYY-MM or YYYY-MM-DD"


@pytest.fixture
def cast():
    return make_cast()


def errors_of(response):
    assert response.status_code == 200, "the form should come back with its errors"
    return error_texts(response)


@pytest.mark.parametrize("bad", MALFORMED)
def test_a_paper_date_that_does_not_parse_is_a_field_error_beside_a_year(client, cast, bad):
    client.force_login(cast.alice)
    url = reverse("admin:publications_publication_change", args=[cast.alice_only.pk])
    data = form_fields(client.get(url))
    data.update(date=bad, year="2026")
    errors = errors_of(client.post(url, data))
    assert any(bad in error and ACCEPTED in error for error in errors), errors
    # What was typed is still in the box, to be corrected.
    assert f'value="{bad}"' in client.post(url, data).content.decode()


@pytest.mark.parametrize("bad", MALFORMED)
def test_every_date_on_the_profile_form_names_the_accepted_forms(client, cast, bad):
    profile = cast.profile_a
    NewsItemFactory(profile=profile)
    PositionFactory(profile=profile)
    AwardFactory(profile=profile, years=[])
    GrantFactory(profile=profile)
    client.force_login(cast.alice)
    url = reverse("admin:profiles_profile_change", args=[profile.pk])
    data = form_fields(client.get(url))
    date_fields = [
        "news-0-date",
        "positions-0-start",
        "positions-0-end",
        "awards-0-date",
        "grants-0-start",
        "grants-0-end",
    ]
    for name in date_fields:
        data[name] = bad
    errors = errors_of(client.post(url, data))
    assert sum(ACCEPTED in error for error in errors) == len(date_fields), errors
    assert NewsItem.objects.get(profile=profile).date.isoformat() == "2025-06"
    assert Position.objects.get(profile=profile).start.isoformat() == "2021-09"


@pytest.mark.parametrize("bad", MALFORMED)
def test_the_news_item_form_names_the_accepted_forms(client, cast, bad):
    item = NewsItemFactory(profile=cast.profile_a)
    client.force_login(cast.alice)
    url = reverse("admin:profiles_newsitem_change", args=[item.pk])
    data = form_fields(client.get(url))
    data["date"] = bad
    errors = errors_of(client.post(url, data))
    assert any(ACCEPTED in error for error in errors), errors


@pytest.mark.parametrize("bad", MALFORMED)
def test_a_bundle_names_the_item_whose_date_does_not_parse(tmp_path, bad):
    doc = document(
        news=[{"date": bad, "text": "Hello"}],
        publications=[paper("A paper", "Ada Lovelace", year=2026, date=bad)],
    )
    write_folder(tmp_path / "bundle", doc)
    with pytest.raises(BundleError) as caught:
        import_bundle(tmp_path / "bundle")
    message = str(caught.value)
    assert "news[0].date" in message and "publications[0].date" in message, message
    assert ACCEPTED in message


@pytest.mark.parametrize("bad", [bad for bad in MALFORMED if bad != "2026-4"])
def test_a_bibtex_entry_whose_date_does_not_parse_imports_with_a_note(cast, bad):
    text = (
        "@inproceedings{k, title={A Paper}, author={Ahn, Alice}, year={2026}, "
        f"date={{{bad}}}}}"
    )
    plan = preview_import(cast.profile_a, text)
    [row] = plan.rows
    assert row.status == "new"
    assert any(f"date “{bad}” ignored" in flag for flag in row.flags), row.flags
