"""``manage.py export_site --out PATH``: every published profile as one static site."""

import os

from django.core.management.base import BaseCommand, CommandError

from profiles.export.errors import ExportError
from profiles.export.progress import Progress
from profiles.export.site import export_site
from profiles.export.workers import usable_processes


class Command(BaseCommand):
    help = (
        "Writes every published profile and the directory page as one static website "
        "(a folder, or a .zip when PATH ends in .zip)."
    )

    # The system checks are `manage.py check`'s job: run before every export they were a
    # tenth of its start-up (bench/README.md, export_vs_hugo.py).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Folder or .zip file to write.")
        parser.add_argument(
            "--base-url",
            help="Where the site will be served, e.g. https://lab.example.org/people/; "
            "used for canonical URLs, OpenGraph tags, the feed and sitemap.xml.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="How many processes render the pages (default: one per CPU core).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Write into a non-empty folder or replace a zip."
        )

    def handle(self, *args, **options):
        progress = None
        if options["verbosity"]:
            # The bar goes to stderr, so that stdout stays the one summary line.
            progress = Progress(
                lambda text: self.stderr.write(text, ending=""), terminal=self.stderr.isatty()
            )
        processes = usable_processes(options["processes"])
        if options["verbosity"] >= 2:
            self.stdout.write(f"Rendering with {processes} process{'es' if processes > 1 else ''}.")
        try:
            pages = export_site(
                out=options["out"],
                base_url=options["base_url"],
                force=options["force"],
                progress=progress,
                processes=processes,
            )
        except ExportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Exported {pages} pages to {options['out']}.")
