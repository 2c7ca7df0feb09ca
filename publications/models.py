"""Papers, the people who wrote them, and which profiles list them.

One paper is one ``Publication`` row however many profiles on the site list it.
``Authorship`` orders its authors; ``ProfilePublication`` says which profiles list
it, with each profile's own "selected" and "hidden" flags.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify

from profiles.fields import StringListField
from profiles.images import ValidatedImageField
from profiles.models import Profile
from profiles.partial_dates import PartialDate, PartialDateField
from profiles.validators import normalize_orcid

from .normalize import (
    arxiv_base,
    clean_arxiv,
    clean_doi,
    is_valid_arxiv,
    is_valid_doi,
    normalize_title,
)


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


# Undated preprints first (they are the newest work), then by year, date and entry order.
NEWEST_FIRST = (F("year").desc(nulls_first=True), F("date").desc(nulls_last=True), "id")


class PublicationQuerySet(models.QuerySet):
    def listed_on(self, profile):
        """Papers shown on ``profile``'s page (not hidden by that profile)."""
        return self.filter(listings__profile=profile, listings__hidden=False)

    def editable_by(self, user):
        """Editors edit every paper; a researcher edits the papers they are an author of."""
        from profiles.permissions import is_editor

        if is_editor(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(authorships__author__profile__user=user) | Q(listings__profile__user=user)
        ).distinct()

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
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    date = PartialDateField(null=True, blank=True, help_text="More precise than the year.")
    badges = StringListField(help_text="e.g. Oral, Spotlight, Best Paper, CCF-A; one per line.")
    doi = models.CharField(max_length=200, blank=True, verbose_name="DOI", help_text="10.NNNN/…")
    arxiv = models.CharField(max_length=40, blank=True, verbose_name="arXiv id")
    abstract = models.TextField(blank=True, help_text="Markdown.")
    tldr = models.TextField(blank=True, verbose_name="TL;DR", help_text="Markdown, one paragraph.")
    teaser = ValidatedImageField(upload_to=upload_teaser, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="publications")
    bibtex = models.TextField(
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
        return slugify(self.title)[:80].strip("-") or "paper"

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
        if self.date and self.year and self.date.year != self.year:
            errors["date"] = f"The date {self.date} is not in the year {self.year}."
        if errors:
            raise ValidationError(errors)

    @property
    def display_year(self):
        return self.year or ""

    def author_names(self):
        """Names in printed order: from the plain rows of ``publications.selectors`` when
        attached (no model instances for thousands of authors), else from the authorships."""
        rows = getattr(self, "author_rows", None)
        if rows is not None:
            return [row.name for row in rows]
        return [authorship.author.name for authorship in self.authorships.all()]

    def author_marks(self):
        """(equal contribution, corresponding) of each author, in printed order."""
        rows = getattr(self, "author_rows", None)
        if rows is not None:
            return [(row.equal, row.corresponding) for row in rows]
        return [(ship.equal_contribution, ship.corresponding) for ship in self.authorships.all()]


class PublicationLink(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        max_length=60,
        help_text="paper, pdf, arxiv, code, project, video, slides, poster, dataset and doi "
        "get icons; any other label is shown as written.",
    )
    url = models.URLField(max_length=1000)
    order = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.label}: {self.url}"


class Authorship(models.Model):
    """One author at one position on one paper, with the marks printed beside the name."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(default=0, db_index=True)
    equal_contribution = models.BooleanField(default=False)
    corresponding = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
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
        return f"{self.position + 1}. {self.author}"


class ProfilePublication(models.Model):
    """A paper on a profile's page, with that profile's own flags."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="listings")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="listings")
    selected = models.BooleanField(default=False, help_text="Among the selected publications.")
    hidden = models.BooleanField(default=False, help_text="Not shown on this profile's page.")

    class Meta:
        ordering = ["profile", "publication"]
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


# Models of the publications app kept in subpackages of their own.
from .citations.models import CitationCount, CitationHistory  # noqa: E402, F401
