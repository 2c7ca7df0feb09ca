from django.db import migrations, models

from profiles.migration_operations import OnPostgreSQL


def fill_search_text(apps, schema_editor):
    from profiles.models import search_text_of

    Profile = apps.get_model("profiles", "Profile")
    for profile in Profile.objects.all().iterator():
        profile.search_text = search_text_of(profile)
        profile.save(update_fields=["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("profiles", "0010_job_kind_orcid_works"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="profile",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["name", "id"],
                name="profile_directory",
            ),
        ),
        # The directory's substring search (LIKE '%…%') through trigrams. pg_trgm is a
        # trusted extension: the database's owner may create it without superuser rights.
        OnPostgreSQL(
            [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX profile_search_trgm ON profiles_profile "
                "USING gin (search_text gin_trgm_ops)",
            ],
            ["DROP INDEX profile_search_trgm"],
        ),
    ]
