import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from profiles.models import (
    JOINT_LAST_MARKER_MUST_DIFFER,
    MARKERS_MUST_DIFFER,
    NewsItem,
    ProfileLink,
)
from profiles.partial_dates import PartialDate
from profiles.tests.factories import (
    AwardFactory,
    CustomSectionFactory,
    NewsItemFactory,
    PositionFactory,
    ProfileFactory,
)
from profiles.validators import normalize_orcid


def messages(error, field):
    return error.value.message_dict[field]


# Partial dates


@pytest.mark.parametrize(
    ("text", "parts", "precision", "shown"),
    [
        ("2025", (2025, None, None), "year", "2025"),
        ("2025-06", (2025, 6, None), "month", "Jun 2025"),
        ("2023-07-14", (2023, 7, 14), "day", "14 Jul 2023"),
        (" 2024-02-29 ", (2024, 2, 29), "day", "29 Feb 2024"),
    ],
)
def test_partial_date_parses_and_displays_at_its_precision(text, parts, precision, shown):
    date = PartialDate.parse(text)
    assert (date.year, date.month, date.day) == parts
    assert date.precision == precision
    assert date.display() == shown
    assert PartialDate.parse(date.isoformat()) == date


def test_partial_date_accepts_dates_and_year_numbers():
    assert PartialDate.parse(datetime.date(2020, 1, 2)) == PartialDate(2020, 1, 2)
    assert PartialDate.parse(2019) == PartialDate(2019)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "month 13 is not between 1 and 12 in '2025-13'"),
        ("2023-02-29", "day 29 does not exist in 2023-02 ('2023-02-29')"),
        ("June 2025", "expected a date YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2025'"),
        ("2025/06", "expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '2025/06'"),
        ("25-06", "expected a date YYYY, YYYY-MM or YYYY-MM-DD, got '25-06'"),
    ],
)
def test_invalid_partial_date_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        PartialDate.parse(text)


def test_partial_dates_sort_coarse_before_fine_within_a_period():
    dates = ["2025", "2024-03-02", "2024", "2024-03", "2023-12-31", "2024-11"]
    assert [str(date) for date in sorted(PartialDate.parse(text) for text in dates)] == [
        "2023-12-31",
        "2024",
        "2024-03",
        "2024-03-02",
        "2024-11",
        "2025",
    ]


@pytest.mark.django_db
def test_partial_date_field_round_trips_and_sorts_in_the_database():
    profile = ProfileFactory()
    for text in ["2025", "2024-03-02", "2024", "2024-03", "2023-12-31", "2024-11"]:
        NewsItemFactory(profile=profile, date=text)
    stored = NewsItem.objects.filter(profile=profile).order_by("date")
    assert [item.date.isoformat() for item in stored] == [
        "2023-12-31",
        "2024",
        "2024-03",
        "2024-03-02",
        "2024-11",
        "2025",
    ]
    assert all(isinstance(item.date, PartialDate) for item in stored)
    # The model's own order: newest first.
    assert [str(item.date) for item in profile.news.all()][:2] == ["2025", "2024-11"]
    assert NewsItem.objects.filter(date__gte="2024-03").count() == 4


@pytest.mark.django_db
def test_partial_date_field_keeps_a_missing_end_empty():
    position = PositionFactory(start="2021-09", end=None)
    position.refresh_from_db()
    assert (position.start, position.end) == (PartialDate(2021, 9), None)


@pytest.mark.django_db
def test_invalid_partial_date_is_reported_on_its_field():
    position = PositionFactory.build(profile=ProfileFactory(), start="2021-00")
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert messages(error, "start") == [
        "month 0 is not between 1 and 12 in '2021-00'; expected YYYY, YYYY-MM or YYYY-MM-DD"
    ]


@pytest.mark.django_db
def test_position_cannot_end_before_it_starts():
    position = PositionFactory.build(profile=ProfileFactory(), start="2022-09", end="2021")
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert messages(error, "end") == ["The end date is before the start date."]


# ORCID


@pytest.mark.parametrize(
    "text",
    [
        "0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825-0097",
        " http://orcid.org/0000-0002-1825-0097/ ",
    ],
)
def test_valid_orcid_is_normalised_to_the_bare_id(text):
    assert normalize_orcid(text) == "0000-0002-1825-0097"


def test_orcid_with_x_check_digit_is_valid():
    assert normalize_orcid("0000-0002-1694-233x") == "0000-0002-1694-233X"


def test_orcid_with_a_wrong_check_digit_is_refused_as_a_typo():
    with pytest.raises(ValidationError) as error:
        normalize_orcid("0000-0002-1825-0098")
    assert error.value.messages == [
        "0000-0002-1825-0098 is not a valid ORCID iD: its check digit is wrong (typo?)."
    ]


def test_malformed_orcid_names_the_expected_form():
    with pytest.raises(ValidationError) as error:
        normalize_orcid("orcid 1825")
    assert error.value.messages == [
        "'orcid 1825' is not an ORCID iD: expected 0000-0000-0000-0000 "
        "or https://orcid.org/0000-0000-0000-0000."
    ]


# Profile rules


@pytest.mark.django_db
def test_equal_and_corresponding_marks_must_differ():
    profile = ProfileFactory.build(marker_equal="†", marker_corresponding="†")
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert MARKERS_MUST_DIFFER in messages(error, "marker_corresponding")
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


@pytest.mark.django_db
@pytest.mark.parametrize("mark", ["*", "†"])
def test_the_joint_last_mark_differs_from_the_other_two(mark):
    profile = ProfileFactory.build(marker_joint_last=mark)
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert JOINT_LAST_MARKER_MUST_DIFFER in messages(error, "marker_joint_last")
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["admin", "papers", "me", "static"])
def test_reserved_slug_is_refused(slug):
    with pytest.raises(ValidationError) as error:
        ProfileFactory.build(slug=slug).full_clean()
    assert messages(error, "slug") == [f"“{slug}” is reserved for the site; choose another."]


@pytest.mark.django_db
def test_malformed_slug_shows_an_example():
    with pytest.raises(ValidationError) as error:
        ProfileFactory.build(slug="Zikai_Song").full_clean()
    assert "Use lower-case letters, digits and single hyphens, e.g. zikai-song." in messages(
        error, "slug"
    )


@pytest.mark.django_db
def test_all_names_include_native_name_and_aliases():
    profile = ProfileFactory.build(name="Xin Sun", native_name="孙新", aliases=["X. Sun"])
    assert profile.all_names == ["Xin Sun", "孙新", "X. Sun"]


# Links


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("orcid", "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"),
        ("orcid", "https://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"),
        ("email", "me@example.org", "mailto:me@example.org"),
        ("email", "mailto:me@example.org", "mailto:me@example.org"),
        ("github", "https://github.com/me", "https://github.com/me"),
    ],
)
def test_link_clean_normalises_orcid_and_email(kind, typed, stored):
    link = ProfileLink(profile=ProfileFactory(), kind=kind, url=typed)
    link.full_clean()
    assert link.url == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "orcid", "url": "0000-0002-1825-0098"}, "url", "check digit is wrong"),
        ({"kind": "github", "url": "javascript:alert(1)"}, "url", "must start with https://"),
        ({"kind": "website", "url": "ftp://example.org"}, "url", "must start with https://"),
        ({"kind": "cv"}, "url", "Give a URL or upload a file."),
        ({"kind": "other", "url": "https://x.org"}, "label", "needs a label"),
    ],
)
def test_bad_link_is_refused_on_its_field(fields, field, message):
    link = ProfileLink(profile=ProfileFactory(), **fields)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert any(message in text for text in messages(error, field))


@pytest.mark.django_db
def test_link_label_defaults_to_the_kind():
    assert ProfileLink(kind="google_scholar").display_label == "Google Scholar"
    assert ProfileLink(kind="cv", label="Résumé").display_label == "Résumé"


# Sections


@pytest.mark.django_db
def test_award_takes_a_date_or_years_not_both():
    award = AwardFactory.build(profile=ProfileFactory(), years=[2022], date="2022-05")
    with pytest.raises(ValidationError) as error:
        award.full_clean()
    assert messages(error, "date") == ["Give either a date or years, not both."]


@pytest.mark.django_db
def test_custom_section_titles_are_unique_per_profile():
    section = CustomSectionFactory(title="Teaching")
    duplicate = CustomSectionFactory.build(profile=section.profile, title="Teaching")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This profile already has a section with this title." in error.value.messages
    CustomSectionFactory.build(title="Teaching", profile=ProfileFactory()).full_clean()


@pytest.mark.django_db
def test_sections_keep_their_hand_made_order():
    profile = ProfileFactory()
    for order, title in [(3, "C"), (1, "A"), (2, "B")]:
        AwardFactory(profile=profile, title=title, order=order)
    assert [award.title for award in profile.awards.all()] == ["A", "B", "C"]
