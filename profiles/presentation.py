"""How profile data reads on a page: sections in order, compact years, date ranges,
grouped services, header links."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.html import strip_tags
from django.utils.text import Truncator

from .markdown import render_markdown
from .models import LinkKind, Position, Profile, Service

SAFE_SCHEMES = {"http", "https", "mailto"}


def safe_url(url):
    """``url`` when it is http(s), mailto or site-relative; "" for anything else.

    Rows written without form validation (imports, scripts) could hold
    ``javascript:`` URLs; pages never turn those into links.
    """
    url = (url or "").strip()
    try:
        # Browsers ignore control characters in a scheme ("java\x01script:").
        scheme = urlsplit(re.sub(r"[\x00-\x20]", "", url)).scheme.lower()
    except ValueError:
        return ""
    if scheme in SAFE_SCHEMES or (not scheme and url.startswith("/") and not url.startswith("//")):
        return url
    return ""


def join_and(items):
    """``a``, ``a & b``, ``a, b & c``."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} & {items[-1]}"


def award_years(years):
    """Awards list each year: ``2020, 2021 & 2022``."""
    return join_and(sorted(set(years)))


def year_ranges(years):
    """Services compress runs of three or more years: ``2023–2026``, ``2024, 2026``.

    Two consecutive years stay listed (``2024, 2025``): a range of two reads as a gap.
    """
    years = sorted(set(years))
    runs = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(year) for year in run)
    return ", ".join(parts)


def date_range(start, end, *, open_ended=True):
    """``Sep 2023 – present`` at each date's own precision; ``2024`` when only a start."""
    if start is None and end is None:
        return ""
    if end is None:
        if start is None:
            return ""
        return f"{start.display()} – present" if open_ended else start.display()
    if start is None or start == end:
        return end.display()
    return f"{start.display()} – {end.display()}"


@dataclass
class ServiceGroup:
    title: str
    venues: list  # [(venue name, compact years)]


SERVICE_KIND_TITLES = {
    Service.VenueKind.CONFERENCE: "conferences",
    Service.VenueKind.JOURNAL: "journals",
    Service.VenueKind.WORKSHOP: "workshops",
    Service.VenueKind.OTHER: "",
}


def service_groups(services):
    """Consecutive-or-not rows with the same role, venue kind and note form one line,
    conferences before journals: ``Reviewer, conferences: CVPR 2023–2026, ECCV 2024, 2026``."""
    groups = {}
    for service in services:
        key = (service.venue_kind, service.role, service.note)
        groups.setdefault(key, []).append(service)
    kind_order = list(Service.VenueKind.values)
    ordered = sorted(groups.items(), key=lambda item: kind_order.index(item[0][0]))
    result = []
    for (kind, role, note), rows in ordered:
        title = Service.Role(role).label
        if SERVICE_KIND_TITLES[kind]:
            title += f", {SERVICE_KIND_TITLES[kind]}"
        if note:
            title += f" ({note})"
        venues = [(row.venue, year_ranges(row.years)) for row in rows if row.venue or row.years]
        result.append(ServiceGroup(title, venues))
    return result


def position_groups(positions, profile=None):
    """Education and experience (everything else), each in the profile's order, in the
    order and under the labels the profile chose; or one list when it groups none."""
    positions = list(positions)
    grouping = profile.position_grouping if profile else Profile.PositionGrouping.EDUCATION_FIRST
    if grouping == Profile.PositionGrouping.NONE:
        return [("", positions)] if positions else []
    education = [p for p in positions if p.kind == Position.Kind.EDUCATION]
    experience = [p for p in positions if p.kind != Position.Kind.EDUCATION]
    groups = [
        ((profile and profile.education_label) or "Education", education),
        ((profile and profile.experience_label) or "Experience", experience),
    ]
    if grouping == Profile.PositionGrouping.EXPERIENCE_FIRST:
        groups.reverse()
    return [(title, items) for title, items in groups if items]


def split_news(news, limit):
    """The newest ``limit`` items (pinned first) and the rest, for a "show all" fold."""
    news = list(news)
    if not limit or len(news) <= limit:
        return news, []
    return news[:limit], news[limit:]


def obfuscate_email(address):
    """``name [at] example [dot] org``: readable, not harvestable; static/js/email.js
    turns it back into a mailto link."""
    address = address.removeprefix("mailto:")
    user, _, domain = address.partition("@")
    return f"{user} [at] {domain.replace('.', ' [dot] ')}"


@dataclass
class HeaderLink:
    kind: str
    label: str
    href: str
    icon: str
    obfuscated: str = ""


LINK_ICONS = {
    LinkKind.EMAIL: "email",
    LinkKind.WEBSITE: "website",
    LinkKind.GOOGLE_SCHOLAR: "scholar",
    LinkKind.GITHUB: "github",
    LinkKind.ORCID: "orcid",
    LinkKind.LINKEDIN: "linkedin",
    LinkKind.TWITTER: "twitter",
    LinkKind.BLUESKY: "chat",
    LinkKind.MASTODON: "chat",
    LinkKind.RESEARCHGATE: "scholar",
    LinkKind.SEMANTIC_SCHOLAR: "scholar",
    LinkKind.DBLP: "paper",
    LinkKind.OPENREVIEW: "paper",
    LinkKind.CV: "cv",
}


def header_links(profile):
    """Profile links for the header; e-mail addresses only ever appear obfuscated."""
    links = []
    if profile.email:
        links.append(
            HeaderLink("email", "Email", "", "email", obfuscated=obfuscate_email(profile.email))
        )
    for link in profile.links.all():
        href = safe_url(link.href)
        if not href:
            continue
        icon = LINK_ICONS.get(link.kind, "link")
        if link.kind == LinkKind.EMAIL or href.startswith("mailto:"):
            links.append(
                HeaderLink("email", link.display_label, "", "email", obfuscate_email(href))
            )
        else:
            links.append(HeaderLink(link.kind, link.display_label, href, icon))
    return links


SAME_AS_KINDS = {
    LinkKind.ORCID,
    LinkKind.GOOGLE_SCHOLAR,
    LinkKind.GITHUB,
    LinkKind.WEBSITE,
    LinkKind.LINKEDIN,
    LinkKind.TWITTER,
    LinkKind.BLUESKY,
    LinkKind.MASTODON,
    LinkKind.RESEARCHGATE,
    LinkKind.SEMANTIC_SCHOLAR,
    LinkKind.DBLP,
    LinkKind.OPENREVIEW,
}


def same_as(profile):
    """Identity URLs for JSON-LD ``sameAs``: ORCID, Scholar, GitHub and other profiles."""
    urls = [safe_url(link.href) for link in profile.links.all() if link.kind in SAME_AS_KINDS]
    return [url for url in urls if url]


def profile_description(profile):
    """One line for <meta name="description">: headline, affiliation, then the bio."""
    lead = ", ".join(part for part in (profile.headline, profile.affiliation) if part)
    bio = strip_tags(render_markdown(profile.bio)).strip()
    text = f"{profile.name}{f' — {lead}' if lead else ''}. {bio}".strip()
    return Truncator(" ".join(text.split())).chars(200)


@dataclass
class Section:
    """One section of the profile page, rendered by ``templates/profiles/sections/_<kind>.html``."""

    kind: str
    anchor: str
    title: str
    data: object = None
    # Sections right after this one with the same heading (seed pages put awards and
    # service under one "Award and Service"): shown under this one's heading, each with
    # its own anchor.
    companions: list = field(default_factory=list)

    @property
    def parts(self):
        return [self, *self.companions]

    @property
    def template(self):
        return f"profiles/sections/_{self.kind}.html"


SECTION_TITLES = {
    "about": "About",
    "news": "News",
    "publications": "Publications",
    "positions": "Education & experience",
    "awards": "Honors & awards",
    "services": "Service",
    "grants": "Grants & funding",
}


def _section_data(profile, name, publications):
    """What a built-in section shows; falsy when it has nothing to show."""
    if name == "about":
        return bool(profile.bio or profile.interests)
    if name == "publications":
        return publications if publications["count"] else None
    if name == "news":
        if profile.news_display == Profile.NewsDisplay.SCROLL:
            items = list(profile.news.all())
            return {"shown": items, "more": [], "scroll": True} if items else None
        shown, folded = split_news(profile.news.all(), profile.news_limit)
        return {"shown": shown, "more": folded} if shown else None
    if name == "positions":
        return position_groups(profile.positions.all(), profile)
    if name == "services":
        return service_groups(profile.services.all())
    return list(getattr(profile, name).all())  # awards, grants


def page_sections(profile, publications):
    """Sections in the profile's ``section_order``; absent or empty ones are left out.

    Names other than the built-in ones are custom section titles (matched ignoring case).
    """
    custom = {}
    if any(name not in SECTION_TITLES for name in profile.section_order):
        custom = {section.title.casefold(): section for section in profile.sections.all()}
    sections = []
    titles = profile.section_titles or {}
    for name in profile.section_order:
        if name in SECTION_TITLES:
            data = _section_data(profile, name, publications)
            if data:
                title = titles.get(name) or SECTION_TITLES[name]
                if name == "publications" and publications["selected_only"]:
                    title = "Selected publications"
                sections.append(Section(name, name, title, data))
        elif name.casefold() in custom:
            section = custom[name.casefold()]
            sections.append(Section("custom", section.anchor, section.title, section))
    shown = []
    for section in sections:
        if shown and section.title == shown[-1].title:
            shown[-1].companions.append(section)
        else:
            shown.append(section)
    return shown


def last_updated(profile, papers):
    """The date of the latest edit of the profile or of a paper on it."""
    return max([profile.updated_at, *(paper.updated_at for paper in papers)]).date()
