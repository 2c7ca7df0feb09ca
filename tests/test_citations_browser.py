"""The whole story in a browser: a researcher turns citation counts on, the worker reads
them (from the recorded answers), the page shows them; a paper set to accepted drafts a
news item that its owner publishes with one click."""

import pytest

from profiles.jobs.models import Job
from profiles.models import NewsItem
from profiles.tests.factories import UserFactory
from profiles.tests.job_helpers import run_jobs
from publications.models import Publication
from publications.tests.citation_support import cited_profile
from publications.tests.recorded import RecordedSources
from tests.harness import ACCESSIBILITY_CONTEXT, format_violations, run_axe, same_origin
from tests.support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = ROOT / "var" / "screenshots"


@pytest.fixture
def researcher(site_server):
    user = UserFactory(username="ada", is_staff=True)
    profile, papers = cited_profile(
        show_citations=False, names=["peerj", "school-committees", "diff-in-diff", "alphago"]
    )
    profile.user = user
    profile.save()
    Publication.objects.filter(pk=papers["alphago"].pk).update(
        status=Publication.Status.UNDER_REVIEW, venue="NeurIPS", year=2026
    )
    return profile, papers


def log_in(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return context, page


def test_counts_turned_on_refreshed_and_shown_then_acceptance_news_published(
    browser, visit, site_server, researcher, http_mock
):
    profile, papers = researcher
    base = site_server.url
    RecordedSources(http_mock)
    context, admin = log_in(browser, base)
    try:
        # The owner turns citation counts on in the profile form.
        admin.goto(f"{base}/admin/profiles/profile/{profile.pk}/change/")
        admin.check("#id_show_citations")
        admin.click("input[name=_save]")
        assert "Citation counts are being read" in admin.inner_text(".messagelist")
        job = Job.objects.get(kind=Job.Kind.CITATION_REFRESH, profile=profile)

        run_jobs()  # the worker's loop, answering from the recorded responses

        admin.goto(f"{base}{job.get_absolute_url()}")
        assert admin.inner_text("#job-status") == "Done"
        public = visit(f"{base}{profile.get_absolute_url()}")
        public.assert_clean()
        page = public.page
        peerj = page.locator(f"#pub-{papers['peerj'].pk} .pub-citations")
        assert peerj.inner_text() == "Cited by 394 (OpenAlex)"
        assert page.inner_text(".citation-total strong") == "22,565"  # 394 + 6 + 10,670 + 11,495
        assert page.inner_text(".citation-h-index strong") == "4"
        chart = page.locator("figure.citation-chart svg")
        assert chart.is_visible()
        assert chart.locator("rect.chart-bar").count() == 8  # 2017 to 2024
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 60
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".citation-summary").screenshot(path=SCREENSHOTS / "citations-light.png")

        checked = visit(f"{base}{profile.get_absolute_url()}", **ACCESSIBILITY_CONTEXT)
        violations = run_axe(checked.page)
        assert not violations, format_violations(violations)

        # The bars take the page's colours, light, dark and printed; no script drew them.
        fill = "getComputedStyle(document.querySelector('rect.chart-bar')).fill"
        light = page.evaluate(fill)
        dark = visit(f"{base}{profile.get_absolute_url()}", color_scheme="dark")
        assert dark.page.evaluate(fill) not in (light, "rgb(0, 0, 0)")
        summary = dark.page.locator(".citation-summary")
        summary.screenshot(path=SCREENSHOTS / "citations-dark.png")
        page.emulate_media(media="print")
        assert page.evaluate(fill) == "rgb(0, 0, 0)"

        # The paper under review is accepted: a draft news item waits for its owner.
        admin.goto(f"{base}/admin/publications/publication/{papers['alphago'].pk}/change/")
        admin.select_option("#id_status", "accepted")
        admin.click("input[name=_save]")
        draft = NewsItem.objects.get(profile=profile, announces=papers["alphago"])
        assert not draft.is_published
        before = visit(f"{base}{profile.get_absolute_url()}")
        assert "was accepted to" not in before.page.inner_text("body")

        admin.goto(f"{base}/admin/profiles/profile/{profile.pk}/change/")
        admin.click("a.draft-news-link")
        row = admin.locator("#result_list tr", has_text="Paper alphago")
        row.locator("button.publish-news").click()
        assert "Published 1 news item" in admin.inner_text(".messagelist")
    finally:
        context.close()

    after = visit(f"{base}{profile.get_absolute_url()}", allowed=same_origin(base))
    after.assert_clean()
    news = after.page.inner_text("#news")
    assert "Our paper Paper alphago was accepted to NeurIPS 2026." in news
