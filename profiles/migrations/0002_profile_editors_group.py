"""The "Profile editors" group: its members edit every profile (profiles.permissions).

The group needs no model permissions: the admin checks membership itself.
"""

from django.db import migrations

EDITORS_GROUP = "Profile editors"  # profiles.permissions.EDITORS_GROUP, frozen here


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=EDITORS_GROUP)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("profiles", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
