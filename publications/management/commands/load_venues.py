"""``manage.py load_venues [PATH]``: load the venue registry, then link the papers it knows."""

from django.core.management.base import BaseCommand, CommandError

from publications.venues.data import REGISTRY_FILE, RegistryFileError, load_registry
from publications.venues.services import map_unmapped


class Command(BaseCommand):
    help = (
        "Load the venue registry (publications/data/venues.yaml, or PATH): venues, aliases "
        "and ranks, added or updated. Idempotent. Then links every paper whose venue text "
        "the registry now knows."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(REGISTRY_FILE))

    def handle(self, *args, path, **options):
        try:
            report = load_registry(path)
        except RegistryFileError as error:
            raise CommandError(str(error)) from None
        linked = map_unmapped()
        self.stdout.write(
            f"Venues: {report.venues_added} added, {report.venues_updated} updated; "
            f"{report.aliases_added} aliases added; {report.ranks_written} ranks written; "
            f"{linked} papers linked to their venue."
        )
        for conflict in report.conflicts:
            self.stdout.write(f"  alias {conflict}")
