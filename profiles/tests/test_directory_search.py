"""The directory's search reads ``Profile.search_text``: the same answers on SQLite and on
PostgreSQL (where a trigram index serves it). CI runs this file on both databases."""

import pytest

from profiles.models import Profile
from profiles.selectors import search_directory
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    ProfileFactory(
        name="Émile Durand",
        slug="emile-durand",
        native_name="",
        aliases=["É. Durand"],
        affiliation="Université Paris-Saclay",
        interests=["Straße networks"],
    )
    ProfileFactory(
        name="Wang Zeqing",
        slug="wang-zeqing",
        native_name="王泽卿",
        affiliation="Sun Yat-sen University",
        interests=["100% recall", "under_score"],
    )
    ProfileFactory(name="Ольга Иванова", slug="olga", affiliation="МГУ")
    ProfileFactory(name="Hidden Émile", slug="hidden", is_published=False)


def found(text):
    return [profile.slug for profile in search_directory(text)]


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("ÉMILE", ["emile-durand"]),  # SQLite's own LIKE would fold only ASCII
        ("émile", ["emile-durand"]),
        ("é. durand", ["emile-durand"]),
        ("STRASSE", ["emile-durand"]),  # case folding: ß is ss
        ("université", ["emile-durand"]),
        ("泽卿", ["wang-zeqing"]),
        ("ольга", ["olga"]),
        ("мгу", ["olga"]),
        ("100%", ["wang-zeqing"]),  # LIKE's wildcards are plain characters
        ("0%", ["wang-zeqing"]),
        ("s_n", []),
        ("under_score", ["wang-zeqing"]),
        (" sun yat ", ["wang-zeqing"]),
        ("", ["wang-zeqing", "emile-durand", "olga"]),  # by name: W, É, О
    ],
)
def test_search_folds_case_in_every_script_and_takes_the_query_literally(people, query, slugs):
    assert found(query) == slugs


def test_search_does_not_match_across_two_values(people):
    # "Wang Zeqing" then "王泽卿" on the next line; the query has no line break to match it.
    assert found("zeqing 王") == []
    assert found("zeqing") == ["wang-zeqing"]


def test_search_text_follows_edits_including_partial_saves(people):
    profile = Profile.objects.get(slug="olga")
    profile.affiliation = "Lomonosov Moscow State University"
    profile.save(update_fields=["affiliation"])
    assert found("lomonosov") == ["olga"]
    assert found("мгу") == []
    profile.aliases = ["O. Ivanova"]
    profile.save()
    assert found("o. ivanova") == ["olga"]
