"""A profile's news as an Atom feed (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .markdown import render_markdown
from .selectors import visible_profile


def _published(partial_date):
    """News dates are partial (``2025-06``): the feed gets the first day they denote."""
    return datetime.datetime(
        partial_date.year, partial_date.month or 1, partial_date.day or 1, tzinfo=datetime.UTC
    )


class ProfileAtomFeed(Atom1Feed):
    """Atom whose <updated> never falls back to "now": a feed without news says when
    the profile last changed, so two exports of the same data are byte-identical."""

    def latest_post_date(self):
        if any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return super().latest_post_date()
        return self.feed["profile_updated"]


class NewsFeed(Feed):
    feed_type = ProfileAtomFeed

    def get_object(self, request, slug):
        return visible_profile(request, slug)

    def feed_extra_kwargs(self, profile):
        return {"profile_updated": profile.updated_at}

    def title(self, profile):
        return f"{profile.name}: news"

    def link(self, profile):
        return profile.get_absolute_url()

    def subtitle(self, profile):
        return profile.headline or None

    def author_name(self, profile):
        return profile.name

    def items(self, profile):
        return profile.news.published()

    def item_title(self, item):
        text = " ".join(strip_tags(render_markdown(item.text)).split())
        return f"{item.date.display()}: {Truncator(text).chars(90)}"

    def item_description(self, item):
        return render_markdown(item.text)

    def item_link(self, item):
        return f"{item.profile.get_absolute_url()}#news-{item.pk}"

    def item_pubdate(self, item):
        return _published(item.date)

    def item_updateddate(self, item):
        return _published(item.date)
