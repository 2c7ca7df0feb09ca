"""Bundles carry the citation and acceptance-news settings and the drafts, marked."""

import pytest
import yaml

from profiles.bundles.exporter import build_bundle
from profiles.bundles.importer import import_bundle
from profiles.models import NewsItem, Profile

from .bundle_helpers import document, paper, write_folder

pytestmark = pytest.mark.django_db


def test_settings_and_drafts_survive_a_round_trip(tmp_path, django_capture_on_commit_callbacks):
    doc = document(
        profile={"settings": {"show_citations": True, "draft_acceptance_news": False}},
        news=[
            {"date": "2026-05", "text": "A draft", "draft": True},
            {"date": "2026-04", "text": "Public"},
        ],
        publications=[paper("Accepted Work", "Ada Lovelace", status="accepted", year=2026)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_bundle(write_folder(tmp_path / "in", doc))

    profile = Profile.objects.get(slug="ada-lovelace")
    assert (profile.show_citations, profile.draft_acceptance_news) == (True, False)
    news = {item.text: item.is_published for item in NewsItem.objects.filter(profile=profile)}
    # The accepted paper restored from the bundle is not news again.
    assert news == {"A draft": False, "Public": True}
    exported = yaml.safe_load(build_bundle(profile)[0])
    assert exported["profile"]["settings"] == {
        "show_citations": True,
        "draft_acceptance_news": False,
    }
    assert exported["news"] == doc["news"]


def test_a_bundle_without_the_new_keys_imports_with_the_defaults(tmp_path):
    import_bundle(write_folder(tmp_path / "in", document(news=[{"date": "2025", "text": "x"}])))
    profile = Profile.objects.get(slug="ada-lovelace")
    assert (profile.show_citations, profile.draft_acceptance_news) == (False, True)
    assert NewsItem.objects.get(profile=profile).is_published
    assert "settings" not in yaml.safe_load(build_bundle(profile)[0])["profile"]


def test_a_draft_flag_must_be_true_or_false(tmp_path):
    from profiles.bundles.schema import BundleError

    doc = document(news=[{"date": "2025", "text": "x", "draft": "yes"}])
    with pytest.raises(BundleError, match=r"news\[0\]\.draft"):
        import_bundle(write_folder(tmp_path / "in", doc))
