from django.urls import path, re_path

from publications.bibtex import views as bibtex_views

from . import sitemaps, views
from .cache import cached_page

app_name = "profiles"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path(
        "sitemap.xml",
        cached_page(lambda: [sitemaps.INDEX_VERSION_KEY])(sitemaps.index),
        name="sitemap",
    ),
    re_path(
        r"^sitemap-(?P<kind>profiles|papers)-(?P<number>[1-9][0-9]{0,5})\.xml$",
        cached_page(lambda kind, number: [sitemaps.section_version_key(kind, int(number))])(
            sitemaps.section
        ),
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("<slug:slug>/", views.ProfileDetailView.as_view(), name="detail"),
    path(
        "<slug:slug>/publications/",
        views.ProfilePublicationsView.as_view(),
        name="publications",
    ),
    path("<slug:slug>/feed.atom", views.news_feed, name="feed"),
    path("<slug:slug>/theme.css", views.profile_theme, name="theme"),
    path("<slug:slug>/publications.bib", bibtex_views.profile_bibtex, name="bibtex"),
    path("<slug:slug>/publications.json", bibtex_views.profile_csl_json, name="csl_json"),
]
