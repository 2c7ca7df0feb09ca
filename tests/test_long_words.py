"""One long word must not widen a phone's page: every block of user text wraps, so no
public page scrolls sideways at 360 px whatever is typed into any field."""

import pytest

from profiles.tests.factories import (
    AwardFactory,
    CustomSectionFactory,
    GrantFactory,
    NewsItemFactory,
    PositionFactory,
    ProfileFactory,
    ProfileLinkFactory,
    ServiceFactory,
)
from publications.models import Tag
from publications.tests.factories import PublicationLinkFactory, make_publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Supercalifragilisticexpialidocious" * 2  # 68 characters, no break
URL = "https://example.org/" + "a" * 70


def long_profile():
    profile = ProfileFactory(
        slug="long",
        name=f"Ada {LONG}",
        native_name=LONG,
        headline=LONG,
        affiliation=LONG,
        affiliation_url=URL,
        location=LONG,
        email=f"{'a' * 60}@example.org",
        bio=f"I study {LONG} and {URL}.",
        interests=[LONG, LONG + "x"],
        announcement=f"Hiring: {LONG}",
        is_published=True,
    )
    ProfileLinkFactory(profile=profile, kind="website", url=URL, label=LONG)
    NewsItemFactory(profile=profile, text=f"Accepted to **{LONG}** {URL}")
    PositionFactory(profile=profile, organization=LONG, unit=LONG, role=LONG, location=LONG)
    AwardFactory(profile=profile, title=LONG, issuer=LONG, description=LONG)
    ServiceFactory(profile=profile, venue=LONG, note=LONG)
    GrantFactory(profile=profile, title=LONG, funder=LONG, amount=LONG)
    CustomSectionFactory(profile=profile, title=f"Teaching {LONG[:40]}", body=LONG)
    paper = make_publication(
        authors=[profile, LONG, f"{LONG} Jr"],
        title=f"On {LONG} and {LONG}",
        venue=LONG[:60],
        venue_full=LONG,
        venue_note=LONG,
        badges=[LONG],
        abstract=f"{LONG} {URL}",
        tldr=LONG,
        doi="10.1234/" + "x" * 70,
        bibtex="@article{" + LONG + ", title={" + LONG + "}}",
    )
    paper.tags.add(Tag.objects.create(name=LONG[:60]))
    PublicationLinkFactory(publication=paper, label=LONG[:60], url=URL)
    return profile, paper


WIDTH = "() => [document.documentElement.scrollWidth, document.body.scrollWidth]"
WIDEST = """(limit) => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit + 1)
    .slice(0, 5).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40))"""


def test_long_tokens_in_every_field_do_not_widen_any_public_page(live_server, visit):
    _, paper = long_profile()
    pages = ["/", "/long/", "/long/publications/", paper.get_absolute_url()]
    pages.append(paper.get_absolute_url() + "?from=long")
    for path in pages:
        opened = visit(live_server.url + path, viewport={"width": 360, "height": 800})
        widths = opened.page.evaluate(WIDTH)
        assert max(widths) <= 360, (path, widths, opened.page.evaluate(WIDEST, 360))
