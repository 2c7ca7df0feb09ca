"""Venues as rows: a canonical short and full name, the spellings that mean it, and its
rank in each edition of a ranking list (CCF, CORE).

A paper points at its venue (``Publication.registered_venue``) and keeps its own venue
text; a paper whose venue is not in the registry keeps only the text, and editors see
those texts in the admin (``unmapped_venue_texts``) to map them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from publications.models import Publication

from .matching import venue_key


class Venue(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", "Conference"
        JOURNAL = "journal", "Journal"
        WORKSHOP = "workshop", "Workshop"
        PREPRINT = "preprint", "Preprint server"
        OTHER = "other", "Other"

    short_name = models.CharField(max_length=60, unique=True, help_text="e.g. CVPR")
    full_name = models.CharField(
        max_length=300,
        blank=True,
        help_text="e.g. IEEE/CVF Conference on Computer Vision and Pattern Recognition",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)

    class Meta:
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("admin:publications_venue_change", args=[self.pk])


class VenueAlias(models.Model):
    """A spelling of a venue as papers print it; matched by its normal form (``key``)."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=300, help_text="e.g. NIPS, Proc. AAAI")
    key = models.CharField(max_length=300, unique=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Empty for the aliases shipped with the registry.",
    )

    class Meta:
        ordering = ["venue", "text"]
        verbose_name_plural = "venue aliases"

    def __str__(self):
        return f"{self.text} → {self.venue}"

    def save(self, *args, **kwargs):
        self.key = venue_key(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        self.key = venue_key(self.text)
        if not self.key:
            raise ValidationError({"text": "An alias needs letters or digits besides years."})
        other = VenueAlias.objects.filter(key=self.key).exclude(pk=self.pk).first()
        if other is not None:
            raise ValidationError(
                {"text": f"“{self.text}” already means {other.venue} (alias “{other.text}”)."}
            )


class RankSystem(models.TextChoices):
    CCF = "ccf", "CCF"
    CORE = "core", "CORE"


# How a rank is printed as a badge: CCF-A, CORE A*.
BADGE_FORMATS = {RankSystem.CCF: "CCF-{rank}", RankSystem.CORE: "CORE {rank}"}


class VenueRank(models.Model):
    """A venue's rank in one edition of a list: CCF 2022 "A", CORE 2023 "A*"."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="ranks")
    system = models.CharField(max_length=10, choices=RankSystem.choices)
    edition = models.PositiveSmallIntegerField(help_text="The year of the list's edition.")
    rank = models.CharField(max_length=10, help_text="As the list prints it: A, B, C, A*.")
    source = models.CharField(
        max_length=300, blank=True, help_text="Where this rank was read (the list's address)."
    )

    class Meta:
        ordering = ["venue", "system", "edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "system", "edition"],
                name="venuerank_unique_edition",
                violation_error_message="This venue already has a rank in this edition.",
            )
        ]

    def __str__(self):
        return f"{self.badge} ({self.get_system_display()} {self.edition})"

    @property
    def badge(self):
        return BADGE_FORMATS[self.system].format(rank=self.rank)


class UnmappedVenueText(Publication):
    """Papers' venue texts that the registry does not know: a page of the admin
    (``venues.admin.UnmappedVenueTextAdmin``), no table of its own."""

    class Meta:
        proxy = True
        verbose_name = "unmapped venue text"
