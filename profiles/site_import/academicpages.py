"""academicpages (Jekyll): ``_config.yml`` ``author:``, ``_pages/``, ``_publications/``,
``_talks/``, ``_teaching/``, ``_portfolio/``, ``_posts/``. docs/site-import.md lists what
is read, field by field."""

import re
from pathlib import PurePosixPath

from profiles.partial_dates import PartialDate
from publications.bibtex.mapping import map_entry
from publications.bibtex.parse import read_bibtex
from publications.normalize import clean_doi, is_valid_doi

from . import papers
from .documents import (
    as_list,
    as_partial_date,
    as_text,
    is_draft,
    strip_templates,
)
from .links import add_links, social_link
from .markdown import (
    award_from_bullet,
    bullets,
    demote_headings,
    position_from_bullet,
    split_sections,
)
from .reading import BibtexFile, Reader

# The academicpages template's own example content: kept by many sites, shown by none.
EXAMPLE_TITLES = {
    "talk 1 on relevant topic in your field", "tutorial 1 on relevant topic in your field",
    "talk 2 on relevant topic in your field",
    "conference proceeding talk 3 on relevant topic in your field",
    "teaching experience 1", "teaching experience 2", "portfolio item number 1",
    "portfolio item number 2", "paper title number 1", "paper title number 2",
    "paper title number 3", "paper title number 4", "blog post number 1", "blog post number 2",
    "blog post number 3", "blog post number 4", "future blog post",
}  # fmt: skip
COLLECTIONS = {"_talks": "Talks", "_teaching": "Teaching", "_portfolio": "Portfolio"}
CATEGORY_TYPES = {
    "manuscripts": "journal", "journal": "journal", "journals": "journal",
    "conferences": "conference", "conference": "conference", "workshops": "workshop",
    "books": "book", "book": "book", "book chapters": "chapter", "chapters": "chapter",
    "preprints": "preprint", "theses": "thesis", "thesis": "thesis",
}  # fmt: skip
POSITION_HEADINGS = {
    "education": "education",
    "work experience": "employment", "experience": "employment", "employment": "employment",
    "academic positions": "employment", "positions": "employment",
    "professional experience": "employment", "research experience": "employment",
    "appointments": "employment", "academic appointments": "employment",
}  # fmt: skip
AWARD_HEADINGS = {"awards", "honors", "honours", "honors and awards", "awards and honors"}
DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


class AcademicpagesReader(Reader):
    generator = "academicpages"

    def run(self):
        self.sections = {}  # title -> list of Markdown blocks
        self.unauthored = []
        self.navigation = self._navigation()
        self._config()
        self._about()
        self._publications()
        for folder, title in COLLECTIONS.items():
            self._collection(folder, title)
        self._posts()
        self._pages()
        if self.unauthored:
            self.result.warnings.append(
                f"{len(self.unauthored)} papers list no authors in the source (e.g. "
                f"{self.unauthored[0]}): each is listed with you and “et al.”; a BibTeX "
                "import of them later adds venues and DOIs, not the co-authors"
            )
        for title, blocks in self.sections.items():
            body = "\n\n".join(blocks).strip()
            if body:
                self.result.add("sections", {"title": title, "body": body}, f"section {title}")
        return self.result

    # _config.yml

    def _navigation(self):
        data = self.data_file("_data/navigation.yml")
        data = data if isinstance(data, dict) else None
        urls = {
            as_text(item.get("url")).strip("/")
            for item in as_list((data or {}).get("main"))
            if isinstance(item, dict)
        }
        if data is not None:
            self.result.read("_data/navigation.yml", "which pages the site shows in its menu")
        return urls

    def _config(self):
        config = self.data_file("_config.yml")
        config = config if isinstance(config, dict) else {}
        author = config.get("author") if isinstance(config.get("author"), dict) else {}
        result, profile = self.result, self.result.profile
        result.site_url = (as_text(config.get("url")) + as_text(config.get("baseurl"))).rstrip("/")
        name = (
            as_text(config.get("name"))
            or as_text(author.get("name"))
            or as_text(config.get("title"))
        )
        profile["name"] = name[:200] or "Unnamed"
        other = as_text(author.get("name"))
        if other and other != profile["name"]:
            profile["aliases"] = [other]
        for key, field, limit in (
            ("pronouns", "pronouns", 40), ("bio", "headline", 200), ("location", "location", 200),
            ("employer", "affiliation", 300),
        ):  # fmt: skip
            if as_text(author.get(key)):
                profile[field] = as_text(author.get(key))[:limit]
        email = as_text(author.get("email"))
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            profile["email"] = email
        elif email:
            result.left_out(
                "_config.yml", f"author.email {email!r} is not an address; not imported"
            )
        links = []
        for key, value in author.items():
            if key in ("name", "avatar", "bio", "location", "employer", "pronouns", "email"):
                continue
            if not as_text(value):
                continue
            link = social_link(key, as_text(value))
            if link is None:
                result.left_out("_config.yml", f"author.{key}: not a link this site knows")
            else:
                links.append(link)
        add_links(result, "_config.yml", links)
        avatar = as_text(author.get("avatar"))
        if avatar.startswith(("http://", "https://")):
            result.left_out(
                "_config.yml",
                f"author.avatar is a web address ({avatar}); download it and upload it",
            )
        elif avatar:
            photo = self.image(
                "author.avatar in _config.yml",
                [f"images/{avatar.lstrip('/')}", avatar.lstrip("/"), f"assets/images/{avatar}"],
                "media/photo",
            )
            if photo:
                profile["photo"] = photo
        result.read(
            "_config.yml",
            "name, "
            + ", ".join(
                sorted(
                    {
                        "links",
                        *[
                            f
                            for f in (
                                "headline",
                                "location",
                                "affiliation",
                                "email",
                                "photo",
                                "pronouns",
                            )
                            if f in profile
                        ],
                    }
                )
            ),
        )
        if not author:
            result.warnings.append("_config.yml has no author: block; name and links not found")

    # Pages

    def _page_path(self, stem):
        for name in (f"_pages/{stem}.md", f"_pages/{stem}.markdown", f"{stem}.md"):
            if self.files.exists(name):
                return name
        return None

    def _clean(self, body):
        return demote_headings(strip_templates(body, site_url=self.result.site_url))

    def _about(self):
        name = self._page_path("about")
        if not name:
            self.result.warnings.append("no _pages/about.md: no bio")
            return
        _, body = self.page(name)
        if body is None:
            return
        bio = self._clean(body)
        bio = re.sub(r"^\s*<br\s*/?>\s*", "", bio)
        if bio:
            self.result.profile["bio"] = bio
            self.result.read(name, "bio")
        else:
            self.result.left_out(name, "no text once template code is removed")

    def _pages(self):
        handled = {"about", "cv", "publications", "talks", "teaching", "portfolio"}
        for name in self.files.names:
            if not name.startswith("_pages/") or PurePosixPath(name).suffix not in (
                ".md",
                ".markdown",
                ".html",
            ):
                continue
            stem = PurePosixPath(name).stem
            if stem == "cv":
                self._cv(name)
                continue
            if stem in handled and stem not in ("talks", "teaching", "portfolio"):
                if stem == "publications":
                    self.result.left_out(name, "a listing of _publications/ (read from there)")
                continue
            front, body = self.page(name)
            if front is None:
                continue
            text = self._clean(body)
            permalink = as_text(front.get("permalink")).strip("/")
            title = as_text(front.get("title")) or stem.replace("-", " ").title()
            if stem in ("talks", "teaching", "portfolio"):
                if text:
                    self.sections.setdefault(COLLECTIONS[f"_{stem}"], []).insert(0, text)
                    self.result.read(name, f"section {COLLECTIONS['_' + stem]}")
                else:
                    self.result.left_out(name, f"a listing of _{stem}/ (read from there)")
            elif not text:
                self.result.left_out(name, "only template code (a listing or layout page)")
            elif permalink not in self.navigation:
                self.result.left_out(name, "not linked from the site's menu (_data/navigation.yml)")
            else:
                self.sections.setdefault(title[:200], []).append(text)
                self.result.read(name, f"section {title[:200]}")

    def _cv(self, name):
        _, body = self.page(name)
        if body is None:
            return
        text = strip_templates(body, site_url=self.result.site_url)
        used = []
        for heading, content in split_sections(text):
            key = heading.casefold().strip()
            items = bullets(content) if content else None
            if not heading:
                if content:
                    self.result.left_out(name, f"text before the first heading: {content[:80]!r}")
                continue
            if not re.sub(r"<[^>]*>", "", content).strip():  # "<ul></ul>" around a loop
                self.result.left_out(name, f"“{heading}”: only template code (a listing)")
                continue
            if key in POSITION_HEADINGS and items:
                rest = [
                    bullet
                    for bullet in items
                    if not self._add_position(bullet, POSITION_HEADINGS[key], name, heading)
                ]
                used.append(f"{heading} → {len(items) - len(rest)} positions")
                if rest:
                    self._section(heading, "\n".join(f"- {bullet.text}" for bullet in rest))
                    used.append(f"{heading} (not dated) → section {heading}")
            elif key in AWARD_HEADINGS and items:
                for bullet in items:
                    self.result.add("awards", award_from_bullet(bullet), f"{name} ({heading})")
                used.append(f"{heading} → {len(items)} awards")
            else:
                self._section(heading, demote_headings(content))
                used.append(f"{heading} → section")
        if used:
            self.result.read(name, "; ".join(used))

    def _add_position(self, bullet, kind, name, heading):
        position = position_from_bullet(bullet, kind)
        return (
            position is not None
            and self.result.add("positions", position, f"{name} ({heading})") is not None
        )

    def _section(self, title, body):
        self.sections.setdefault(title.strip()[:200], []).append(body)

    # Publications

    def _publications(self):
        entries, seen = [], {}
        for name in self.files.listing("_publications"):
            if PurePosixPath(name).suffix not in (".md", ".markdown", ".html"):
                if PurePosixPath(name).suffix == ".bib":
                    self._bib_file(name, entries)
                else:
                    self.result.left_out(name, "not a publication page")
                continue
            front, body = self.page(name)
            if front is None:
                continue
            title = as_text(front.get("title"))
            if not title:
                self.result.left_out(name, "no title")
                continue
            if title.casefold() in EXAMPLE_TITLES:
                self.result.left_out(name, "the academicpages example paper, never edited")
                continue
            if is_draft(front):
                self.result.left_out(name, "a draft (published: false)")
                continue
            paper = self._front_matter_paper(name, front, body, title)
            entry = self._embedded_entry(name, front)
            if entry is not None and _richness(entry) >= _paper_richness(paper):
                keys = [("title", papers.normalize_title(entry[1].title), entry[1].year)]
                if entry[1].doi:
                    keys.append(("doi", entry[1].doi.casefold()))
                if self._duplicate(name, keys, seen):
                    continue
                entries.append((name, entry[0]))
                self.result.read(
                    name, "paper, from its embedded BibTeX (richer than the front matter)"
                )
                continue
            if self._duplicate(name, papers.identity_keys(paper), seen):
                continue
            if self.result.add("publications", paper, name) is not None:
                detail = "paper, from its front matter"
                if entry is not None:
                    detail += " (richer than its embedded BibTeX)"
                self.result.read(name, detail)
        if entries:
            self.result.bibtex.append(
                BibtexFile(
                    "_publications/*.md (embedded BibTeX)", "\n\n".join(text for _, text in entries)
                )
            )
            self.bibtex_sources = entries

    def _bib_file(self, name, entries):
        text = self.text(name)
        if text:
            self.result.bibtex.append(BibtexFile(name, text))
            self.result.read(name, "papers, through the BibTeX import")

    def _duplicate(self, name, keys, seen):
        twin = next((seen[key] for key in keys if key in seen), None)
        if twin:
            self.result.left_out(name, f"the same paper as {twin}")
            return True
        for key in keys:
            seen.setdefault(key, name)
        return False

    def _embedded_entry(self, name, front):
        text = as_text(front.get("bib_entry") or front.get("bibtex") or front.get("bib"))
        if "@" not in text:
            return None
        parsed = read_bibtex(text, name)
        if len(parsed.entries) != 1:
            return None
        return text, map_entry(parsed.entries[0])

    def _front_matter_paper(self, name, front, body, title):
        owner = papers.owner_names(self.result.profile)
        match = DATED_NAME.match(PurePosixPath(name).name)
        date = papers.publication_date(
            front.get("date") or (match.group(1) if match else ""), generated_days=True
        )
        year = front.get("year")
        paper = {"title": re.sub(r"\s+", " ", title)[:500]}
        names = papers.split_authors(front.get("authors") or front.get("author") or "")
        citation = as_text(front.get("citation"))
        if not names and citation:
            names = papers.split_authors(re.split(r"\s\(\d{4}\)|\.\s|&quot;|\"", citation)[0])
        if not names:
            names = [(self.result.profile["name"], set())]
            paper["more_authors"] = True
            self.unauthored.append(name)
        paper["authors"] = papers.author_list(names, owner)
        if date:
            paper["date"] = date
        elif isinstance(year, int) or as_text(year).isdigit():
            paper["year"] = int(year)
        venue = as_text(front.get("venue"))
        papers.set_venue(paper, venue)
        category = as_text(front.get("category")).casefold()
        paper["type"] = CATEGORY_TYPES.get(category) or papers.guess_type(venue)
        if paper["type"] == "preprint":
            paper["status"] = "preprint"
        if "date" not in paper and "year" not in paper:
            paper.update(type="preprint", status="preprint")
        doi = clean_doi(as_text(front.get("doi")))
        if doi and is_valid_doi(doi):
            paper["doi"] = doi
        for key, label in (("paperurl", "paper"), ("paper_url", "paper"), ("pdf", "pdf"),
                           ("preprint_url", "pdf"), ("doi_url", "doi"), ("slidesurl", "slides"),
                           ("slides_url", "slides"), ("codeurl", "code"), ("code_url", "code"),
                           ("videourl", "video"), ("posterurl", "poster")):  # fmt: skip
            papers.add_link(paper, label, front.get(key))
        abstract = self._clean(
            re.sub(
                r"(?im)^\s*(recommended citation:.*|\[download [^\]]*\]\(([^)]*)\).*)$", "", body
            )
        )
        for url in re.findall(r"\[download [^\]]*\]\((https?://[^)\s]+)\)", body, re.I):
            papers.add_link(paper, "paper", url)
        if abstract:
            paper["abstract"] = abstract
        excerpt = self._clean(as_text(front.get("excerpt")))
        if excerpt and excerpt != abstract:
            paper["tldr"] = excerpt
        return paper

    # Talks, teaching, portfolio, posts

    def _collection(self, folder, title):
        items = []
        for name in self.files.listing(folder):
            if PurePosixPath(name).suffix not in (".md", ".markdown"):
                self.result.left_out(name, "not a Markdown page")
                continue
            front, body = self.page(name)
            if front is None:
                continue
            heading = as_text(front.get("title"))
            if not heading:
                self.result.left_out(name, "no title")
                continue
            if heading.casefold() in EXAMPLE_TITLES:
                self.result.left_out(
                    name, f"the academicpages example {title.lower()} item, never edited"
                )
                continue
            if front.get("published") is False:
                self.result.left_out(name, "a draft (published: false)")
                continue
            match = DATED_NAME.match(PurePosixPath(name).name)
            date = as_partial_date(front.get("date") or (match.group(1) if match else ""))
            items.append((date, _item_markdown(heading, front, self._clean(body), date)))
            self.result.read(name, f"section {title}")
        items.sort(key=lambda pair: pair[0], reverse=True)
        for _, block in items:
            self._section(title, block)

    def _posts(self):
        for name in self.files.listing("_posts"):
            front, _ = self.page(name) if name.endswith((".md", ".markdown")) else (None, None)
            if front is None:
                continue
            title = as_text(front.get("title"))
            match = DATED_NAME.match(PurePosixPath(name).name)
            date = as_partial_date(front.get("date") or (match.group(1) if match else ""))
            if not title or title.casefold() in EXAMPLE_TITLES:
                self.result.left_out(
                    name, "the academicpages example post" if title else "no title"
                )
            elif front.get("published") is False:
                self.result.left_out(name, "a draft (published: false)")
            elif not date:
                self.result.left_out(name, "a blog post without a date (news need one)")
            elif self.result.add("news", {"date": date, "text": title}, name) is not None:
                self.result.read(
                    name, "news (the post's title; the post itself stays on your old site)"
                )


def _item_markdown(title, front, body, date):
    """One talk or course as a list item: title, type, venue, place and date, then its text."""
    parts = [as_text(front.get(key)) for key in ("type", "venue", "location")]
    when = PartialDate.parse(date).display() if date else ""
    details = ", ".join(part for part in [*parts, when] if part)
    url = as_text(front.get("talk_url") or front.get("link") or front.get("paperurl"))
    head = f"[{title}]({url})" if url.startswith(("http://", "https://")) else title
    block = f"- **{head}**" + (f" — {details}" if details else "")
    if body:
        block += "\n\n" + "\n".join(f"  {line}" if line else "" for line in body.splitlines())
    return block


def _paper_richness(paper):
    return sum(
        (
            not paper.get("more_authors"), bool(paper.get("date") or paper.get("year")),
            bool(paper.get("venue") or paper.get("venue_full")), bool(paper.get("doi")),
            len(paper.get("links", [])), bool(paper.get("abstract")),
        )
    )  # fmt: skip


def _richness(entry):
    data = entry[1]
    return sum(
        (
            bool(data.authors), bool(data.year), bool(data.venue or data.venue_full),
            bool(data.doi), len(data.links), bool(data.abstract),
        )
    )  # fmt: skip
