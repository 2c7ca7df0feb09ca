"""The researcher's dashboard: the admin's first page for someone who owns a profile.

What it offers is data (``ACTIONS``, ``pending_items``), so a new door — an import by
identifier, a claim to review — is one more entry here, not another template.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from .models import NewsItem, Profile


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""
    count: int | None = None


@dataclass
class Dashboard:
    profile: Profile
    actions: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    recent: list = field(default_factory=list)


def own_profile(user):
    """The profile ``user`` owns, or None (editors without one, superusers)."""
    if not user.is_authenticated:
        return None
    return Profile.objects.filter(user=user).first()


# (label, URL name, its arguments from the profile, what it does); a name that does not
# resolve (a door not installed) is left out.
ACTIONS = [
    ("View my page", None, "as visitors see it"),
    ("Edit my profile", "admin:profiles_profile_change", "bio, photo, news, positions, …"),
    ("Add a paper", "admin:publications_publication_add", "typed in, with its authors"),
    ("Import BibTeX", "bibtex:import", "a .bib file or pasted entries, previewed first"),
    ("Import works by identifier", "works:import", "DOI, arXiv id or ORCID"),
    ("Move in from a homepage", "site_import:import", "academicpages, al-folio, Hugo Blox"),
    ("Export", "export:page", "the page as a website (.zip) or one .html file"),
    ("My papers", "admin:publications_publication_changelist", "every paper I may edit"),
]


def _actions(profile):
    links = []
    for label, name, note in ACTIONS:
        if name is None:
            url = profile.get_absolute_url()
        else:
            args = [profile.pk] if name == "admin:profiles_profile_change" else []
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:
                continue
        links.append(Link(label, url, note))
    return links


def pending_items(profile, user):
    """What waits for the researcher: drafted news, imports not confirmed, jobs failed or
    running. Each is a link with its count; none are shown when there are none."""
    from profiles.jobs.models import Job
    from publications.models import BibtexPreview

    drafts = NewsItem.objects.filter(profile=profile, is_published=False).count()
    previews = BibtexPreview.objects.filter(user=user).count()
    running = Job.objects.filter(
        user=user, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).count()
    failed = Job.objects.filter(user=user, status=Job.Status.FAILED).first()
    items = []
    if drafts:
        url = reverse("admin:profiles_newsitem_changelist") + "?is_published__exact=0"
        items.append(Link("Draft news to publish", url, count=drafts))
    if previews:
        items.append(
            Link("BibTeX imports waiting for “Confirm”", reverse("bibtex:import"), count=previews)
        )
    if running:
        items.append(Link("Jobs running", reverse("admin:profiles_job_changelist"), count=running))
    if failed is not None:
        items.append(Link("A job failed", failed.get_absolute_url(), note=failed.message[:200]))
    return items


def recent_changes(profile, limit=8):
    """The papers on the page changed last, newest first."""
    from publications.models import Publication

    papers = Publication.objects.filter(listings__profile=profile).order_by("-updated_at")[:limit]
    return [
        Link(
            paper.title,
            reverse("admin:publications_publication_change", args=[paper.pk]),
            note=f"{paper.updated_at:%d %b %Y %H:%M}",
        )
        for paper in papers
    ]


def dashboard_for(user):
    """The dashboard of ``user``, or None when they own no profile."""
    profile = own_profile(user)
    if profile is None:
        return None
    return Dashboard(
        profile=profile,
        actions=_actions(profile),
        pending=pending_items(profile, user),
        recent=recent_changes(profile),
    )
