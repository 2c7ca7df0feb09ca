"""Sitemap sections: the directory, every published profile, its list, and their papers."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from publications.models import Publication
from publications.selectors import publicly_listed

from .models import Profile


class DirectorySitemap(Sitemap):
    priority = 0.5

    def items(self):
        return ["profiles:directory"]

    def location(self, item):
        return reverse(item)


class ProfileSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return Profile.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, profile):
        return profile.updated_at


class PublicationListSitemap(ProfileSitemap):
    priority = 0.6

    def location(self, profile):
        return reverse("profiles:publications", kwargs={"slug": profile.slug})


class PaperSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return (
            publicly_listed(Publication.objects.all())
            .distinct()
            .order_by("pk")
            .only("pk", "title", "updated_at")
        )

    def lastmod(self, publication):
        return publication.updated_at


SITEMAPS = {
    "site": DirectorySitemap,
    "profiles": ProfileSitemap,
    "publication-lists": PublicationListSitemap,
    "papers": PaperSitemap,
}
