"""Who may edit what: one place, used by the admin, views and commands."""

EDITORS_GROUP = "Profile editors"


def is_editor(user):
    """Superusers and members of the "Profile editors" group edit every profile."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(group.name == EDITORS_GROUP for group in user.groups.all())


def can_edit_profile(user, profile):
    return is_editor(user) or (
        user.is_authenticated and profile is not None and profile.user_id == user.pk
    )
