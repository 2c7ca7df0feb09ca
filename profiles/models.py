"""The researcher and everything on a profile page except publications."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from .documents import DocumentField
from .fields import BoundedTextField, SectionTitlesField, StringListField, YearListField
from .images import ValidatedImageField
from .partial_dates import PartialDateField
from .validators import normalize_orcid, web_url

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lower-case letters, digits and single hyphens, e.g. zikai-song.",
)
# Paths under / that a profile slug would shadow.
RESERVED_SLUGS = {
    "admin", "papers", "static", "media", "sitemap-xml", "robots-txt", "accounts", "me",
    "export", "import", "search", "api",
}  # fmt: skip

SECTION_NAMES = ["about", "news", "publications", "positions", "awards", "services", "grants"]


def default_section_order():
    return list(SECTION_NAMES)


def unknown_section_names(order, titles):
    """Names in a section order that are neither a built-in section nor one of ``titles``
    (the profile's custom sections): the admin and bundles both refuse them."""
    return [name for name in order if name not in SECTION_NAMES and name not in titles]


MARKERS_MUST_DIFFER = "The equal-contribution and corresponding marks must differ."
JOINT_LAST_MARKER_MUST_DIFFER = (
    "The joint-last-author mark must differ from the equal-contribution and corresponding marks."
)
HEX_COLOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour like #1f6feb.")


def upload_photo(instance, filename):
    return f"photos/{filename}"


def upload_logo(instance, filename):
    return f"logos/{filename}"


def upload_link_file(instance, filename):
    return f"files/{filename}"


SEARCHED_FIELDS = {
    "name", "native_name", "aliases", "slug", "affiliation", "headline", "interests",
}  # fmt: skip


def search_text(query):
    """A search as the directory compares it with ``search_text``: case folded."""
    return query.casefold()


def search_text_of(profile):
    """Everything the directory search matches, case folded, a line per value.

    Case is folded here in Python rather than by the database (SQLite's LIKE folds ASCII
    only), so a search finds the same profiles on SQLite and PostgreSQL; a query has no
    line break, so it cannot match across two values.
    """
    values = [
        profile.name,
        profile.native_name,
        *profile.aliases,
        profile.slug,
        profile.affiliation,
        profile.headline,
        *profile.interests,
    ]
    return search_text("\n".join(value for value in values if value))


class ProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def editable_by(self, user):
        """Profiles ``user`` may edit: all for editors, their own for researchers."""
        from .permissions import is_editor

        if is_editor(user):
            return self
        return self.filter(user=user) if user.is_authenticated else self.none()


class ClaimPolicy(models.TextChoices):
    """Whose papers naming this profile list on its page without asking (claims)."""

    NOBODY = "nobody", "From nobody: each waits for me to accept it"
    CHOSEN = "chosen", "From the co-authors chosen below"
    EVERYONE = "everyone", "From every co-author"


class Profile(models.Model):
    class SelfStyle(models.TextChoices):
        BOLD = "bold", "Bold"
        UNDERLINE = "underline", "Underline"
        BOLD_UNDERLINE = "bold-underline", "Bold and underline"
        NONE = "none", "Not highlighted"

    class PublicationStyle(models.TextChoices):
        LIST = "list", "List"
        CARDS = "cards", "Cards with teaser images"
        COMPACT = "compact", "Compact, one line each"

    class Grouping(models.TextChoices):
        YEAR = "year", "By year"
        TYPE = "type", "By type"
        NONE = "none", "No grouping"

    class PublicationOrder(models.TextChoices):
        NEWEST = "newest", "Newest first"
        MANUAL = "manual", "By hand (drag the papers below)"

    class VenueDisplay(models.TextChoices):
        SHORT = "short", "Short name (CVPR)"
        FULL = "full", "Full name"
        FULL_SHORT = "full_short", "Full name (SHORT)"

    class TitleLink(models.TextChoices):
        PAGE = "page", "The paper's page here"
        LINK = "link", "The paper's own first link"
        NONE = "none", "Nowhere"

    class PositionGrouping(models.TextChoices):
        EDUCATION_FIRST = "education_first", "Education, then experience"
        EXPERIENCE_FIRST = "experience_first", "Experience, then education"
        NONE = "none", "One list, in your order"

    class NewsDisplay(models.TextChoices):
        FOLD = "fold", "Newest N, the rest behind “show all”"
        SCROLL = "scroll", "All in a scrolling box"

    class RankBadges(models.TextChoices):
        ALL = "all", "CCF and CORE"
        CCF = "ccf", "CCF only"
        CORE = "core", "CORE only"
        NONE = "none", "None"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profile",
        help_text="The account that edits this profile. Staff may own none.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[SLUG_VALIDATOR],
        help_text="The page address after the site name, as in /zikai-song/.",
    )
    name = models.CharField(max_length=200, help_text="Your name in Latin script.")
    native_name = models.CharField(max_length=200, blank=True, help_text="e.g. 孙新")
    aliases = StringListField(
        help_text="Other spellings of your name on papers (Z. Song, Song, Zikai, 宋子恺), "
        "one per line. Used to find you in imported author lists.",
        split_commas=False,
    )
    pronouns = models.CharField(max_length=40, blank=True)
    headline = models.CharField(max_length=200, blank=True, help_text="e.g. Ph.D. student")
    affiliation = models.CharField(max_length=300, blank=True)
    affiliation_url = models.URLField(blank=True, validators=[web_url])
    location = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, help_text="Shown obfuscated against scrapers.")
    photo = ValidatedImageField(upload_to=upload_photo, blank=True)
    bio = BoundedTextField(blank=True, help_text="Markdown.")
    interests = StringListField(help_text="Research interests, one per line.")
    announcement = BoundedTextField(
        blank=True, help_text="Markdown; shown as a highlighted banner at the top."
    )

    # Display settings.
    self_style = models.CharField(max_length=20, choices=SelfStyle.choices, default=SelfStyle.BOLD)
    marker_equal = models.CharField(
        max_length=8, default="*", verbose_name="equal-contribution mark"
    )
    marker_corresponding = models.CharField(
        max_length=8, default="†", verbose_name="corresponding-author mark"
    )
    marker_joint_last = models.CharField(
        max_length=8,
        default="§",
        verbose_name="joint-last-author mark",
        help_text="After authors who share the last authorship (equal supervision).",
    )
    publication_style = models.CharField(
        max_length=20, choices=PublicationStyle.choices, default=PublicationStyle.LIST
    )
    group_publications_by = models.CharField(
        max_length=20, choices=Grouping.choices, default=Grouping.YEAR
    )
    author_limit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Show the first N authors, then “et al.”; you always stay visible.",
    )
    news_limit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Newest N news items shown; the rest behind “show all”.",
    )
    section_order = StringListField(
        default=default_section_order,
        split_commas=False,
        help_text="Order and visibility of sections: about, news, publications, positions, "
        "awards, services, grants, and custom section titles. Absent ones are hidden.",
    )
    # Page settings (profiles/admin_page.py shows them; docs/profile-bundle.md names them).
    section_titles = SectionTitlesField()
    publication_order = models.CharField(
        max_length=10,
        choices=PublicationOrder.choices,
        default=PublicationOrder.NEWEST,
        help_text="By hand: the order of the publications dragged at the bottom of this page.",
    )
    venue_display = models.CharField(
        max_length=12, choices=VenueDisplay.choices, default=VenueDisplay.SHORT
    )
    title_link = models.CharField(
        max_length=8,
        choices=TitleLink.choices,
        default=TitleLink.PAGE,
        verbose_name="paper titles link to",
    )
    abstracts_open = models.BooleanField(
        default=False, help_text="Abstracts shown open instead of folded."
    )
    show_topics = models.BooleanField(
        default=False, help_text="Each paper's topics as chips before its title."
    )
    show_exact_date = models.BooleanField(
        default=False, help_text="A paper's full date (Jul 14, 2023) instead of its year."
    )
    teaser_in_list = models.BooleanField(
        default=False,
        verbose_name="teasers in the list",
        help_text="A teaser image beside each paper in the list style, the venue on it.",
    )
    position_grouping = models.CharField(
        max_length=20,
        choices=PositionGrouping.choices,
        default=PositionGrouping.EDUCATION_FIRST,
    )
    education_label = models.CharField(
        max_length=100, blank=True, help_text="Heading of the education group; “Education”."
    )
    experience_label = models.CharField(
        max_length=100, blank=True, help_text="Heading of the experience group; “Experience”."
    )
    news_display = models.CharField(
        max_length=10, choices=NewsDisplay.choices, default=NewsDisplay.FOLD
    )
    show_last_updated = models.BooleanField(
        default=False, help_text="“Last updated” and the date of your latest edit on the page."
    )
    accent_color = models.CharField(
        max_length=7, default="#2563eb", validators=[HEX_COLOR], help_text="Links and highlights."
    )
    show_citations = models.BooleanField(
        default=False,
        help_text="Show citation counts from OpenAlex, Semantic Scholar and Crossref on your "
        "pages: per paper, in total, your h-index and citations per year. Papers need a DOI "
        "or an arXiv id; counts are refreshed weekly.",
    )
    rank_badges = models.CharField(
        max_length=10,
        choices=RankBadges.choices,
        default=RankBadges.ALL,
        verbose_name="venue rank badges",
        help_text="Badges such as CCF-A or CORE A* beside papers whose venue the site's "
        "registry ranks, in the edition of the paper's year. Badges you type yourself "
        "are always shown.",
    )
    draft_acceptance_news = models.BooleanField(
        default=True,
        verbose_name="draft news on acceptance",
        help_text="When one of your papers becomes accepted or published, write a draft news "
        "item about it for you to publish (drafts are never shown on your pages).",
    )

    accept_claims = models.CharField(
        max_length=10,
        choices=ClaimPolicy,
        default=ClaimPolicy.NOBODY,
        verbose_name="accept co-authors' papers",
        help_text="When a co-author adds or imports a paper naming you, it waits under "
        "Claims until you accept it, unless it comes from someone chosen here.",
    )
    claims_trusted = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name="co-authors accepted at once",
        help_text="With “from chosen co-authors”: papers they add list on your page at once.",
    )
    is_published = models.BooleanField(
        default=True, help_text="Unpublished profiles are visible only to you and staff."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the directory's search reads (``search_text_of``), kept by save(); on PostgreSQL
    # a trigram index serves its substring search (migration 0007).
    search_text = models.TextField(editable=False, default="")

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The directory: published profiles by name, a page at a time, and their count.
            models.Index(
                fields=["name", "id"],
                condition=models.Q(is_published=True),
                name="profile_directory",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(marker_equal=models.F("marker_corresponding")),
                name="profile_markers_differ",
                violation_error_message=MARKERS_MUST_DIFFER,
            ),
            models.CheckConstraint(
                condition=~models.Q(marker_joint_last=models.F("marker_equal"))
                & ~models.Q(marker_joint_last=models.F("marker_corresponding")),
                name="profile_joint_last_marker_differs",
                violation_error_message=JOINT_LAST_MARKER_MUST_DIFFER,
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text_of(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and SEARCHED_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("profiles:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is reserved for the site; choose another."}
            )
        if self.marker_equal and self.marker_equal == self.marker_corresponding:
            raise ValidationError({"marker_corresponding": MARKERS_MUST_DIFFER})
        if self.marker_joint_last in (self.marker_equal, self.marker_corresponding):
            raise ValidationError({"marker_joint_last": JOINT_LAST_MARKER_MUST_DIFFER})
        unknown = [name for name in self.section_titles or {} if name not in SECTION_NAMES]
        if unknown:
            raise ValidationError(
                {
                    "section_titles": f"{', '.join(unknown)}: not a section; headings are "
                    f"given for {', '.join(SECTION_NAMES)} (custom sections have their own)."
                }
            )

    @property
    def all_names(self):
        """The name, the native name and every alias: how the owner may appear on papers."""
        return [name for name in [self.name, self.native_name, *self.aliases] if name]


class LinkKind(models.TextChoices):
    EMAIL = "email", "Email"
    WEBSITE = "website", "Website"
    GOOGLE_SCHOLAR = "google_scholar", "Google Scholar"
    GITHUB = "github", "GitHub"
    ORCID = "orcid", "ORCID"
    LINKEDIN = "linkedin", "LinkedIn"
    TWITTER = "twitter", "X / Twitter"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    RESEARCHGATE = "researchgate", "ResearchGate"
    SEMANTIC_SCHOLAR = "semantic_scholar", "Semantic Scholar"
    DBLP = "dblp", "DBLP"
    OPENREVIEW = "openreview", "OpenReview"
    CV = "cv", "CV"
    OTHER = "other", "Other"


class ProfileLink(models.Model):
    """A typed link in the profile header; a CV may be an uploaded file instead of a URL."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=30, choices=LinkKind.choices)
    url = models.CharField(
        max_length=500,
        blank=True,
        help_text="https://…, mailto:…, or for ORCID the bare iD 0000-0002-1825-0097.",
    )
    file = DocumentField(
        upload_to=upload_link_file,
        blank=True,
        help_text="e.g. a CV: PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx) or "
        "OpenDocument, at most 20 MB.",
    )
    label = models.CharField(max_length=100, blank=True, help_text="Defaults to the kind's name.")
    order = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or LinkKind(self.kind).label

    @property
    def href(self):
        return self.file.url if self.file else self.url

    def clean(self):
        errors = {}
        if not self.url and not self.file:
            errors["url"] = "Give a URL or upload a file."
        if self.kind == LinkKind.OTHER and not self.label:
            errors["label"] = "A link of kind “other” needs a label."
        if self.kind == LinkKind.ORCID and self.url:
            try:
                self.url = "https://orcid.org/" + normalize_orcid(self.url)
            except ValidationError as error:
                errors["url"] = error.messages
        elif self.kind == LinkKind.EMAIL and self.url and not self.url.startswith("mailto:"):
            self.url = "mailto:" + self.url
        elif self.url and not self.url.startswith(("http://", "https://", "mailto:")):
            errors["url"] = "Links must start with https://, http:// or mailto:."
        if errors:
            raise ValidationError(errors)


def check_date_range(start, end):
    """Positions and grants: an end before the start is a typo worth catching."""
    if start and end and end < start:
        raise ValidationError({"end": "The end date is before the start date."})


class ProfileItem(models.Model):
    """Base for the ordered items that belong to one profile."""

    order = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class NewsItemQuerySet(models.QuerySet):
    def published(self):
        """What pages, feeds and exports show: drafts wait for their owner."""
        return self.filter(is_published=True)


class NewsItem(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="news")
    date = PartialDateField()
    text = BoundedTextField(help_text="Markdown.")
    pinned = models.BooleanField(default=False, help_text="Pinned items stay on top.")
    is_published = models.BooleanField(
        default=True,
        verbose_name="published",
        help_text="A draft is shown only here, never on your pages, feed or exports.",
    )
    announces = models.ForeignKey(
        "publications.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        editable=False,
        help_text="The paper whose acceptance this item was drafted for.",
    )
    order = models.PositiveIntegerField(default=0, db_index=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-date", "order", "id"]
        verbose_name = "news item"

    def __str__(self):
        return f"{self.date}: {self.text[:60]}"

    def get_absolute_url(self):
        return self.profile.get_absolute_url() + "#news"


class Position(ProfileItem):
    class Kind(models.TextChoices):
        EDUCATION = "education", "Education"
        EMPLOYMENT = "employment", "Employment"
        INTERNSHIP = "internship", "Internship"
        VISITING = "visiting", "Visiting"
        OTHER = "other", "Other"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organization = models.CharField(max_length=300)
    organization_url = models.URLField(blank=True, validators=[web_url])
    unit = models.CharField(max_length=300, blank=True, help_text="Department, lab or group.")
    role = models.CharField(max_length=300, blank=True, help_text="Degree or job title.")
    start = PartialDateField()
    end = PartialDateField(null=True, blank=True, help_text="Empty means “present”.")
    location = models.CharField(max_length=200, blank=True)
    advisors = StringListField(split_commas=True)
    description = BoundedTextField(blank=True, help_text="Markdown.")
    logo = ValidatedImageField(upload_to=upload_logo, blank=True)

    class Meta(ProfileItem.Meta):
        pass

    def __str__(self):
        return f"{self.role or self.get_kind_display()}, {self.organization}"

    def clean(self):
        check_date_range(self.start, self.end)


class Award(ProfileItem):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="awards")
    title = models.CharField(max_length=300)
    years = YearListField(help_text="One year, or several: 2020, 2021, 2022.")
    date = PartialDateField(null=True, blank=True, help_text="Instead of years, when known.")
    issuer = models.CharField(max_length=300, blank=True)
    description = BoundedTextField(blank=True, help_text="Markdown.")

    class Meta(ProfileItem.Meta):
        pass

    def __str__(self):
        return self.title

    def clean(self):
        if self.date and self.years:
            raise ValidationError({"date": "Give either a date or years, not both."})


class Service(ProfileItem):
    """One venue served in one role, e.g. reviewer for CVPR in 2023–2026."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", "Reviewer"
        PROGRAM_COMMITTEE = "program_committee", "Program committee"
        AREA_CHAIR = "area_chair", "Area chair"
        ORGANIZER = "organizer", "Organizer"
        EDITOR = "editor", "Editor"
        OTHER = "other", "Other"

    class VenueKind(models.TextChoices):
        CONFERENCE = "conference", "Conference"
        JOURNAL = "journal", "Journal"
        WORKSHOP = "workshop", "Workshop"
        OTHER = "other", "Other"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="services")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.REVIEWER)
    venue_kind = models.CharField(
        max_length=20, choices=VenueKind.choices, default=VenueKind.CONFERENCE
    )
    venue = models.CharField(max_length=200, help_text="e.g. CVPR")
    years = YearListField()
    note = models.CharField(max_length=300, blank=True)

    class Meta(ProfileItem.Meta):
        pass

    def __str__(self):
        return f"{self.get_role_display()}: {self.venue}"


class Grant(ProfileItem):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="grants")
    title = models.CharField(max_length=300)
    funder = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=100, blank=True, help_text="e.g. PI, Co-PI")
    start = PartialDateField(null=True, blank=True)
    end = PartialDateField(null=True, blank=True)
    amount = models.CharField(max_length=100, blank=True)
    description = BoundedTextField(blank=True, help_text="Markdown.")

    class Meta(ProfileItem.Meta):
        pass

    def __str__(self):
        return self.title

    def clean(self):
        check_date_range(self.start, self.end)


class CustomSection(ProfileItem):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    body = BoundedTextField(help_text="Markdown.")

    class Meta(ProfileItem.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "title"],
                name="customsection_unique_title",
                violation_error_message="This profile already has a section with this title.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def anchor(self):
        return f"section-{slugify(self.title, allow_unicode=True)}"


# Models of the profiles app kept in subpackages of their own.
from .jobs.models import Job, WorkerBeat  # noqa: E402, F401
