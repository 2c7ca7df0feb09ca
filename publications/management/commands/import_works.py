from django.core.management.base import BaseCommand, CommandError

from profiles.models import Profile
from publications.works.fetch import fetch
from publications.works.identifiers import MAX_IDENTIFIERS, read_identifier
from publications.works.importer import apply_works, preview_works


class Command(BaseCommand):
    help = (
        "Import publications by DOI (Crossref), arXiv id (arXiv) or ORCID iD (ORCID, then "
        "Crossref) onto a profile, by the BibTeX import's rules. Atomic; --dry-run prints "
        "what would change and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the profile's slug")
        parser.add_argument(
            "--doi", nargs="+", default=[], help="DOIs (bare, doi:…, doi.org links)"
        )
        parser.add_argument("--arxiv", nargs="+", default=[], help="arXiv ids (any style)")
        parser.add_argument("--orcid", nargs="+", default=[], help="ORCID iDs")
        parser.add_argument(
            "--dry-run", action="store_true", help="show the preview only; write nothing"
        )

    def handle(self, *args, slug, doi, arxiv, orcid, dry_run, **options):
        profile = Profile.objects.filter(slug=slug).first()
        if profile is None:
            raise CommandError(f"No profile with the slug “{slug}”.")
        asked = [("doi", v) for v in doi] + [("arxiv", v) for v in arxiv]
        asked += [("orcid", v) for v in orcid]
        if not asked:
            raise CommandError("Give at least one --doi, --arxiv or --orcid.")
        if len(asked) > MAX_IDENTIFIERS:
            raise CommandError(f"{len(asked):,} identifiers; the limit is {MAX_IDENTIFIERS}.")
        identifiers, unreadable = [], []
        for kind, value in asked:
            result = read_identifier(value, kind)
            (unreadable if isinstance(result, str) else identifiers).append(result)
        if unreadable:
            raise CommandError("; ".join(unreadable))
        fetched = fetch(list(dict.fromkeys(identifiers)))
        run = preview_works if dry_run else apply_works
        plan = run(profile, fetched)
        for row in plan.rows:
            flags = "".join(f"\n      ! {flag}" for flag in row.flags)
            flags += "".join(f"\n      → {note}" for note in row.claim_notes)
            self.stdout.write(
                f"{row.key}: {row.status} — {row.reason}"
                f"{' — ' + row.title[:70] if row.title else ''}{flags}"
            )
        self.stdout.write(fetched.report())
        prefix = "Dry run, nothing written. " if dry_run else "Imported. "
        self.stdout.write(self.style.SUCCESS(prefix + plan.summary()))
