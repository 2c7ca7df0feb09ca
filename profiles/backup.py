"""Backup and restore of the whole site: every profile as a bundle, plus a manifest of
what bundles do not carry.

A backup is a folder::

    manifest.json         format, accounts, groups, and per profile: owner, published,
                          the id and hidden flag of each paper, in bundle order, and
                          its claims (publications.claims: status, proposer, dates, hidden)
    profiles/<slug>/      the profile's bundle (profile.yaml and media/)
    venues.yaml           the venue registry as it is on the site (aliases people added,
                          ranks editors changed), in the format of the shipped one

Bundles hold what a page shows; the manifest adds the rest a site needs to give the same
pages and let the same people in: accounts (with their password hashes) and groups, who
owns which profile, which profiles are published, the papers a profile hides (written
into its bundle for the backup, flagged here), the claims waiting or declined (bundles
hold accepted papers only), every paper's id (its URL) and the stored
name of every upload (its thumbnails' URLs).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction

from publications import claims
from publications.models import Authorship, ProfilePublication, Publication
from publications.selectors import listed_publications
from publications.services import link_author_row, resolve_author
from publications.venues.data import dump_registry, load_registry

from . import cache
from .bundles.exporter import write_bundle
from .bundles.importer import import_bundle
from .models import Profile

FORMAT = "site-backup/1"
MANIFEST = "manifest.json"
VENUES = "venues.yaml"
USER_FIELDS = [
    "username", "email", "first_name", "last_name", "password", "is_staff", "is_superuser",
    "is_active",
]  # fmt: skip


class BackupError(Exception):
    """A backup that cannot be written or read; the message names the file or item."""


def _permission_names(permissions):
    return sorted(
        f"{app_label}.{codename}"
        for app_label, codename in permissions.values_list("content_type__app_label", "codename")
    )


def _accounts():
    users = get_user_model().objects.order_by("pk").prefetch_related("groups")
    return [
        {
            **{field: getattr(user, field) for field in USER_FIELDS},
            "date_joined": user.date_joined.isoformat(),
            "groups": sorted(group.name for group in user.groups.all()),
            "permissions": _permission_names(user.user_permissions),
        }
        for user in users
    ]


def _groups():
    return [
        {"name": group.name, "permissions": _permission_names(group.permissions)}
        for group in Group.objects.order_by("name")
    ]


def _uploads(profile):
    """{key: stored name} of the profile's uploads and its papers' teasers; keys name the
    object as a restore finds it again (slug, place in the list, paper id)."""
    found = {f"photo:{profile.slug}": profile.photo.name}
    for index, link in enumerate(profile.links.all()):
        found[f"link:{profile.slug}:{index}"] = link.file.name
    for index, position in enumerate(profile.positions.all()):
        found[f"logo:{profile.slug}:{index}"] = position.logo.name
    for paper in Publication.objects.filter(listings__profile=profile).only("pk", "teaser"):
        found[f"teaser:{paper.pk}"] = paper.teaser.name
    return found


def _stored_files(profile):
    """(key, instance, field name) of every upload field of the profile and its papers."""
    yield f"photo:{profile.slug}", profile, "photo"
    for index, link in enumerate(profile.links.all()):
        yield f"link:{profile.slug}:{index}", link, "file"
    for index, position in enumerate(profile.positions.all()):
        yield f"logo:{profile.slug}:{index}", position, "logo"
    for paper in Publication.objects.filter(listings__profile=profile):
        yield f"teaser:{paper.pk}", paper, "teaser"


def _restore_upload_names(profile, names):
    """Uploads back under their old names (the import names them after the bundle's)."""
    for key, instance, field in _stored_files(profile):
        current, original = getattr(instance, field).name, names.get(key)
        if not current or not original or current == original:
            continue
        with default_storage.open(current, "rb") as file:
            saved = default_storage.save(original, file)
        type(instance).objects.filter(pk=instance.pk).update(**{field: saved})
        transaction.on_commit(lambda name=current: default_storage.delete(name))


def _times(created, updated):
    # Pages show them (JSON-LD dateModified, sitemap lastmod): restored as they were.
    return {"created_at": created.isoformat(), "updated_at": updated.isoformat()}


def _write_profile(profile, folder):
    """The profile's bundle with its hidden papers too; [{id, hidden}] in bundle order."""
    with transaction.atomic():
        hidden = set(profile.listings.filter(hidden=True).values_list("publication_id", flat=True))
        # Shown for the length of this transaction only: bundles hold what a page shows.
        profile.listings.filter(hidden=True).update(hidden=False)
        write_bundle(profile, folder)
        # The bundle's order: the page's (newest first, or the profile's by hand).
        order = listed_publications(profile)
        papers = [
            {"id": pk, "hidden": pk in hidden, **_times(created, updated)}
            for pk, created, updated in order.values_list("pk", "created_at", "updated_at")
        ]
        transaction.set_rollback(True)
    return papers


def _claims(profile):
    """The profile's claims, each with the positions of the author rows linked to it (a
    claim not accepted is in no bundle of its own profile to link them again)."""
    rows = (
        claims.claims()
        .filter(profile=profile)
        .order_by("publication_id")
        .values_list(
            "publication_id", "status", "proposed_by__slug", "proposed_at", "decided_at", "hidden"
        )
    )
    positions = {}
    linked = Authorship.objects.filter(
        author__profile=profile, publication__in=[row[0] for row in rows]
    ).order_by("position")
    for pk, position in linked.values_list("publication_id", "position"):
        positions.setdefault(pk, []).append(position)
    return [
        {
            "id": pk,
            "status": status,
            "proposed_by": proposer,
            "proposed_at": proposed.isoformat() if proposed else None,
            "decided_at": decided.isoformat() if decided else None,
            "positions": positions.get(pk, []),
            "hidden": hidden,
        }
        for pk, status, proposer, proposed, decided, hidden in rows
    ]


def _restore_claims(manifest):
    """After every bundle: the papers in a profile's bundle are accepted there, whatever
    order the bundles came in; its claims get their status and proposer back."""
    profiles = {profile.slug: profile for profile in Profile.objects.all()}
    slugs = {slug: profile.pk for slug, profile in profiles.items()}
    for item in manifest["profiles"]:
        profile_id = slugs[item["slug"]]
        for claim in item.get("claims", []):
            rows = Authorship.objects.filter(
                publication_id=claim["id"], position__in=claim.get("positions", [])
            ).select_related("author")
            for row in rows:
                if row.author.profile_id != profile_id:
                    author = resolve_author(name=row.author.name, profile=profiles[item["slug"]])
                    link_author_row(authorship=row, author=author)
        ProfilePublication.objects.filter(
            profile_id=profile_id, publication__in=[paper["id"] for paper in item["publications"]]
        ).update(status=ProfilePublication.Status.ACCEPTED)
        for claim in item.get("claims", []):
            ProfilePublication.objects.update_or_create(
                profile_id=profile_id,
                publication_id=claim["id"],
                defaults={
                    "status": claim["status"],
                    "proposed_by_id": slugs.get(claim["proposed_by"]),
                    "proposed_at": claim["proposed_at"],
                    "decided_at": claim["decided_at"],
                    # Backups written before the flag was recorded: shown.
                    "hidden": claim.get("hidden", False),
                },
            )


def backup_site(out):
    """Write the backup folder ``out`` (new or empty); returns the number of profiles."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} exists and is not an empty folder")
    profiles = []
    with transaction.atomic():  # one consistent view of the site
        for profile in Profile.objects.select_related("user").order_by("pk"):
            folder = f"profiles/{profile.slug}"
            profiles.append(
                {
                    "slug": profile.slug,
                    "bundle": folder,
                    "owner": profile.user.get_username() if profile.user else None,
                    "is_published": profile.is_published,
                    **_times(profile.created_at, profile.updated_at),
                    "publications": _write_profile(profile, out / folder),
                    "claims": _claims(profile),
                    "uploads": {key: name for key, name in _uploads(profile).items() if name},
                }
            )
        manifest = {
            "format": FORMAT,
            "groups": _groups(),
            "accounts": _accounts(),
            "profiles": profiles,
        }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    dump_registry(out / VENUES)
    return len(profiles)


def read_manifest(path):
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path}: no {MANIFEST}; is this a backup_site folder?") from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{path / MANIFEST}: cannot be read ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path / MANIFEST}: not a {FORMAT} manifest")
    return manifest


def _permissions(names, where):
    found = []
    for name in names:
        app_label, _, codename = name.partition(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            raise BackupError(f"{where}: unknown permission {name}")
        found.append(permission)
    return found


def _restore_accounts(manifest):
    for item in manifest.get("groups", []):
        group, _ = Group.objects.get_or_create(name=item["name"])
        group.permissions.set(_permissions(item["permissions"], f"group {item['name']}"))
    users = {}
    for item in manifest.get("accounts", []):
        user = get_user_model()(
            **{field: item[field] for field in USER_FIELDS}, date_joined=item["date_joined"]
        )
        user.save()
        user.groups.set(Group.objects.filter(name__in=item["groups"]))
        user.user_permissions.set(_permissions(item["permissions"], f"account {user}"))
        users[user.get_username()] = user
    return users


def restore_site(path):
    """Restore the backup folder ``path`` onto a site without profiles, papers or accounts.

    All or nothing: any error leaves the database as it was. Returns the number of profiles.
    """
    path = Path(path)
    manifest = read_manifest(path)
    if Profile.objects.exists() or Publication.objects.exists():
        raise BackupError("restore_site needs a site without profiles or papers")
    if get_user_model().objects.exists():
        raise BackupError("restore_site needs a site without accounts")
    with transaction.atomic():
        if (path / VENUES).exists():
            # First: the papers of the bundles find their venues (and ranks) in it.
            load_registry(path / VENUES)
        users = _restore_accounts(manifest)
        for item in manifest["profiles"]:
            papers = item["publications"]
            result = import_bundle(
                path / item["bundle"],
                publication_ids={index: paper["id"] for index, paper in enumerate(papers)},
            )
            profile = result.profile
            profile.user = users.get(item["owner"]) if item["owner"] else None
            profile.is_published = item["is_published"]
            profile.save()
            _restore_upload_names(profile, item.get("uploads", {}))
            Profile.objects.filter(pk=profile.pk).update(
                created_at=item["created_at"], updated_at=item["updated_at"]
            )
            for paper in papers:
                Publication.objects.filter(pk=paper["id"]).update(
                    created_at=paper["created_at"], updated_at=paper["updated_at"]
                )
            hidden = [paper["id"] for paper in papers if paper["hidden"]]
            ProfilePublication.objects.filter(profile=profile, publication__in=hidden).update(
                hidden=True
            )
        _restore_claims(manifest)
        # Papers were given their old ids: the id sequence (PostgreSQL) starts after them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Publication]):
                cursor.execute(sql)
        profiles = Profile.objects.values_list("pk", flat=True)
        cache.bump([cache.SITE])
        from .invalidation import invalidate_profiles

        invalidate_profiles(profiles)
    return len(manifest["profiles"])
