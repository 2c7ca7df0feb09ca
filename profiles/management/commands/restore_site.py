from django.core.management.base import BaseCommand, CommandError

from profiles.backup import BackupError, restore_site
from profiles.bundles.schema import BundleError


class Command(BaseCommand):
    help = (
        "Restore a backup_site folder onto an empty site (migrated, no profiles, papers or "
        "accounts). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the folder backup_site wrote")

    def handle(self, *args, path, **options):
        try:
            count = restore_site(path)
        except (BackupError, BundleError) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{error.filename or path}: {error.strerror or error}") from None
        self.stdout.write(self.style.SUCCESS(f"Restored {count} profiles from {path}."))
