"""The small formatting rules behind the pages, checked directly."""

import pytest

from profiles.partial_dates import PartialDate
from profiles.presentation import (
    award_years,
    date_range,
    obfuscate_email,
    safe_url,
    year_ranges,
)
from profiles.theme import DARK_BACKGROUND, LIGHT_BACKGROUND, _parse, accent_pair, contrast
from publications.presentation import badge_kind, link_for


@pytest.mark.parametrize(
    ("years", "text"),
    [([2022], "2022"), ([2022, 2021], "2021 & 2022"), ([2020, 2021, 2022], "2020, 2021 & 2022")],
)
def test_award_years_list_every_year(years, text):
    assert award_years(years) == text


@pytest.mark.parametrize(
    ("years", "text"),
    [
        ([2023, 2024, 2025, 2026], "2023–2026"),
        ([2024, 2026], "2024, 2026"),
        ([2024, 2025], "2024, 2025"),
        ([2019, 2021, 2022, 2023, 2026], "2019, 2021–2023, 2026"),
        ([], ""),
    ],
)
def test_service_years_compress_runs_of_three_or_more(years, text):
    assert year_ranges(years) == text


def test_date_ranges_keep_each_dates_precision():
    sep_2023 = PartialDate.parse("2023-09")
    assert date_range(sep_2023, None) == "Sep 2023 – present"
    assert date_range(PartialDate.parse("2012"), PartialDate.parse("2016")) == "2012 – 2016"
    assert date_range(PartialDate.parse("2024"), None, open_ended=False) == "2024"
    assert date_range(None, None) == ""


@pytest.mark.parametrize(
    ("badge", "kind"),
    [
        ("Oral", "honour"),
        ("Oral Presentation", "honour"),
        ("Spotlight", "honour"),
        ("Highlight", "honour"),
        ("Best Paper Award", "honour"),
        ("CCF-A", "rank"),
        ("Q1", "rank"),
        ("CORE A*", "rank"),
        ("Findings", "note"),
    ],
)
def test_badges_are_sorted_into_honours_ranks_and_notes(badge, kind):
    assert badge_kind(badge) == kind


@pytest.mark.parametrize(
    ("label", "shown", "icon"),
    [
        ("arxiv", "arXiv", "arxiv"),
        ("PDF", "PDF", "pdf"),
        ("code", "Code", "code"),
        ("Talk recording", "Talk recording", "link"),
    ],
)
def test_link_labels_and_icons(label, shown, icon):
    link = link_for(label, "https://example.org")
    assert (link.label, link.icon) == (shown, icon)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("mailto:a@b.org", "mailto:a@b.org"),
        ("/media/cv.pdf", "/media/cv.pdf"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("//evil.example/x", ""),
    ],
)
def test_safe_url_allows_only_web_mail_and_site_links(url, safe):
    assert safe_url(url) == safe


def test_email_obfuscation_has_no_at_sign():
    assert obfuscate_email("mailto:wangzq73@mail2.sysu.edu.cn") == (
        "wangzq73 [at] mail2 [dot] sysu [dot] edu [dot] cn"
    )


@pytest.mark.parametrize("colour", ["#2563eb", "#ffd700", "#000000", "#ffffff", "#16a34a"])
def test_accent_colours_are_adjusted_to_readable_contrast(colour):
    light, dark = accent_pair(colour)
    assert contrast(_parse(light), LIGHT_BACKGROUND) >= 4.5
    assert contrast(_parse(dark), DARK_BACKGROUND) >= 4.5
