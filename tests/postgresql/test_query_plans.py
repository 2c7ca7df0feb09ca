"""No public page reads a large table from end to end: every query of every page type,
run against a seeded site (``bench/large_site.py``) with the planner's statistics, is
EXPLAINed, and a sequential scan of a table that grows with the site fails the test.

The seeded site has the benchmark's 10,000 profiles but fewer papers each (30,000 papers,
360,000 author rows, 50,000 topics) to stay quick: large enough that PostgreSQL prefers an
index wherever one serves the query, so a scan it still chooses means no index does.
"""

import json

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.large_site import seed
from profiles import sitemaps
from profiles.models import Profile
from publications.models import Publication

PROFILES, PAPERS, AUTHORS = 10_000, 3, 12
# Tables of fewer rows may be read whole: a scan of a few pages beats any index.
LARGE = 1_000


@pytest.fixture(scope="module")
def large_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            seed(
                profiles=PROFILES,
                papers_per_profile=PAPERS,
                authors_per_paper=AUTHORS,
                progress=lambda line: None,
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= %s "
                    "AND relnamespace = 'public'::regnamespace",
                    [LARGE],
                )
                yield {name for (name,) in cursor.fetchall()}
        finally:
            call_command("flush", interactive=False, verbosity=0)


def native_name():
    return Profile.objects.exclude(native_name="").values_list("native_name", flat=True)[0]


def page_paths():
    """Each page type of a profile in the middle of the site, and the site's pages."""
    number = PROFILES // 2
    slug = f"researcher-{number}"
    paper = Publication.objects.get(pk=(number - 1) * PAPERS + 1)
    return {
        "directory": "/",
        "directory search": "/?q=zhang",
        "directory search, native script": f"/?q={native_name()}",
        "directory, a later page": "/?page=40",
        "profile": f"/{slug}/",
        "publication list": f"/{slug}/publications/",
        "publication list, text filter": f"/{slug}/publications/?q=graph",
        "publication list, year, type and topic": (
            f"/{slug}/publications/?year=2010&type=conference&tag=vision-{5 * number}"
        ),
        "paper": paper.get_absolute_url(),
        "paper, from a co-author's page": f"{paper.get_absolute_url()}?from=researcher-1",
        "BibTeX": f"/{slug}/publications.bib",
        "CSL-JSON": f"/{slug}/publications.json",
        "news feed": f"/{slug}/feed.atom",
        "theme": f"/{slug}/theme.css",
        "sitemap index": "/sitemap.xml",
        "sitemap, profiles": "/sitemap-profiles-2.xml",
        "sitemap, papers": "/sitemap-papers-2.xml",
    }


def scans(plan):
    """The tables a plan (EXPLAIN's JSON) reads sequentially."""
    found = set()
    if plan.get("Node Type") == "Seq Scan":
        found.add(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found |= scans(child)
    return found


def large_table_scans(sql, large):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return scans(plan[0]["Plan"]) & large


@pytest.mark.django_db
def test_no_page_scans_a_large_table(client, large_site, monkeypatch):
    # A sitemap section holds up to 50,000 papers: a sixth of the benchmark's site, all of
    # this smaller one. Sections of the same share of this site: reading one must not mean
    # reading the table.
    monkeypatch.setitem(sitemaps.KINDS, "profiles", PROFILES // 4)
    monkeypatch.setitem(sitemaps.KINDS, "papers", PROFILES * PAPERS // 6)
    assert {"publications_authorship", "publications_author", "profiles_profile"} <= large_site
    problems = []
    for label, path in page_paths().items():
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (label, path)
        assert queries.captured_queries, label
        for query in queries.captured_queries:
            if tables := large_table_scans(query["sql"], large_site):
                problems.append(f"{label} ({path}): {sorted(tables)} in {query['sql'][:300]}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_a_missing_index_is_found(large_site):
    # The check itself: a filter no index serves reads the author rows whole.
    sql = "SELECT id FROM publications_authorship WHERE family = 'Nobody'"
    assert large_table_scans(sql, large_site) == {"publications_authorship"}
