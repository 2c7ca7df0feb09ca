"""The sitemap: an index (``/sitemap.xml``) of sections within the protocol's limits.

sitemaps.org allows 50,000 URLs (and 50 MB) per file. Sections cover fixed ranges of
primary keys, so an edit changes exactly one section and a new row never moves others:

- ``sitemap-profiles-N.xml``: the published profiles with ids in the N-th range of
  25,000, each with its publication list (two URLs a profile; the first also has the
  directory);
- ``sitemap-papers-N.xml``: the public papers with ids in the N-th range of 50,000.

Each section is one query turned into XML by string building (a template loop and a
``reverse()`` per URL cost 5 s for 54,000 URLs), and is cached under a version of its own
(``section_version_key``) that only the edits changing it renew (``profiles.invalidation``);
the index, two ``MAX(id)`` lookups, under a version renewed when rows come or go.
"""

from django.db.models import Exists, Max, OuterRef
from django.http import Http404, HttpResponse
from django.urls import reverse

from publications.models import ProfilePublication, Publication, title_slug

from .models import Profile

PROFILES_PER_SECTION = 25_000  # two URLs each
PAPERS_PER_SECTION = 50_000
KINDS = {"profiles": PROFILES_PER_SECTION, "papers": PAPERS_PER_SECTION}
INDEX_VERSION_KEY = "pagever:sitemap"
_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def section_number(kind, pk):
    """The number of the ``kind`` section that lists row ``pk``."""
    return (pk - 1) // KINDS[kind] + 1


def section_version_key(kind, number):
    return f"pagever:sitemap:{kind}:{number}"


def _bounds(kind, number):
    size = KINDS[kind]
    return (number - 1) * size, number * size


def _base(request):
    # Only the host comes from the request, and Django validated it against ALLOWED_HOSTS;
    # the URLs are built from slugs and ids, which need no XML escaping.
    return request.build_absolute_uri("/").removesuffix("/")


def _xml(root, body):
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{_NAMESPACE}">\n{body}</{root}>\n',
        content_type="application/xml",
        headers={"X-Robots-Tag": "noindex, noodp, noarchive"},
    )


def _url(location, lastmod, priority):
    lastmod = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
    return f"<url><loc>{location}</loc>{lastmod}<priority>{priority}</priority></url>\n"


def index(request):
    """The sections that may hold URLs: as many as the highest id needs."""
    base = _base(request)
    counts = {kind: _top(kind) for kind in KINDS}
    # The first profiles section always exists: it lists the directory.
    sections = {
        "profiles": max(section_number("profiles", counts["profiles"]), 1),
        "papers": max(section_number("papers", counts["papers"]), 0),
    }
    body = "".join(
        f"<sitemap><loc>{base}{reverse('profiles:sitemap_section', args=[kind, number])}"
        "</loc></sitemap>\n"
        for kind, last in sections.items()
        for number in range(1, last + 1)
    )
    return _xml("sitemapindex", body)


def section(request, kind, number):
    """``number`` as matched by the URL: one to six digits."""
    number = int(number)
    if kind not in KINDS or number < 1:
        raise Http404("No such sitemap.")
    low, high = _bounds(kind, number)
    render = _profiles if kind == "profiles" else _papers
    body = render(_base(request), number, low, high)
    # An empty section past the last id is not one of the index's (a second query only then).
    if not body and low >= _top(kind):
        raise Http404("No such sitemap.")
    return _xml("urlset", body)


def _top(kind):
    """The highest id of ``kind`` (read from the end of its primary key's index)."""
    model = Profile if kind == "profiles" else Publication
    return model.objects.aggregate(top=Max("pk"))["top"] or 0


def _profiles(base, number, low, high):
    profile = reverse("profiles:detail", kwargs={"slug": "slug-placeholder"})
    listing = reverse("profiles:publications", kwargs={"slug": "slug-placeholder"})
    before, after = (base + profile).split("slug-placeholder")
    list_before, list_after = (base + listing).split("slug-placeholder")
    parts = [_url(base + reverse("profiles:directory"), None, 0.5)] if number == 1 else []
    rows = (
        Profile.objects.published()
        .filter(pk__gt=low, pk__lte=high)
        # By address, not id: a restored backup (new ids) lists them in the same order.
        .order_by("slug")
        .values_list("slug", "updated_at")
    )
    for slug, updated in rows:
        parts.append(_url(f"{before}{slug}{after}", updated, 0.8))
        parts.append(_url(f"{list_before}{slug}{list_after}", updated, 0.6))
    return "".join(parts)


def _papers(base, number, low, high):
    """Papers listed (accepted, not hidden) on a published profile (``publicly_listed``)."""
    pattern = base + reverse("publications:detail", kwargs={"pk": 999999999, "slug": "s-l-u-g"})
    before, middle = pattern.split("999999999")
    middle, after = middle.split("s-l-u-g")
    # Bounded on both sides by the range, so each reads only its section's rows.
    public = ProfilePublication.objects.filter(
        publication=OuterRef("pk"),
        publication__gt=low,
        publication__lte=high,
        hidden=False,
        status=ProfilePublication.Status.ACCEPTED,
        profile__is_published=True,
    )
    rows = (
        Publication.objects.filter(pk__gt=low, pk__lte=high)
        .filter(Exists(public))
        .order_by("pk")
        .values_list("pk", "title", "updated_at")
    )
    return "".join(
        _url(f"{before}{pk}{middle}{title_slug(title)}{after}", updated, 0.6)
        for pk, title, updated in rows
    )
