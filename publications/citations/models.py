"""Citation counts per paper and source, and their daily history."""

from django.db import models


class CitationSource(models.TextChoices):
    OPENALEX = "openalex", "OpenAlex"
    SEMANTIC_SCHOLAR = "semantic_scholar", "Semantic Scholar"
    CROSSREF = "crossref", "Crossref"


class CitationCount(models.Model):
    """The latest count one source gave for one paper; a failed refresh keeps it and
    says why in ``error`` (``read_at`` then tells how old the count is)."""

    publication = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="citation_counts"
    )
    source = models.CharField(max_length=20, choices=CitationSource.choices)
    count = models.PositiveIntegerField(null=True, blank=True, help_text="None: never read.")
    by_year = models.JSONField(
        default=dict, blank=True, help_text="Citations per year, where the source gives them."
    )
    read_at = models.DateTimeField(null=True, blank=True, help_text="When the count was read.")
    checked_at = models.DateTimeField(help_text="The last refresh, successful or not.")
    error = models.CharField(max_length=300, blank=True, help_text="Why the last refresh failed.")

    class Meta:
        ordering = ["publication", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "source"], name="citationcount_unique_source"
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.count} for {self.publication_id}"

    @property
    def is_stale(self):
        """The last refresh did not renew this count (the source failed or lost the paper)."""
        return bool(self.error) and self.read_at is not None and self.read_at < self.checked_at

    @property
    def age_at_check(self):
        """Whole days between the count's reading and the failed refresh that kept it."""
        return (self.checked_at.date() - self.read_at.date()).days


class CitationHistory(models.Model):
    """One source's count for one paper on one day: the curve over time."""

    publication = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="citation_history"
    )
    source = models.CharField(max_length=20, choices=CitationSource.choices)
    date = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["publication", "source", "date"]
        verbose_name_plural = "citation history"
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "source", "date"], name="citationhistory_unique_day"
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.date}: {self.count}"
