"""Small template helpers for public pages; the logic lives in profiles.presentation."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from profiles import icons, presentation
from profiles.imagespecs import thumbnail as make_thumbnail
from profiles.markdown import render_markdown, render_markdown_inline

register = template.Library()


@register.simple_tag
def site_name():
    """The site's own name (``SITE_NAME``): the directory's top bar and titles."""
    return settings.SITE_NAME


@register.simple_tag
def icon(name):
    return icons.icon(name)


@register.simple_tag
def thumbnail(field_file, kind):
    """``{% thumbnail profile.photo "photo" as thumb %}``: a Thumbnail or None."""
    return make_thumbnail(field_file, kind)


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def markdown_inline(text):
    return render_markdown_inline(text)


@register.filter
def award_years(years):
    return presentation.award_years(years)


@register.simple_tag
def date_range(start, end, open_ended=True):
    return presentation.date_range(start, end, open_ended=open_ended)


@register.filter
def safe_href(url):
    """The URL when it is safe to link (http, https, mailto, site-relative), else ""."""
    return presentation.safe_url(url)


@register.filter
def join_and(items):
    return presentation.join_and(items)


@register.filter
def people(names):
    """Advisors, collaborators: ``a, b & c``, each name inline Markdown (``[Name](url)``
    links it), sanitised."""
    return mark_safe(presentation.join_and(render_markdown_inline(name) for name in names))
