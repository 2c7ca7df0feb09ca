"""The public page of one paper."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from profiles import query_params
from profiles.cache import CachedPageMixin, paper_version_key
from profiles.markdown import render_markdown
from profiles.models import Profile

from .bibtex.export import bibtex_for_publication
from .citations.selectors import counts_for_paper_page
from .metadata import citation_meta
from .models import Publication
from .presentation import AuthorListContext, ProfileUrls, PublicationEntry
from .selectors import is_public, publication_for_page
from .venues.selectors import attach_rank_badges, shown_systems


def visible_to(request, pk):
    """Papers listed on a published profile are public; others only for their editors."""
    if is_public(pk):
        return True
    return Publication.objects.editable_by(request.user).filter(pk=pk).exists()


def highlighted_owner(publication, slug):
    """``?from=<slug>``: the author whose page the visitor came from, shown as on that page.

    Only a published profile among the paper's authors qualifies; anything else means no
    highlight. The canonical URL has no query string, so search engines see one page.
    """
    if not slug:
        return None
    for row in publication.author_rows:
        if row.profile_slug == slug and row.profile_published:
            return Profile.objects.get(pk=row.profile_id)
    return None


def author_pages(publication):
    """(name, url) of each author with a published page here, in printed order."""
    urls = ProfileUrls()
    return [(row.name, urls(row)) for row in publication.author_rows if row.profile_published]


class PublicationDetailView(CachedPageMixin, TemplateView):
    template_name = "publications/publication_detail.html"

    def page_version_keys(self):
        return [paper_version_key(self.kwargs["pk"])]

    def parse_query(self, query):
        return query_params.paper(query)

    def get(self, request, *args, **kwargs):
        if not visible_to(request, kwargs["pk"]):
            raise Http404("No such publication.")
        try:
            self.publication = publication_for_page(kwargs["pk"])
        except Publication.DoesNotExist:
            raise Http404("No such publication.") from None
        if kwargs["slug"] != self.publication.slug:
            # ?from=<slug> (whose owner is highlighted) goes along.
            query = query_params.canonical(self.parse_query(request.GET))
            url = self.publication.get_absolute_url()
            return redirect(f"{url}?{query}" if query else url, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        publication = self.publication
        owner = highlighted_owner(publication, self.parse_query(self.request.GET)["from"])
        authors = AuthorListContext(owner=owner, link_owner=True)
        attach_rank_badges([publication], shown_systems(owner))
        entry = PublicationEntry(
            publication, authors.render(publication), url=publication.get_absolute_url()
        )
        return super().get_context_data(**kwargs) | {
            "entry": entry,
            "publication": publication,
            "owner": owner,
            "legend": authors.legend(),
            "citation_meta": citation_meta(publication),
            # Back to the pages of the authors who have one here (no query: the rows
            # carry each author's profile).
            "author_pages": author_pages(publication),
            "bibtex": bibtex_for_publication(publication),
            "abstract_html": render_markdown(publication.abstract),
            "citation_counts": counts_for_paper_page(publication.pk),
            "canonical_url": self.request.build_absolute_uri(publication.get_absolute_url()),
        }
