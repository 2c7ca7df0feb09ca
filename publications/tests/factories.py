import factory

from profiles.tests.factories import ProfileFactory
from publications.models import Author, Authorship, Publication, PublicationLink, Tag
from publications.printed_names import PrintedName
from publications.services import set_author_order


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"topic-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"A Study of Things, Part {n}")
    type = Publication.Type.CONFERENCE
    venue = "CVPR"
    year = 2024


class PublicationLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationLink

    publication = factory.SubFactory(PublicationFactory)
    label = "code"
    url = "https://github.com/example/code"


def author_for(profile):
    """The author row that stands for ``profile`` on papers (created on first use)."""
    author = profile.authors.order_by("id").first()
    return author or Author.objects.create(name=profile.name, profile=profile)


def make_publication(*, authors, **fields):
    """A publication with ``authors`` in order.

    ``authors`` items are names, Author or Profile instances, or dicts
    ``{"author": ..., "equal": bool, "corresponding": bool, "joint_last": bool,
    "printed": "the name as printed on this paper"}``.
    """
    publication = PublicationFactory(**fields)
    authorships = []
    for item in authors:
        spec = item if isinstance(item, dict) else {"author": item}
        author = spec["author"]
        if isinstance(author, str):
            author = Author.objects.create(name=author)
        elif hasattr(author, "slug"):
            author = author_for(author)
        authorship = Authorship(
            author=author,
            equal_contribution=spec.get("equal", False),
            corresponding=spec.get("corresponding", False),
            joint_last=spec.get("joint_last", False),
        )
        if "printed" in spec:
            authorship.set_printed(PrintedName.parse(spec["printed"]))
        authorships.append(authorship)
    set_author_order(publication=publication, authorships=authorships)
    return publication


__all__ = ["ProfileFactory", "author_for", "make_publication"]
