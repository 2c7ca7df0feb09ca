"""Public pages of a researcher: the directory, the profile, its publication list, its theme."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.generic import ListView, TemplateView

from publications.metadata import scholarly_article
from publications.models import Publication
from publications.presentation import (
    AuthorListContext,
    Group,
    PaperUrls,
    group_entries,
    present,
)
from publications.selectors import facets, filter_publications, listed_publications, load

from . import presentation
from .cache import SITE, CachedPageMixin, cached_page, profile_version_key
from .feeds import NewsFeed
from .imagespecs import thumbnail
from .markdown import render_markdown
from .selectors import load_page_sections, search_directory, visible_profile
from .structured_data import json_ld, profile_page
from .theme import theme_css


class DirectoryView(CachedPageMixin, ListView):
    template_name = "profiles/directory.html"
    context_object_name = "profiles"
    paginate_by = 24

    def page_version_keys(self):
        return [SITE]

    def get_queryset(self):
        return search_directory(self.request.GET.get("q", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "").strip()
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
            "description": profile_description(profile),
        }


def profile_description(profile):
    """One line for <meta name="description">: headline, affiliation, then the bio."""
    lead = ", ".join(part for part in (profile.headline, profile.affiliation) if part)
    bio = strip_tags(render_markdown(profile.bio)).strip()
    text = f"{profile.name}{f' — {lead}' if lead else ''}. {bio}".strip()
    return Truncator(" ".join(text.split())).chars(200)


@dataclass
class Section:
    """One section of the profile page, rendered by ``templates/profiles/sections/_<kind>.html``."""

    kind: str
    anchor: str
    title: str
    data: object = None

    @property
    def template(self):
        return f"profiles/sections/_{self.kind}.html"


SECTION_TITLES = {
    "about": "About",
    "news": "News",
    "publications": "Publications",
    "positions": "Education & experience",
    "awards": "Honors & awards",
    "services": "Service",
    "grants": "Grants & funding",
}


def page_sections(profile, publications):
    """Sections in the profile's ``section_order``; absent or empty ones are left out."""
    custom = {}
    if any(name not in SECTION_TITLES for name in profile.section_order):
        custom = {section.title.casefold(): section for section in profile.sections.all()}
    sections = []
    for name in profile.section_order:
        if name == "about":
            if profile.bio or profile.interests:
                sections.append(Section("about", "about", "About"))
        elif name == "publications":
            if publications["count"]:
                title = "Selected publications" if publications["selected_only"] else None
                sections.append(
                    Section("publications", "publications", title or "Publications", publications)
                )
        elif name == "news":
            shown, folded = presentation.split_news(profile.news.all(), profile.news_limit)
            if shown:
                sections.append(Section("news", "news", "News", {"shown": shown, "more": folded}))
        elif name == "positions":
            groups = presentation.position_groups(profile.positions.all())
            if groups:
                sections.append(Section("positions", "positions", SECTION_TITLES[name], groups))
        elif name == "services":
            groups = presentation.service_groups(profile.services.all())
            if groups:
                sections.append(Section("services", "services", "Service", groups))
        elif name in ("awards", "grants"):
            items = list(getattr(profile, name).all())
            if items:
                sections.append(Section(name, name, SECTION_TITLES[name], items))
        elif name.casefold() in custom:
            section = custom[name.casefold()]
            sections.append(Section("custom", section.anchor, section.title, section))
    return sections


class ProfileDetailView(ProfilePageMixin, TemplateView):
    template_name = "profiles/profile_detail.html"

    def get_context_data(self, **kwargs):
        profile = load_page_sections(self.get_profile())
        context = super().get_context_data(**kwargs) | self.profile_context(profile)
        papers = load(listed_publications(profile))
        selected = [paper for paper in papers if paper.is_selected]
        authors = AuthorListContext(owner=profile)
        entries = present(selected or papers, authors)
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
        }
        url = self.request.build_absolute_uri(profile.get_absolute_url())
        context["sections"] = page_sections(profile, publications)
        context["publications"] = publications
        context["has_news"] = any(section.kind == "news" for section in context["sections"])
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

    def filters(self):
        params = self.request.GET
        year = params.get("year", "")
        kind = params.get("type", "")
        return {
            "year": int(year) if year.isdigit() else None,
            "type": kind if kind in Publication.Type.values else "",
            "tag": params.get("tag", "").strip(),
            "text": params.get("q", "").strip()[:200],
        }

    def get_context_data(self, **kwargs):
        profile = self.get_profile()
        context = super().get_context_data(**kwargs) | self.profile_context(profile)
        filters = self.filters()
        papers = load(filter_publications(listed_publications(profile), **filters))
        authors = AuthorListContext(owner=profile)
        entries = present(papers, authors)
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
