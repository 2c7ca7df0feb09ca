"""Uploads an export needs, checked up front: a lost file is reported by name.

The live pages leave out an image whose file is missing or broken (one lost file must
not take a page down), so the export would silently lack it; this names it instead.
"""

from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from profiles.models import Position, Profile, ProfileLink
from publications.models import ProfilePublication, Publication

from .assets import describe_error


def _upload_names(profiles):
    """Image and file names of ``profiles`` (a queryset) and of the papers they list."""
    images = set(profiles.exclude(photo="").values_list("photo", flat=True))
    images |= set(
        Position.objects.filter(profile__in=profiles)
        .exclude(logo="")
        .values_list("logo", flat=True)
    )
    images |= set(
        Publication.objects.filter(
            listings__profile__in=profiles,
            listings__hidden=False,
            listings__status=ProfilePublication.Status.ACCEPTED,
        )
        .exclude(teaser="")
        .values_list("teaser", flat=True)
    )
    files = set(
        ProfileLink.objects.filter(profile__in=profiles)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    return sorted(images), sorted(files - images)


def unreadable_uploads(profiles):
    """``["media/photos/a.png (missing)", …]`` for the uploads of ``profiles`` that fail."""
    images, files = _upload_names(profiles)
    problems = []
    for name in images + files:
        try:
            with default_storage.open(name, "rb") as file:
                if name in images:
                    with Image.open(file) as image:
                        image.verify()
                else:
                    file.read(1)
        except OSError as error:
            problems.append(f"media/{name} ({describe_error(error)})")
        except (UnidentifiedImageError, SyntaxError, ValueError):
            problems.append(f"media/{name} (not a readable image)")
    return problems


def profile_queryset(profile):
    return Profile.objects.filter(pk=profile.pk)
