"""A name typed into a paper's author row, matched to the people the site knows.

Typing one's own name must not make a second "Zeqing Wang" beside the one linked to the
profile (the name would not be highlighted on the paper): a name that matches the owner's
name, native name or an alias links to the owner. A name that belongs to someone else's
page is not silently duplicated either: the row asks to choose that person in the list.
"""

from dataclasses import dataclass

from django.utils.html import format_html

from .models import Author
from .normalize import normalize_name


def profile_author(profile):
    """The author row that stands for ``profile`` on papers, or None before its first."""
    return profile.authors.order_by("id").first()


def author_label(author):
    """How the author list names a person: whose page they are, so that two people of
    one name (or a typed duplicate) can be told apart."""
    if author.profile_id is None:
        return f"{author.name} (no page here)"
    return f"{author.name} — {author.profile.name}'s page (/{author.profile.slug}/)"


def name_matches(name, profile):
    """Whether ``name`` is one of ``profile``'s names, ignoring case, accents, punctuation."""
    key = normalize_name(name)
    return bool(key) and key in {normalize_name(known) for known in profile.all_names}


@dataclass(frozen=True)
class TypedAuthor:
    """What a typed name resolves to: an existing ``author``, or a new one to create,
    linked to ``profile`` when the name is an owner's."""

    author: Author | None = None
    profile: object = None
    # Someone else's page bears this name: they are chosen in the list, not typed.
    taken_by: Author | None = None


def resolve_typed_author(name, *, owners=()):
    """The person a typed ``name`` means, given the profiles it may be the owner of."""
    for profile in owners:
        if name_matches(name, profile):
            return TypedAuthor(author=profile_author(profile), profile=profile)
    unlinked = Author.objects.filter(name=name, profile__isnull=True).order_by("id").first()
    if unlinked is not None:
        return TypedAuthor(author=unlinked)
    linked = (
        Author.objects.filter(name__iexact=name, profile__isnull=False)
        .exclude(profile__in=[profile.pk for profile in owners])
        .select_related("profile")
        .order_by("id")
        .first()
    )
    return TypedAuthor(taken_by=linked)


def taken_message(author):
    return format_html(
        "{} has a page here ({}): choose “{}” in the author list instead of typing the "
        "name, so that the paper is linked to them.",
        author.name,
        f"/{author.profile.slug}/",
        author_label(author),
    )
