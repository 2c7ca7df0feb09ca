"""Every published profile as one static site, with the directory page.

Pages are rendered and written one at a time (nothing is collected), so memory does
not grow with the number of profiles; only the plan of file names does.
"""

import re
from pathlib import Path

from profiles.models import Profile
from publications.models import Publication
from publications.selectors import publicly_listed

from .archive import open_output
from .errors import IncompleteExport
from .exporter import Exporter
from .plan import ExportPlan, normalize_base_url
from .render import PageRenderer
from .rewrite import StartTag, internal_path, transform_html
from .uploads import unreadable_uploads

DIRECTORY = "/"
_PAGE_QUERY = re.compile(r"^page=(\d+)$")


def _links(html):
    hrefs = []

    def collect(tag: StartTag):
        if tag.name == "a" and tag.get("href"):
            hrefs.append(tag.get("href"))

    transform_html(html, on_tag=collect)
    return hrefs


def _plan_directory(plan, renderer):
    """The directory's pages: ``/`` and each ``/?page=N`` it links to, as ``page/N/``."""
    plan.add(DIRECTORY, "index.html")
    queue = [DIRECTORY]
    while queue:
        content, _ = renderer.get(queue.pop())
        for href in _links(content.decode("utf-8")):
            found = internal_path(href, DIRECTORY)
            match = found and found[0] == DIRECTORY and _PAGE_QUERY.match(found[1])
            if not match:
                continue
            live_path = f"{DIRECTORY}?{found[1]}"
            number = int(match.group(1))
            if number == 1:
                plan.aliases[live_path] = "index.html"
            elif live_path not in plan.pages:
                plan.add(live_path, f"page/{number}/index.html")
                queue.append(live_path)


def plan_site(*, base_url, renderer):
    plan = ExportPlan(base_url=base_url)
    _plan_directory(plan, renderer)
    profiles = Profile.objects.published().order_by("slug").only("id", "slug")
    for profile in profiles.iterator():
        plan.add_profile(profile, folder=f"{profile.slug}/")
    plan.add_publications(publicly_listed(Publication.objects.all()).distinct())
    return plan


def export_site(*, out, base_url=None, force=False, progress=None, processes=1):
    """Writes the site to ``out`` (folder or ``.zip``); ``progress(done, total)`` per page;
    rendered by ``processes`` processes (profiles.export.workers)."""
    base_url = normalize_base_url(base_url)
    renderer = PageRenderer()
    plan = plan_site(base_url=base_url, renderer=renderer)
    with open_output(Path(out), force=force) as writer:
        exporter = Exporter(plan=plan, writer=writer, renderer=renderer, processes=processes)
        exporter.export_pages(progress=progress)
        if base_url:
            exporter.export_sitemap()
    problems = unreadable_uploads(Profile.objects.published()) + exporter.problems
    if problems:
        raise IncompleteExport(problems)
    return plan.page_count()
