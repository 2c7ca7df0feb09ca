from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from profiles.models import Profile
from publications.bibtex.importer import apply_import, preview_import
from publications.bibtex.parse import MAX_BYTES, BibtexInputError, decode_upload


class Command(BaseCommand):
    help = (
        "Import publications from a .bib file onto a profile. Atomic; --dry-run prints "
        "what would change and writes nothing. al-folio `preview` images are looked up "
        "next to the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the profile's slug")
        parser.add_argument("path", help="the .bib file")
        parser.add_argument(
            "--dry-run", action="store_true", help="show the preview only; write nothing"
        )

    def handle(self, *args, slug, path, dry_run, **options):
        profile = Profile.objects.filter(slug=slug).first()
        if profile is None:
            raise CommandError(f"No profile with the slug “{slug}”.")
        path = Path(path)
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{path} is {path.stat().st_size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB."
            )
        run = preview_import if dry_run else apply_import
        try:
            text = decode_upload(path.read_bytes(), filename=path.name)
            plan = run(profile, text, filename=path.name, files_dir=path.parent)
        except BibtexInputError as error:
            raise CommandError(str(error)) from None
        for row in plan.rows:
            flags = "".join(f"\n      ! {flag}" for flag in row.flags)
            flags += "".join(f"\n      → {note}" for note in row.claim_notes)
            self.stdout.write(
                f"line {row.line} {row.key or '?'}: {row.status} — {row.reason}"
                f"{' — ' + row.title[:70] if row.title else ''}{flags}"
            )
        prefix = "Dry run, nothing written. " if dry_run else "Imported. "
        self.stdout.write(self.style.SUCCESS(prefix + plan.summary()))
