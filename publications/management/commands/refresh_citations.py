"""``manage.py refresh_citations``: citation counts read now, or queued for the worker."""

from django.core.management.base import BaseCommand, CommandError

from profiles.jobs.models import Job
from profiles.jobs.services import start_job
from profiles.models import Profile
from publications.citations.schedule import papers_due
from publications.citations.services import refresh_citations
from publications.citations.tasks import refresh_due_citations, refresh_profile_citations
from publications.models import Publication


class Command(BaseCommand):
    help = (
        "Reads the citation counts that are due (papers on profiles that show citations, "
        "not read within CITATION_REFRESH_DAYS) from OpenAlex, Semantic Scholar and "
        "Crossref. For a cron job or systemd timer, or by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profile", metavar="SLUG", help="Every paper of this profile.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the refresh for the worker instead of running it here.",
        )

    def handle(self, *args, **options):
        profile = None
        if options["profile"]:
            profile = Profile.objects.filter(slug=options["profile"]).first()
            if profile is None:
                raise CommandError(f"No profile with the slug {options['profile']!r}.")
        if options["background"]:
            job = start_job(
                kind=Job.Kind.CITATION_REFRESH,
                task=refresh_profile_citations if profile else refresh_due_citations,
                profile=profile,
            )
            self.stdout.write(f"Queued as job {job.pk} ({job.get_absolute_url()}).")
            return
        papers = Publication.objects.listed_on(profile) if profile else papers_due()
        self.stdout.write(refresh_citations(papers).summary())
