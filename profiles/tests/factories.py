import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from profiles.models import (
    Award,
    CustomSection,
    Grant,
    NewsItem,
    Position,
    Profile,
    ProfileLink,
    Service,
)


def image_file(name="photo.png", size=(64, 48), color=(200, 80, 40), fmt=None):
    """A real image made with Pillow, as an upload."""
    fmt = (
        fmt
        or {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}[
            name.rsplit(".", 1)[-1].lower()
        ]
    )
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def editors_group():
    """The "Profile editors" group. A migration makes it, but a transactional test flushes
    every table when it ends, so a test after one on the same worker makes it again."""
    from django.contrib.auth.models import Group

    from profiles.permissions import EDITORS_GROUP

    return Group.objects.get_or_create(name=EDITORS_GROUP)[0]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    slug = factory.Sequence(lambda n: f"researcher-{n}")
    name = factory.Sequence(lambda n: f"Researcher {n}")
    headline = "Ph.D. student"
    affiliation = "Example University"


class ProfileLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileLink

    profile = factory.SubFactory(ProfileFactory)
    kind = "github"
    url = "https://github.com/example"


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    profile = factory.SubFactory(ProfileFactory)
    date = "2025-06"
    text = "A paper is accepted to **CVPR**."


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    profile = factory.SubFactory(ProfileFactory)
    kind = Position.Kind.EDUCATION
    organization = "Example University"
    role = "Ph.D. in Computer Science"
    start = "2021-09"


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    profile = factory.SubFactory(ProfileFactory)
    title = "Outstanding Student"
    years = factory.LazyFunction(lambda: [2022])


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    profile = factory.SubFactory(ProfileFactory)
    venue = "CVPR"
    years = factory.LazyFunction(lambda: [2024, 2025])


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    profile = factory.SubFactory(ProfileFactory)
    title = "Young Scientists Fund"
    role = "PI"
    start = "2024"


class CustomSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomSection

    profile = factory.SubFactory(ProfileFactory)
    title = factory.Sequence(lambda n: f"Teaching {n}")
    body = "Teaching assistant for *Computer Vision*."
