"""A large site written straight into PostgreSQL with COPY: profiles, papers, author rows.

Used by ``bench/scale.py`` (10,000 profiles, 300,000 papers, 3.6 M author rows) and by
the query-plan tests of ``tests/postgresql`` (a smaller site of the same shape). Rows are
what the app itself would write (search text, title keys, slugs, printed names), made
from a seeded random generator, so two runs build the same site. Columns not written here
get their model field's default, so fields added later need no change here.

Every profile owns ``papers_per_profile`` papers of ``authors_per_paper`` authors: the
owner at a random position, one co-author with a profile of their own (a linked name),
the rest from a pool of people without a profile, 20 per profile. Each paper has two
of its owner's five topics, a PDF link and a DOI; each profile three news items and five selected
papers; one profile in a hundred is unpublished.
"""

import datetime
import io
import json
import random
from types import SimpleNamespace

from django.db import connection

GIVEN = [
    "Ada",
    "Alan",
    "Barbara",
    "Chen",
    "Dmitri",
    "Elena",
    "Fatima",
    "Grace",
    "Hiro",
    "Ines",
    "Jun",
    "Kofi",
    "Lena",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Viktor",
    "Wei",
    "Xin",
    "Yara",
    "Zoë",
    "Émile",
    "Jörg",
    "Søren",
]
FAMILY = [
    "Lovelace",
    "Turing",
    "Liskov",
    "Wang",
    "Ivanov",
    "Rossi",
    "Haddad",
    "Hopper",
    "Tanaka",
    "García",
    "Li",
    "Mensah",
    "Berg",
    "Zhang",
    "Karimi",
    "Farouk",
    "Patel",
    "Dubois",
    "Costa",
    "Larsen",
    "Nakamura",
    "Müller",
    "Novak",
    "Song",
    "Ødegaard",
    "Okafor",
    "Silva",
    "Kowalski",
    "Nguyen",
    "Schmidt",
]
NATIVE = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭"
TOPICS = [
    "vision",
    "language",
    "robotics",
    "learning",
    "graphs",
    "retrieval",
    "security",
    "privacy",
    "systems",
    "compilers",
    "databases",
    "networks",
    "theory",
    "optimization",
    "speech",
    "translation",
    "reasoning",
    "agents",
    "fairness",
    "biology",
    "chemistry",
    "physics",
    "climate",
    "health",
    "education",
    "economics",
]
WORDS = [
    "efficient",
    "scalable",
    "robust",
    "neural",
    "sparse",
    "adaptive",
    "learned",
    "federated",
    "contrastive",
    "generative",
    "diffusion",
    "transformer",
    "attention",
    "graph",
    "retrieval",
    "reasoning",
    "planning",
    "alignment",
    "benchmark",
    "dataset",
    "model",
    "framework",
    "analysis",
    "towards",
    "beyond",
]
VENUES = ["CVPR", "ICCV", "NeurIPS", "ICLR", "ICML", "ACL", "SIGMOD", "OSDI", "TPAMI", "JMLR"]
UNIVERSITIES = [f"University of {place}" for place in FAMILY] + [
    "Université Paris-Saclay",
    "Sun Yat-sen University",
    "Technische Universität München",
]
NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)


def _text(value):
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime.datetime):
        value = value.isoformat()
    value = str(value)
    if any(character in value for character in "\\\t\n\r"):
        value = (
            value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r")
        )  # fmt: skip
    return value


class _Table:
    """COPY into ``model``'s table: the given columns per row, every other column its
    field's default (computed once)."""

    def __init__(self, model, columns):
        self.model = model
        self.columns = list(columns)
        rest = [
            field
            for field in model._meta.concrete_fields
            if field.column not in self.columns and not field.primary_key
        ]
        self.all_columns = self.columns + [field.column for field in rest]
        defaults = [
            NOW
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            # A field with null=True and no default stores NULL, not its empty value.
            else (None if field.null and not field.has_default() else field.get_default())
            for field in rest
        ]
        self.suffix = "".join("\t" + _text(value) for value in defaults) + "\n"

    def write(self, rows):
        """Write ``rows`` (tuples of the given columns) in chunks; returns how many."""
        table = self.model._meta.db_table
        names = ", ".join(f'"{name}"' for name in self.all_columns)
        count = 0
        statement = f"COPY {table} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(map(_text, row)))
                buffer.write(self.suffix)
                count += 1
                if count % 50_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        return count


def _restart_ids(*models):
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            top = f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"  # noqa: S608 - a model's table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({top}), false)", [table]
            )


def seed(*, profiles, papers_per_profile, authors_per_paper, seed=15, progress=print):
    """Write the site into the (empty, migrated) database; returns the row counts."""
    from profiles.models import NewsItem, Profile, default_section_order, search_text_of
    from publications.models import (
        Author,
        Authorship,
        ProfilePublication,
        Publication,
        PublicationLink,
        Tag,
    )
    from publications.normalize import normalize_title

    assert connection.vendor == "postgresql", "COPY needs PostgreSQL"
    rng = random.Random(seed)
    counts = {}

    def person():
        return rng.choice(GIVEN), rng.choice(FAMILY)

    people = [person() for _ in range(profiles)]
    sections = default_section_order()

    def profile_rows():
        for number, (given, family) in enumerate(people, start=1):
            native = "".join(rng.sample(NATIVE, 3)) if number % 3 == 0 else ""
            values = SimpleNamespace(
                name=f"{given} {family}",
                native_name=native,
                aliases=[f"{given[0]}. {family}"],
                slug=f"researcher-{number}",
                affiliation=rng.choice(UNIVERSITIES),
                headline=rng.choice(["Ph.D. student", "Postdoc", "Professor"]),
                interests=rng.sample(TOPICS, 2),
            )
            yield (
                number, values.slug, values.name, native, values.aliases, values.headline,
                values.affiliation, values.interests, f"I study {values.interests[0]}.",
                sections, number % 100 != 50, search_text_of(values),
            )  # fmt: skip

    profile_columns = [
        "id", "slug", "name", "native_name", "aliases", "headline", "affiliation",
        "interests", "bio", "section_order", "is_published", "search_text",
    ]  # fmt: skip
    counts["profiles"] = _Table(Profile, profile_columns).write(profile_rows())
    progress(f"profiles: {counts['profiles']:,}")

    pool_size = 20 * profiles
    pool = [person() for _ in range(pool_size)]

    def author_rows():
        for number, (given, family) in enumerate(people, start=1):
            yield number, f"{given} {family}", number
        for offset, (given, family) in enumerate(pool, start=1):
            yield profiles + offset, f"{given} {family}", None

    counts["authors"] = _Table(Author, ["id", "name", "profile_id"]).write(author_rows())
    progress(f"authors: {counts['authors']:,}")

    # Topics grow with the site: five of each profile's own (at least 300 in all).
    tag_count = max(300, 5 * profiles)
    tag_rows = (
        (n, f"{TOPICS[n % len(TOPICS)]} {n}", f"{TOPICS[n % len(TOPICS)]}-{n}")
        for n in range(1, tag_count + 1)
    )
    counts["tags"] = _Table(Tag, ["id", "name", "slug"]).write(tag_rows)

    papers = profiles * papers_per_profile

    def paper_rows():
        for pk in range(1, papers + 1):
            title = " ".join(rng.sample(WORDS, 6)).capitalize() + f", part {pk}"
            venue = rng.choice(VENUES)
            yield (
                pk, title, normalize_title(title), venue, f"Proceedings of {venue}",
                2000 + pk % 26, f"10.5555/bench.{pk}",
                f"We study {' '.join(rng.sample(WORDS, 12))} (paper {pk}).",
                ["Oral"] if pk % 10 == 0 else [],
            )  # fmt: skip

    paper_columns = [
        "id", "title", "title_key", "venue", "venue_full", "year", "doi", "abstract", "badges",
    ]  # fmt: skip
    counts["papers"] = _Table(Publication, paper_columns).write(paper_rows())
    progress(f"papers: {counts['papers']:,}")

    def authorship_rows():
        pk = 0
        for paper in range(1, papers + 1):
            owner = (paper - 1) // papers_per_profile + 1
            authors = [owner]
            if profiles > 1:  # a co-author with a profile of their own, never the owner
                authors.append((owner + paper % (profiles - 1)) % profiles + 1)
            while len(authors) < authors_per_paper:
                candidate = profiles + rng.randrange(1, pool_size + 1)
                if candidate not in authors:
                    authors.append(candidate)
            rng.shuffle(authors)
            marked = paper % 5 == 0
            for position, author in enumerate(authors):
                pk += 1
                given, family = (
                    people[author - 1] if author <= profiles else pool[author - profiles - 1]
                )
                yield (
                    pk, paper, author, position, f"{given} {family}", given, family,
                    marked and position < 2, position == len(authors) - 1,
                )  # fmt: skip

    authorship_columns = [
        "id", "publication_id", "author_id", "position", "name", "given", "family",
        "equal_contribution", "corresponding",
    ]  # fmt: skip
    counts["author rows"] = _Table(Authorship, authorship_columns).write(authorship_rows())
    progress(f"author rows: {counts['author rows']:,}")

    def listing_rows():
        for paper in range(1, papers + 1):
            owner = (paper - 1) // papers_per_profile + 1
            yield paper, owner, paper, (paper - 1) % papers_per_profile < 5, accepted

    accepted = ProfilePublication.Status.ACCEPTED
    counts["listings"] = _Table(
        ProfilePublication, ["id", "profile_id", "publication_id", "selected", "status"]
    ).write(listing_rows())

    def paper_tag_rows():
        for paper in range(1, papers + 1):
            owner = (paper - 1) // papers_per_profile + 1
            first, second = ((5 * (owner - 1) + n) % tag_count + 1 for n in rng.sample(range(5), 2))
            yield 2 * paper - 1, paper, first
            yield 2 * paper, paper, second

    counts["paper topics"] = _Table(
        Publication.tags.through, ["id", "publication_id", "tag_id"]
    ).write(paper_tag_rows())

    link_rows = (
        (paper, paper, "pdf", f"https://example.org/papers/{paper}.pdf")
        for paper in range(1, papers + 1)
    )
    counts["links"] = _Table(PublicationLink, ["id", "publication_id", "label", "url"]).write(
        link_rows
    )

    news_rows = (
        (3 * (profile - 1) + n, profile, f"2025-0{n}", f"News number {n} of profile {profile}.")
        for profile in range(1, profiles + 1)
        for n in (1, 2, 3)
    )
    counts["news"] = _Table(NewsItem, ["id", "profile_id", "date", "text"]).write(news_rows)
    progress(f"listings, topics, links, news: {counts['listings']:,} each")

    _restart_ids(
        Profile, Author, Tag, Publication, Authorship, ProfilePublication,
        Publication.tags.through, PublicationLink, NewsItem,
    )  # fmt: skip
    with connection.cursor() as cursor:
        # Statistics for the planner; outside a transaction also the visibility map, for
        # index-only scans (VACUUM cannot run inside one, as in a test).
        cursor.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")
    return counts
