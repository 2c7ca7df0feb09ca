from django.contrib.sitemaps.views import sitemap
from django.urls import path

from publications.bibtex import views as bibtex_views

from . import query_params, views
from .cache import SITE, cached_page
from .sitemaps import SITEMAPS

app_name = "profiles"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path(
        "sitemap.xml",
        cached_page(lambda **kwargs: [SITE], query_params.sitemap)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
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
