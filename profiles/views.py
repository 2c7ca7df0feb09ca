"""Public pages of a researcher: the directory, the profile, its publication list, its theme."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from publications.citations.chart import year_chart
from publications.citations.selectors import attach_citations
from publications.metadata import scholarly_article
from publications.presentation import (
    AuthorListContext,
    Display,
    Group,
    PaperUrls,
    group_entries,
    present,
)
from publications.selectors import (
    attach_tag_slugs,
    attach_tags,
    facets,
    filter_publications,
    listed_publications,
    load,
)

from . import presentation, query_params
from .cache import SITE, CachedPageMixin, cached_page, profile_version_key
from .feeds import NewsFeed
from .imagespecs import thumbnail
from .selectors import load_page_sections, search_directory, visible_profile
from .structured_data import json_ld, profile_page
from .theme import theme_css


class DirectoryView(CachedPageMixin, ListView):
    template_name = "profiles/directory.html"
    context_object_name = "profiles"
    paginate_by = 24

    def page_version_keys(self):
        return [SITE]

    def parse_query(self, query):
        return query_params.directory(query)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.params = self.parse_query(request.GET)
        # ListView reads the page number from its kwargs before the query string.
        self.kwargs["page"] = self.params["page"]

    def get_queryset(self):
        return search_directory(self.params["q"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.params["q"]
        context["canonical_url"] = self.request.build_absolute_uri(reverse("profiles:directory"))
        return context


class ProfilePageMixin(CachedPageMixin):
    """Finds the visible profile and gives every profile page its header context."""

    def page_version_keys(self):
        return [profile_version_key(self.kwargs["slug"])]

    def get_profile(self):
        return visible_profile(self.request, self.kwargs["slug"])

    def profile_context(self, profile):
        photo = thumbnail(profile.photo, "photo")
        return {
            "profile": profile,
            "photo": photo,
            "og_image": self.request.build_absolute_uri(photo.url_2x) if photo else "",
            "header_links": presentation.header_links(profile),
            "description": presentation.profile_description(profile),
        }


class ProfileDetailView(ProfilePageMixin, TemplateView):
    template_name = "profiles/profile_detail.html"

    def get_context_data(self, **kwargs):
        profile = load_page_sections(self.get_profile())
        context = super().get_context_data(**kwargs) | self.profile_context(profile)
        papers = load(listed_publications(profile))
        # One query more when the owner shows citations, for every paper at once.
        citations = attach_citations(papers) if profile.show_citations else None
        selected = [paper for paper in papers if paper.is_selected]
        display = Display.of(profile)
        if display.topics:
            attach_tags(papers)  # one query more, for every paper at once
        authors = AuthorListContext(owner=profile)
        entries = present(selected or papers, authors, display)
        groups = (
            [Group("", entries)]
            if selected
            else group_entries(entries, profile.group_publications_by)
        )
        publications = {
            "groups": groups,
            "count": len(papers),
            "selected_only": bool(selected),
            "legend": authors.legend(),
            "style": profile.publication_style,
            "citations": citations,
            "chart": year_chart(citations.by_year) if citations else None,
        }
        url = self.request.build_absolute_uri(profile.get_absolute_url())
        context["sections"] = presentation.page_sections(profile, publications)
        context["publications"] = publications
        context["has_news"] = any(
            part.kind == "news" for section in context["sections"] for part in section.parts
        )
        if profile.show_last_updated:
            context["last_updated"] = presentation.last_updated(profile, papers)
        context["json_ld_person"] = json_ld(
            profile_page(profile, url=url, image_url=context["og_image"])
        )
        site = self.request.build_absolute_uri("/").removesuffix("/")
        paper_url = PaperUrls()
        context["json_ld_articles"] = json_ld(
            [scholarly_article(paper, site + paper_url(paper)) for paper in papers]
        )
        context["canonical_url"] = url
        return context


class ProfilePublicationsView(ProfilePageMixin, TemplateView):
    """Every paper on the profile, grouped, with filters in the query string (no JavaScript)."""

    template_name = "profiles/publication_list.html"

    def parse_query(self, query):
        return query_params.publication_list(query)

    def filters(self):
        params = self.parse_query(self.request.GET)
        return {
            "year": params["year"],
            "type": params["type"],
            "tag": params["tag"],
            "text": params["q"],
        }

    def get_context_data(self, **kwargs):
        profile = self.get_profile()
        context = super().get_context_data(**kwargs) | self.profile_context(profile)
        filters = self.filters()
        papers = load(filter_publications(listed_publications(profile), **filters))
        # The list's articles carry their topics, for filtering within a static copy.
        attach_tag_slugs(papers)
        if profile.show_citations:
            attach_citations(papers)
        display = Display.of(profile)
        if display.topics:
            attach_tags(papers)
        authors = AuthorListContext(owner=profile)
        entries = present(papers, authors, display)
        context.update(
            groups=group_entries(entries, profile.group_publications_by),
            count=len(entries),
            legend=authors.legend(),
            style=profile.publication_style,
            filters=filters,
            filtering=any(filters.values()),
            facets=facets(profile),
            canonical_url=self.request.build_absolute_uri(
                reverse("profiles:publications", kwargs={"slug": profile.slug})
            ),
        )
        return context


@cached_page(lambda slug: [profile_version_key(slug)])
def profile_theme(request, slug):
    """The profile's accent colour as a tiny stylesheet (the CSP forbids inline styles)."""
    profile = visible_profile(request, slug)
    return HttpResponse(theme_css(profile.accent_color), content_type="text/css; charset=utf-8")


news_feed = cached_page(lambda slug: [profile_version_key(slug)])(NewsFeed())


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("profiles:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /me/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
