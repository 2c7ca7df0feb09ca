from django.core.management.base import BaseCommand, CommandError

from profiles.bundles.importer import import_bundle
from profiles.bundles.schema import BundleError


class Command(BaseCommand):
    help = (
        "Import a profile bundle (folder, .zip, profile.yaml or profile.json). Atomic: on any "
        "error nothing is written. Without --replace an existing slug is an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="bundle folder, .zip, profile.yaml or profile.json")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the content of an existing profile with this slug",
        )

    def handle(self, *args, path, replace, **options):
        try:
            result = import_bundle(path, replace=replace)
        except BundleError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{error.filename or path}: {error.strerror or error}") from None
        for note in result.notes:
            self.stderr.write(self.style.WARNING(note))
        verb = "Replaced" if result.replaced else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.profile.slug}: {result.created} publications of its own, "
                f"{result.merged} merged into co-authors' papers."
            )
        )
