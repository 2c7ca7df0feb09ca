from django.core.management.base import BaseCommand, CommandError

from profiles.site_import.services import apply_site_import, preview_site_import
from profiles.site_import.source import SiteImportError


class Command(BaseCommand):
    help = (
        "Import an academicpages, al-folio or Hugo Blox homepage (a folder or a .zip of its "
        "repository) onto the profile SLUG, created when new. Atomic; running it again on "
        "the same repository changes nothing, on a newer copy adds what is new."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the profile to import onto (created when new)")
        parser.add_argument("path", help="the site's repository: a folder or a .zip")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported; write nothing"
        )

    def handle(self, *args, slug, path, dry_run, **options):
        run = preview_site_import if dry_run else apply_site_import
        try:
            plan = run(slug=slug, path=path)
        except SiteImportError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{error.filename or path}: {error.strerror or error}") from None
        reading = plan.reading
        for note in reading.notes:
            self.stdout.write(f"  {note.path}: {note.outcome}: {note.detail}")
        for referenced_by, image in reading.missing_images:
            self.stderr.write(
                self.style.WARNING(f"missing image {image} (named by {referenced_by})")
            )
        for warning in reading.warnings + plan.kept:
            self.stderr.write(self.style.WARNING(warning))
        for bib, result in plan.bibtex:
            for row in result.rows:
                if row.status not in ("new", "merged"):
                    self.stderr.write(
                        self.style.WARNING(
                            f"{bib.path}: {row.key}: {row.status_label}: {row.reason}"
                        )
                    )
        verb = "Would import" if dry_run else "Imported"
        target = "a new profile" if plan.creates_profile else "the profile"
        self.stdout.write(self.style.SUCCESS(f"{verb} onto {target} {slug}: {plan.summary()}"))
