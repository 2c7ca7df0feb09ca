import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from profiles.models import Profile


class Command(BaseCommand):
    help = (
        "Export a profile: --format bundle writes a profile bundle (folder, or .zip when "
        "--out ends in .zip); --format html writes the public page as a static website."
    )

    # The system checks are `manage.py check`'s job: run before every export they were a
    # tenth of its start-up (bench/README.md, export_vs_hugo.py).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the profile's slug")
        parser.add_argument("--format", choices=["bundle", "html"], default="bundle")
        parser.add_argument("--out", required=True, help="folder or .zip to write")
        parser.add_argument(
            "--single-file", action="store_true", help="html: one self-contained .html file"
        )
        parser.add_argument(
            "--include-draft",
            action="store_true",
            help="html: export an unpublished profile too (bundles always include drafts)",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="html: how many processes render the pages (default: one per CPU core)",
        )
        parser.add_argument(
            "--force", action="store_true", help="replace an existing export at --out"
        )
        parser.add_argument("--base-url", default="", help="html: the site's public address")

    def handle(self, *args, slug, out, **options):
        profile = Profile.objects.filter(slug=slug).first()
        if profile is None:
            raise CommandError(f"No profile with slug {slug!r}.")
        out = Path(out)
        if options["format"] == "html":
            self._export_html(profile, out, options)
            return
        # Imported here, as the HTML exporter below: each format loads only its own code.
        from profiles.bundles.exporter import BundleExportError, write_bundle

        try:
            write_bundle(profile, out, force=options["force"])
        except (BundleExportError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Wrote the bundle of {slug} to {out}"))

    def _export_html(self, profile, out, options):
        # Imported here: the static-site exporter is optional for bundle exports.
        from profiles.export.errors import ExportError
        from profiles.export.html import export_profile_html
        from profiles.export.workers import usable_processes

        if not profile.is_published and not options["include_draft"]:
            raise CommandError(
                f"{profile.slug} is not published; add --include-draft to export it anyway."
            )
        processes = usable_processes(options["processes"])
        if options["verbosity"] >= 2:
            self.stdout.write(f"Rendering with {processes} process{'es' if processes > 1 else ''}.")
        try:
            export_profile_html(
                profile=profile,
                out=out,
                single_file=options["single_file"],
                base_url=options["base_url"],
                force=options["force"],
                include_draft=options["include_draft"],
                processes=processes,
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Wrote the website of {profile.slug} to {out}"))
