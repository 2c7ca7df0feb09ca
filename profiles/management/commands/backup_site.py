from django.core.management.base import BaseCommand, CommandError

from profiles.backup import BackupError, backup_site


class Command(BaseCommand):
    help = (
        "Back up the whole site into a new folder: every profile as a bundle, and a "
        "manifest of accounts, groups, owners, published flags, hidden papers and paper ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="a new (or empty) folder")

    def handle(self, *args, out, **options):
        try:
            count = backup_site(out)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{error.filename or out}: {error.strerror or error}") from None
        self.stdout.write(self.style.SUCCESS(f"Backed up {count} profiles to {out}."))
