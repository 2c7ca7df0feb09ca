"""Papers, the people who wrote them, and which profiles list them.

One paper is one ``Publication`` row however many profiles on the site list it.
``Authorship`` orders its authors; ``ProfilePublication`` says which profiles list
it, with each profile's own "selected" and "hidden" flags.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from profiles.fields import BoundedTextField, StringListField
from profiles.images import ValidatedImageField
from profiles.models import Profile
from profiles.partial_dates import PartialDate, PartialDateField
from profiles.validators import normalize_orcid, web_url

from .badges import BadgeKindsField
from .normalize import (
    arxiv_base,
    clean_arxiv,
    clean_doi,
    is_valid_arxiv,
    is_valid_doi,
    normalize_title,
)
from .printed_names import PARTS, PrintedName


def title_slug(title):
    """The slug of a paper's URL, made from its title."""
    return slugify(title)[:80].strip("-") or "paper"


def upload_teaser(instance, filename):
    return f"teasers/{filename}"


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True) or f"tag-{abs(hash(self.name))}"
        super().save(*args, **kwargs)


class AuthorQuerySet(models.QuerySet):
    def for_profile(self, profile):
        return self.filter(profile=profile)


class Author(models.Model):
    """A person as named on papers; linked to a profile when they have one here."""

    name = models.CharField(max_length=200, db_index=True)
    profile = models.ForeignKey(
        Profile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authors",
        help_text="Links this name to a researcher's page on this site.",
    )
    orcid = models.CharField(max_length=19, blank=True, verbose_name="ORCID iD")

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.orcid:
            try:
                self.orcid = normalize_orcid(self.orcid)
            except ValidationError as error:
                raise ValidationError({"orcid": error.messages}) from None


def latest_year():
    """The latest year a paper may carry: next year (accepted papers of the coming year's
    conferences), never a typo such as 3026."""
    return timezone.localdate().year + 1


# Undated preprints first (they are the newest work), then by year, date and entry order.
NEWEST_FIRST = (F("year").desc(nulls_first=True), F("date").desc(nulls_last=True), "id")


class PublicationQuerySet(models.QuerySet):
    def listed_on(self, profile):
        """Papers shown on ``profile``'s page (not hidden by that profile)."""
        return self.filter(
            listings__profile=profile,
            listings__hidden=False,
            listings__status=ProfilePublication.Status.ACCEPTED,
        )

    def editable_by(self, user):
        """Editors edit every paper; a researcher edits what their profile may edit
        (``publications.permissions``: the papers they are a linked author of or list)."""
        from profiles.permissions import is_editor

        from .permissions import editable_condition

        if is_editor(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(editable_condition("profile__user", user)).distinct()

    def newest_first(self):
        return self.order_by(*NEWEST_FIRST)


class Publication(models.Model):
    class Type(models.TextChoices):
        CONFERENCE = "conference", "Conference paper"
        JOURNAL = "journal", "Journal article"
        WORKSHOP = "workshop", "Workshop paper"
        PREPRINT = "preprint", "Preprint"
        THESIS = "thesis", "Thesis"
        BOOK = "book", "Book"
        CHAPTER = "chapter", "Book chapter"
        DATASET = "dataset", "Dataset"
        PATENT = "patent", "Patent"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        ACCEPTED = "accepted", "Accepted"
        UNDER_REVIEW = "under_review", "Under review"
        PREPRINT = "preprint", "Preprint"

    title = models.CharField(max_length=500)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.CONFERENCE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    venue = models.CharField(max_length=200, blank=True, help_text="Short name, e.g. CVPR")
    venue_full = models.CharField(max_length=500, blank=True, help_text="Full name of the venue.")
    venue_note = models.CharField(max_length=200, blank=True, help_text="e.g. Findings")
    # The registry's venue (publications.venues), where the venue text maps to one: its
    # ranks give the paper's rank badges. Unknown venues keep only their text.
    registered_venue = models.ForeignKey(
        "publications.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name="venue in the registry",
        help_text="Found from the venue text when empty; gives the rank badges (CCF, CORE).",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    date = PartialDateField(null=True, blank=True, help_text="More precise than the year.")
    badges = StringListField(help_text="e.g. Oral, Spotlight, Best Paper, CCF-A; one per line.")
    badge_kinds = BadgeKindsField()
    doi = models.CharField(max_length=200, blank=True, verbose_name="DOI", help_text="10.NNNN/…")
    arxiv = models.CharField(max_length=40, blank=True, verbose_name="arXiv id")
    abstract = BoundedTextField(blank=True, help_text="Markdown.")
    tldr = BoundedTextField(blank=True, verbose_name="TL;DR", help_text="Markdown, one paragraph.")
    teaser = ValidatedImageField(upload_to=upload_teaser, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="publications")
    bibtex = BoundedTextField(
        blank=True, verbose_name="BibTeX", help_text="Verbatim BibTeX; generated when empty."
    )
    more_authors = models.BooleanField(
        default=False, help_text="The author list is truncated in the source (“et al.”)."
    )
    title_key = models.CharField(max_length=500, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = list(NEWEST_FIRST)
        constraints = [
            models.UniqueConstraint(
                Lower("doi"),
                condition=~Q(doi=""),
                name="publication_unique_doi",
                violation_error_message="Another publication already has this DOI.",
            ),
            models.UniqueConstraint(
                "arxiv",
                condition=~Q(arxiv=""),
                name="publication_unique_arxiv",
                violation_error_message="Another publication already has this arXiv id.",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=False) | Q(status__in=["preprint", "under_review"]),
                name="publication_year_required_when_published",
                violation_error_message="A year is required unless the paper is a preprint "
                "or under review.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.date and not self.year:
            # The date may still be the assigned text ("2023-06") when clean() was not run.
            self.year = PartialDate.parse(self.date).year
        self.title_key = normalize_title(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @classmethod
    def from_db(cls, *args, **kwargs):
        instance = super().from_db(*args, **kwargs)
        # The status as read, so that a save can tell that it changed (announcements).
        instance.loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def slug(self):
        return title_slug(self.title)

    def clean(self):
        errors = {}
        self.doi = clean_doi(self.doi)
        if self.doi and not is_valid_doi(self.doi):
            errors["doi"] = f"{self.doi!r} is not a DOI: expected 10.NNNN/suffix."
        self.arxiv = arxiv_base(clean_arxiv(self.arxiv)) if self.arxiv else ""
        if self.arxiv and not is_valid_arxiv(self.arxiv):
            errors["arxiv"] = f"{self.arxiv!r} is not an arXiv id: expected e.g. 2301.10938."
        if self.year is None and self.status not in (
            self.Status.PREPRINT,
            self.Status.UNDER_REVIEW,
        ):
            errors["year"] = "A year is required unless the paper is a preprint or under review."
        latest = latest_year()
        if self.year and self.year > latest:
            errors["year"] = (
                f"{self.year} is in the future: a paper's year is {latest} at the latest."
            )
        # A date that did not parse is still text here; clean_fields() reported it.
        dated = isinstance(self.date, PartialDate)
        if dated and self.year and self.date.year != self.year:
            errors["date"] = f"The date {self.date} is not in the year {self.year}."
        if errors:
            raise ValidationError(errors)

    @property
    def display_year(self):
        return self.year or ""

    def author_list(self):
        """The authors in printed order as plain rows (``selectors.AuthorRow``): those
        attached by ``selectors.attach_author_rows`` (no model instances for thousands of
        authors), else read now in one query."""
        rows = getattr(self, "author_rows", None)
        if rows is None:
            from .selectors import attach_author_rows  # the selectors build on these models

            rows = attach_author_rows([self])[0].author_rows
        return rows

    def author_names(self):
        """Names as printed on the paper, in order."""
        return [row.name for row in self.author_list()]


class PublicationLink(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        max_length=60,
        help_text="paper, pdf, arxiv, code, project, video, slides, poster, dataset and doi "
        "get icons; any other label is shown as written.",
    )
    url = models.URLField(max_length=1000, validators=[web_url])
    order = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.label}: {self.url}"


class Authorship(models.Model):
    """One author at one position on one paper: the person (``author``), their name as
    printed on this paper with its parts, and the marks printed beside it."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    name = models.CharField(
        max_length=200,
        verbose_name="name as printed",
        help_text="Exactly as printed on this paper.",
    )
    given = models.CharField(max_length=200, blank=True, verbose_name="given names")
    particle = models.CharField(max_length=100, blank=True, help_text="von, van der, de la…")
    family = models.CharField(max_length=200, blank=True, verbose_name="family name")
    suffix = models.CharField(max_length=50, blank=True, help_text="Jr, III…")
    literal = models.BooleanField(
        default=False,
        help_text="Printed as one unit and never split into parts: an organisation.",
    )
    equal_contribution = models.BooleanField(default=False)
    corresponding = models.BooleanField(default=False)
    joint_last = models.BooleanField(
        default=False,
        verbose_name="joint last author",
        help_text="Shares the last authorship (equal supervision).",
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(literal=False) | Q(given="", particle="", family="", suffix=""),
                name="authorship_literal_has_no_parts",
                violation_error_message="A literal name (an organisation) has no name parts.",
            ),
            models.UniqueConstraint(
                fields=["publication", "position"],
                name="authorship_unique_position",
                violation_error_message="Two authors cannot share a position.",
            ),
            models.UniqueConstraint(
                fields=["publication", "author"],
                name="authorship_unique_author",
                violation_error_message="This author is already on this paper.",
            ),
        ]

    def __str__(self):
        return f"{self.position + 1}. {self.name or self.author}"

    def save(self, *args, **kwargs):
        if not self.name and self.author_id:
            self.name = self.author.name
        if not self.literal and not self.family:
            # Parts not given: read from the printed name by BibTeX's rules.
            self.set_printed(PrintedName.parse(self.name))
        super().save(*args, **kwargs)

    @property
    def printed(self):
        parts = {part: getattr(self, part) for part in PARTS}
        return PrintedName(name=self.name, literal=self.literal, **parts)

    def set_printed(self, printed):
        """Print this author as ``printed`` (a PrintedName): the name and its parts."""
        self.name = printed.name
        for part, value in printed.parts.items():
            setattr(self, part, value)


class ProfilePublicationQuerySet(models.QuerySet):
    def shown(self):
        """Listings a page shows: accepted (publications.claims) and not hidden."""
        return self.filter(status=ProfilePublication.Status.ACCEPTED, hidden=False)


class ProfilePublication(models.Model):
    """A paper on a profile's page, with that profile's own flags.

    A paper a co-author put there is a *claim* until the profile's owner accepts it
    (``status``; the rule is in ``publications.claims``). Only accepted, not hidden
    listings show anywhere.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for you"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="listings")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="listings")
    selected = models.BooleanField(default=False, help_text="Among the selected publications.")
    hidden = models.BooleanField(default=False, help_text="Not shown on this profile's page.")
    # Pending unless the rule says otherwise: a door that forgot it lists nothing.
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        Profile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_listings",
        help_text="The co-author whose edit or import put the paper here (none: an editor "
        "or the site).",
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # This profile's own place for the paper when it orders by hand (two co-authors may
    # order one paper differently).
    order = models.PositiveIntegerField(default=0, db_index=True)

    objects = ProfilePublicationQuerySet.as_manager()

    class Meta:
        ordering = ["profile", "order", "publication"]
        verbose_name = "publication on a profile"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "publication"],
                name="profilepublication_unique",
                violation_error_message="This publication is already on this profile.",
            )
        ]

    def __str__(self):
        return f"{self.publication} on {self.profile}"


class ClaimManager(models.Manager):
    def get_queryset(self):
        # Put there by someone else, or not (yet) accepted: what its owner decides.
        return (
            super()
            .get_queryset()
            .filter(
                models.Q(proposed_by__isnull=False)
                | ~models.Q(status=ProfilePublication.Status.ACCEPTED)
            )
        )


class Claim(ProfilePublication):
    """A listing seen as a claim: the admin's list to accept or decline (publications.claims)."""

    objects = ClaimManager()

    class Meta:
        proxy = True
        ordering = ["-proposed_at", "-id"]
        verbose_name = "claim"
        verbose_name_plural = "claims: papers co-authors put on your page"

    def __str__(self):
        return f"{self.publication} on {self.profile}"


class BibtexPreviewQuerySet(models.QuerySet):
    def take(self, token, user):
        """The preview ``token`` of ``user``, deleted; None when it is gone.

        Call it inside the transaction that imports it: of two "Confirm" posts of one
        preview the second's delete waits for the first's transaction and then finds
        nothing (PostgreSQL row lock; SQLite's write lock), so a preview imports once,
        and a failed import leaves it to try again.
        """
        preview = self.filter(token=token, user=user).first()
        if preview is None or not self.filter(pk=preview.pk).delete()[0]:
            return None
        return preview


class BibtexPreview(models.Model):
    """A BibTeX import shown as a preview, waiting for its "Confirm"."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    filename = models.CharField(max_length=255)
    entries = models.PositiveIntegerField(default=0, help_text="Rows of the preview.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = BibtexPreviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} onto {self.profile}"


class WorksPreview(models.Model):
    """An import by identifier shown as a preview: what the sources answered, kept so
    that "Confirm" imports exactly what was shown without asking them again."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    fetched = models.JSONField(help_text="The sources' records and the identifiers not found.")
    job = models.OneToOneField(
        "profiles.Job",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="works_preview",
        help_text="The background job that asked ORCID, when one did.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = BibtexPreviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{len(self.fetched.get('records', []))} works onto {self.profile}"


# Models of the publications app kept in subpackages of their own.
from .citations.models import CitationCount, CitationHistory  # noqa: E402, F401
from .venues.models import UnmappedVenueText, Venue, VenueAlias, VenueRank  # noqa: E402, F401
