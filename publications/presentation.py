"""How a publication looks on a page: author lists with marks, badges, links, venue.

Everything here is computed once per page in Python from prefetched rows, so the
templates only print values. Author lists are built as HTML strings here rather
than with a template per author: a profile of 300 papers has thousands of names.
"""

import calendar
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from django.urls import reverse
from django.utils.safestring import mark_safe

from profiles.imagespecs import thumbnail
from profiles.markdown import render_markdown, render_markdown_inline
from profiles.models import Profile
from profiles.presentation import safe_url

from .badges import badge_kind
from .models import Publication
from .venues.selectors import attach_rank_badges, registry_badges, shown_systems

DEFAULT_MARKERS = {
    "equal": Profile._meta.get_field("marker_equal").default,
    "corresponding": Profile._meta.get_field("marker_corresponding").default,
    "joint_last": Profile._meta.get_field("marker_joint_last").default,
}
# In the order marks are printed after a name and listed in the legend.
MARK_MEANINGS = {
    "equal": "equal contribution",
    "joint_last": "joint last author",
    "corresponding": "corresponding author",
}


LINK_ICONS = {
    "paper": "paper",
    "pdf": "pdf",
    "arxiv": "arxiv",
    "code": "code",
    "github": "code",
    "project": "project",
    "website": "project",
    "video": "video",
    "slides": "slides",
    "poster": "poster",
    "dataset": "dataset",
    "data": "dataset",
    "doi": "doi",
}
LINK_LABELS = {"pdf": "PDF", "arxiv": "arXiv", "doi": "DOI"}

STATUS_LABELS = {
    Publication.Status.ACCEPTED: "accepted",
    Publication.Status.UNDER_REVIEW: "under review",
    Publication.Status.PREPRINT: "preprint",
}


@dataclass(frozen=True)
class Badge:
    text: str
    kind: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    icon: str


def link_for(label, url):
    key = label.strip().casefold()
    display = LINK_LABELS.get(key) or (label.strip().capitalize() if key in LINK_ICONS else label)
    return Link(label=display, url=url, icon=LINK_ICONS.get(key, "link"))


def publication_links(publication):
    """The paper's own links, plus DOI and arXiv links when not already given."""
    links = [
        link_for(link.label, link.url) for link in publication.links.all() if safe_url(link.url)
    ]
    urls = " ".join(link.url for link in links)
    if publication.arxiv and "arxiv.org" not in urls:
        links.append(link_for("arxiv", f"https://arxiv.org/abs/{publication.arxiv}"))
    if publication.doi and "doi.org" not in urls and not any(li.icon == "doi" for li in links):
        links.append(link_for("doi", f"https://doi.org/{publication.doi}"))
    return links


# Links whose label says they are the paper itself; slides, posters and supplements are
# PDFs too, but Google Scholar must index the paper (citation_pdf_url).
PAPER_LABELS = {"pdf", "paper", "arxiv", "preprint", "full text"}


def pdf_url(publication):
    """The paper's own PDF for Google Scholar's citation_pdf_url, when it has one."""
    for link in publication.links.all():
        url = safe_url(link.url)
        is_pdf = url.lower().split("?")[0].endswith(".pdf") or "arxiv.org/pdf/" in url
        if is_pdf and link.label.strip().casefold() in PAPER_LABELS:
            return url
    return ""


class ProfileUrls:
    """Profile URLs for co-author links, reversed once per page instead of once per name."""

    def __init__(self):
        self._pattern = reverse("profiles:detail", kwargs={"slug": "slug-placeholder"})

    def __call__(self, row):
        if not row.profile_published:
            return ""
        return self._pattern.replace("slug-placeholder", row.profile_slug)


class PaperUrls:
    """Paper page URLs, reversed once per page instead of once per paper."""

    _PK = 999999999

    def __init__(self):
        self._pattern = reverse(
            "publications:detail", kwargs={"pk": self._PK, "slug": "slug-placeholder"}
        )

    def __call__(self, publication):
        return self._pattern.replace(str(self._PK), str(publication.pk)).replace(
            "slug-placeholder", publication.slug
        )


@dataclass
class AuthorListContext:
    """What an author list depends on besides the paper: the owner and their settings."""

    owner: Profile | None = None
    link_owner: bool = False
    profile_urls: ProfileUrls = field(default_factory=ProfileUrls)
    marks_used: set = field(default_factory=set)

    @cached_property
    def markers(self):
        if self.owner is None:
            return DEFAULT_MARKERS
        return {
            "equal": self.owner.marker_equal,
            "corresponding": self.owner.marker_corresponding,
            "joint_last": self.owner.marker_joint_last,
        }

    @cached_property
    def self_open_close(self):
        style = self.owner.self_style if self.owner else Profile.SelfStyle.BOLD
        return {
            Profile.SelfStyle.BOLD: ("<strong>", "</strong>"),
            Profile.SelfStyle.UNDERLINE: ("<u>", "</u>"),
            Profile.SelfStyle.BOLD_UNDERLINE: ("<strong><u>", "</u></strong>"),
            Profile.SelfStyle.NONE: ("", ""),
        }[style]

    @property
    def author_limit(self):
        return self.owner.author_limit if self.owner else None

    def legend(self):
        """``[(mark, meaning)]`` for the marks that appear on this page, in a fixed order."""
        return [
            (self.markers[kind], meaning)
            for kind, meaning in MARK_MEANINGS.items()
            if kind in self.marks_used
        ]

    def render_author(self, row):
        is_owner = self.owner is not None and row.profile_id == self.owner.pk
        name = escape(row.name)
        if is_owner:
            opening, closing = self.self_open_close
            name = f"{opening}{name}{closing}"
        url = self.profile_urls(row) if (self.link_owner or not is_owner) else ""
        if url:
            name = f'<a href="{escape(url)}">{name}</a>'
        marks = ""
        flags = (
            ("equal", row.equal),
            ("joint_last", row.joint_last),
            ("corresponding", row.corresponding),
        )
        for kind, flag in flags:
            if flag:
                self.marks_used.add(kind)
                title = MARK_MEANINGS[kind]
                marks += f'<sup class="mark" title="{title}">{escape(self.markers[kind])}</sup>'
        css = "author author-self" if is_owner else "author"
        return f'<span class="{css}">{name}{marks}</span>'

    def render(self, publication):
        """The ``.pub-authors`` content: visible names, then the rest behind <details>."""
        rows = publication.author_rows
        visible, hidden = _split_for_limit(rows, self.author_limit, self.owner)
        parts = []
        previous = -1
        for index in visible:
            if index != previous + 1:
                parts.append('<span class="authors-gap">…</span>')
            parts.append(self.render_author(rows[index]))
            previous = index
        html = ", ".join(parts)
        if hidden:
            rest = ", ".join(self.render_author(rows[index]) for index in hidden)
            if publication.more_authors:
                rest += ", et al."
            count = len(rows)
            html += (
                ' <details class="authors-more"><summary>'
                f'et al.<span class="visually-hidden"> (show all {count} authors)</span>'
                f'</summary><span class="authors-rest"><span class="authors-rest-label">'
                f"Other authors:</span> {rest}</span></details>"
            )
        elif publication.more_authors:
            html += ' <span class="et-al">et al.</span>'
        return mark_safe(html)


def _split_for_limit(rows, limit, owner):
    """Indexes shown and hidden: the first ``limit``, plus the owner wherever they are."""
    count = len(rows)
    if not limit or count <= limit:
        return list(range(count)), []
    visible = list(range(limit))
    if owner is not None:
        for index, authorship in enumerate(rows):
            if index >= limit and authorship.profile_id == owner.pk:
                visible.append(index)
    hidden = [index for index in range(count) if index not in visible]
    return visible, hidden


@dataclass(frozen=True)
class Display:
    """How a profile shows its papers (its page settings); the defaults are the site's."""

    venue: str = Profile.VenueDisplay.SHORT
    title_link: str = Profile.TitleLink.PAGE
    exact_date: bool = False
    topics: bool = False
    abstracts_open: bool = False
    teaser_in_list: bool = False

    @classmethod
    def of(cls, profile):
        return cls(
            venue=profile.venue_display,
            title_link=profile.title_link,
            exact_date=profile.show_exact_date,
            topics=profile.show_topics,
            abstracts_open=profile.abstracts_open,
            teaser_in_list=profile.teaser_in_list,
        )


def venue_forms(short, full, mode):
    """(text shown, full name for an <abbr> title or "") of a venue in display ``mode``."""
    if mode == Profile.VenueDisplay.FULL:
        return full or short, ""
    if mode == Profile.VenueDisplay.FULL_SHORT:
        return (f"{full} ({short})" if full and short else full or short), ""
    return short or full, full if short and full else ""


def exact_date(date):
    """A paper's date as paper feeds print it: ``Jul 14, 2023``, ``Jul 2023``, ``2023``."""
    if date is None:
        return ""
    if date.day:
        return f"{calendar.month_abbr[date.month]} {date.day}, {date.year}"
    return date.display()


class PublicationEntry:
    """One publication as a page shows it: the fields templates read, computed once.

    Plain attributes rather than delegation to the model, so a template lookup is one
    attribute read (a profile page performs thousands of them).
    """

    def __init__(self, publication, authors_html, *, url, display=Display()):
        self.publication = publication
        self.url = url
        self.display = display
        self.authors_html = authors_html
        self.pk = publication.pk
        self.title = publication.title
        self.venue = publication.venue
        self.venue_full = publication.venue_full
        self.venue_text, self.venue_abbr = venue_forms(
            publication.venue, publication.venue_full, display.venue
        )
        self.venue_note = publication.venue_note
        self.year = publication.year
        self.exact_date = exact_date(publication.date) if display.exact_date else ""
        self.type = publication.type
        self.status = publication.status
        self.tldr = publication.tldr
        self.abstract = publication.abstract
        # A PaperCount where the page shows citations (publications.citations.selectors).
        self.citations = getattr(publication, "citations", None)

    @cached_property
    def status_label(self):
        return STATUS_LABELS.get(self.publication.status, "")

    @cached_property
    def badges(self):
        """The paper's own badges, then its venue's ranks from the registry
        (``venues.selectors.attach_rank_badges``) that they do not already say."""
        typed = self.publication.badges
        kinds = self.publication.badge_kinds
        ranks = registry_badges(typed, getattr(self.publication, "rank_badges", []))
        return [Badge(text, badge_kind(text, kinds)) for text in typed] + [
            Badge(text, "rank") for text in ranks
        ]

    @cached_property
    def links(self):
        return publication_links(self.publication)

    @cached_property
    def title_url(self):
        """Where the title leads, as the profile chose: this site's paper page, the
        paper's own first link (none when it has none), or nowhere."""
        if self.display.title_link == Profile.TitleLink.NONE:
            return ""
        if self.display.title_link == Profile.TitleLink.LINK:
            return self.links[0].url if self.links else ""
        return self.url

    @cached_property
    def tag_list(self):
        return list(self.publication.tags.all())

    @property
    def tag_slugs(self):
        """Space-separated, for ``data-tags``; set on the paper by selectors.attach_tag_slugs."""
        return " ".join(self.publication.tag_slugs)

    @cached_property
    def abstract_html(self):
        return render_markdown(self.publication.abstract)

    @cached_property
    def tldr_html(self):
        return render_markdown_inline(self.publication.tldr)

    @cached_property
    def teaser_thumbnail(self):
        return thumbnail(self.publication.teaser, "teaser")


def present(publications, context, display=Display()):
    """Entries for ``publications`` (loaded by publications.selectors, with author rows)."""
    paper_url = PaperUrls()
    # One query for the rank badges of every paper whose venue the registry ranks.
    attach_rank_badges(publications, shown_systems(context.owner))
    return [
        PublicationEntry(
            publication,
            context.render(publication),
            url=paper_url(publication),
            display=display,
        )
        for publication in publications
    ]


@dataclass
class Group:
    title: str
    entries: list

    @property
    def count(self):
        return len(self.entries)


def group_entries(entries, grouping):
    """Groups in display order for ``Profile.Grouping``: newest year first, or type order."""
    if grouping == Profile.Grouping.YEAR:
        groups = {}
        for entry in entries:
            key = entry.year or 0
            groups.setdefault(key, []).append(entry)
        # Undated work (preprints without a year) is the newest: it comes first.
        ordered = sorted(groups.items(), key=lambda item: (item[0] != 0, -item[0]))
        return [Group(str(year) if year else "Forthcoming", items) for year, items in ordered]
    if grouping == Profile.Grouping.TYPE:
        by_type = {}
        for entry in entries:
            by_type.setdefault(entry.publication.type, []).append(entry)
        plural = {
            "conference": "Conference papers",
            "journal": "Journal articles",
            "workshop": "Workshop papers",
            "preprint": "Preprints",
            "thesis": "Theses",
            "book": "Books",
            "chapter": "Book chapters",
            "dataset": "Datasets",
            "patent": "Patents",
            "other": "Other",
        }
        return [
            Group(plural[kind], by_type[kind])
            for kind in Publication.Type.values
            if kind in by_type
        ]
    return [Group("", list(entries))] if entries else []
