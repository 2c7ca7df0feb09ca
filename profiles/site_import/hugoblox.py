"""Hugo Blox / wowchemy (Hugo): ``data/authors/*.yaml`` or ``content/authors/*/_index.md``,
``content/publication(s)/*/index.md`` with ``cite.bib``, ``content/experience.md``,
``content/event(s)/`` (talks), ``content/project(s)/``, ``content/post/`` (news where
dated). docs/site-import.md lists what is read, field by field."""

import re
from pathlib import PurePosixPath

from django.utils.html import strip_tags

from profiles.partial_dates import PartialDate
from publications.bibtex.mapping import map_entry
from publications.bibtex.parse import read_bibtex
from publications.normalize import arxiv_base, clean_arxiv, clean_doi, is_valid_arxiv, is_valid_doi

from . import papers
from .academicpages import _paper_richness, _richness
from .documents import (
    DocumentError,
    as_list,
    as_partial_date,
    as_text,
    is_truthy,
    load_toml,
    load_yaml,
    strip_templates,
)
from .links import add_links, icon_link
from .markdown import demote_headings
from .reading import BibtexFile, Reader, resume_award

# CSL names and wowchemy's old numbers ("1" conference paper … "8" patent).
PUBLICATION_TYPES = {
    "paper-conference": "conference", "article-journal": "journal", "article": "preprint",
    "thesis": "thesis", "book": "book", "chapter": "chapter", "patent": "patent",
    "report": "other", "dataset": "dataset", "manuscript": "preprint",
    "1": "conference", "2": "journal", "3": "preprint", "4": "other", "5": "book",
    "6": "chapter", "7": "thesis", "8": "patent", "0": "other",
}  # fmt: skip
LINK_KEYS = {
    "url_pdf": "pdf", "url_code": "code", "url_dataset": "dataset", "url_poster": "poster",
    "url_project": "project", "url_slides": "slides", "url_source": "source", "url_video": "video",
    "url_preprint": "preprint",
}  # fmt: skip
OWNER_KEYS = ("me", "admin")
FOLDERS = {
    "publications": ("content/publication", "content/publications"),
    "events": ("content/event", "content/events", "content/talk", "content/talks"),
    "projects": ("content/project", "content/projects"),
    "posts": ("content/post", "content/posts", "content/blog"),
}


class HugobloxReader(Reader):
    generator = "Hugo Blox"

    def run(self):
        self.sections = {}
        self.author_key = "me"
        self._config()
        self._author()
        self._experience_page()
        self._publications()
        self._events()
        self._projects()
        self._posts()
        for title, body in self.sections.items():
            self.result.add("sections", {"title": title, "body": body}, f"section {title}")
        return self.result

    def _data(self, name):
        text = self.text(name)
        if text is None:
            return None
        try:
            data = load_toml(text) if name.endswith(".toml") else load_yaml(text)
        except DocumentError as error:
            self.result.left_out(name, str(error))
            return None
        return data if isinstance(data, dict) else None

    def _config(self):
        for name in (
            "config/_default/hugo.yaml",
            "config/_default/config.yaml",
            "config/_default/config.toml",
            "hugo.yaml",
            "hugo.toml",
            "config.toml",
            "config.yaml",
        ):
            if self.files.exists(name):
                config = self._data(name) or {}
                self.result.site_url = as_text(
                    config.get("baseURL") or config.get("baseurl")
                ).rstrip("/")
                self.result.read(name, "the site's address")
                break

    # The author

    def _author(self):
        candidates = [
            n for n in self.files.names if re.fullmatch(r"data/authors/[^/]+\.(ya?ml|toml)", n)
        ]
        candidates += [
            n for n in self.files.names if re.fullmatch(r"content/authors/[^/]+/_index\.md", n)
        ]
        chosen, data, body = None, None, ""
        for name in candidates:
            if name.startswith("data/"):
                values, text = self._data(name), ""
            else:
                values, text = self.page(name)
            if not values:
                continue
            key = (
                PurePosixPath(name).parent.name
                if name.startswith("content/")
                else PurePosixPath(name).stem
            )
            owner = (
                is_truthy(values.get("is_owner"))
                or is_truthy(values.get("superuser"))
                or key in OWNER_KEYS
            )
            if chosen is None or owner:
                chosen, data, body, self.author_key = name, values, text or "", key
            if owner:
                break
        for name in candidates:
            if name != chosen:
                self.result.left_out(name, "another author than the site's owner")
        if chosen is None:
            self.result.profile["name"] = "Unnamed"
            self.result.warnings.append(
                "no author in data/authors/ or content/authors/: name, bio and links not found"
            )
            return
        self._author_values(chosen, data, body)

    def _author_values(self, name, data, body):
        profile, used = self.result.profile, []
        names = data.get("name")
        if isinstance(names, dict):
            display = as_text(names.get("display")) or " ".join(
                as_text(names.get(k)) for k in ("given", "family") if as_text(names.get(k))
            )
            alternate = as_text(names.get("alternate"))
            if alternate:
                profile["aliases"] = [alternate]
        else:
            display = as_text(names) or as_text(data.get("title"))
        profile["name"] = (display or "Unnamed")[:200]
        if as_text(data.get("pronouns")):
            profile["pronouns"] = as_text(data.get("pronouns"))[:40]
        if as_text(data.get("role")):
            profile["headline"] = as_text(data.get("role"))[:200]
        organizations = as_list(data.get("affiliations") or data.get("organizations"))
        if organizations and isinstance(organizations[0], dict):
            profile["affiliation"] = as_text(organizations[0].get("name"))[:300]
            url = as_text(organizations[0].get("url"))
            if url.startswith(("http://", "https://")):
                profile["affiliation_url"] = url
        elif organizations:
            profile["affiliation"] = as_text(organizations[0])[:300]
        interests = [
            as_text(item)[:100] for item in as_list(data.get("interests")) if as_text(item)
        ]
        if interests:
            profile["interests"] = interests
        bio = demote_headings(
            strip_templates(body or as_text(data.get("bio")), site_url=self.result.site_url)
        )
        if bio:
            profile["bio"] = bio
        email = as_text(data.get("email"))
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            profile["email"] = email
        links = []
        for item in as_list(data.get("links") or data.get("profiles") or data.get("social")):
            if isinstance(item, dict):
                url = as_text(item.get("url") or item.get("link"))
                if url:
                    links.append(icon_link(item.get("icon"), url, as_text(item.get("label"))))
        add_links(self.result, name, links)
        self._photo(name)
        self._author_cv(name, data)
        used = [
            key
            for key in ("headline", "affiliation", "interests", "bio", "photo")
            if key in profile
        ]
        self.result.read(name, "name, links, " + ", ".join(used))

    def _photo(self, name):
        key = self.author_key
        folder = PurePosixPath(name).parent.as_posix()
        candidates = [f"{folder}/avatar.{ext}" for ext in ("jpg", "jpeg", "png", "webp")] + [
            f"assets/media/authors/{key}.{ext}" for ext in ("jpg", "jpeg", "png", "webp")
        ]
        if any(self.files.exists(c) for c in candidates):
            photo = self.image(f"the avatar of {name}", candidates, "media/photo")
            if photo:
                self.result.profile["photo"] = photo

    def _author_cv(self, name, data):
        for row in as_list(data.get("education")):
            if isinstance(row, dict):
                self._position(
                    name,
                    "education",
                    as_text(row.get("degree") or row.get("area")),
                    as_text(row.get("institution")),
                    row.get("start") or row.get("date_start"),
                    row.get("end") or row.get("date_end"),
                    as_text(row.get("summary")),
                    "",
                )
        courses = (
            data.get("education", {}).get("courses")
            if isinstance(data.get("education"), dict)
            else None
        )
        for row in as_list(courses):
            if isinstance(row, dict):
                year = as_text(row.get("year"))
                self._position(
                    name,
                    "education",
                    as_text(row.get("course")),
                    as_text(row.get("institution")),
                    year,
                    year,
                    "",
                    "",
                )
        for key in ("experience", "work"):
            for row in as_list(data.get(key)):
                if isinstance(row, dict):
                    self._position(
                        name,
                        "employment",
                        as_text(row.get("role") or row.get("position") or row.get("title")),
                        as_text(row.get("org") or row.get("company_name") or row.get("company")),
                        row.get("start") or row.get("date_start"),
                        row.get("end") or row.get("date_end"),
                        as_text(row.get("summary") or row.get("description")),
                        as_text(row.get("company_url")),
                    )
        for award in filter(None, map(resume_award, as_list(data.get("awards")))):
            self.result.add("awards", award, f"{name} (awards)")
        languages = [row for row in as_list(data.get("languages")) if isinstance(row, dict)]
        if languages:
            self.sections["Languages"] = "\n".join(
                f"- **{as_text(row.get('name'))}**"
                + (f" — {as_text(row.get('label'))}" if as_text(row.get("label")) else "")
                for row in languages
            )
        skills = [row for row in as_list(data.get("skills")) if isinstance(row, dict)]
        if skills:
            self.sections["Skills"] = "\n".join(
                f"- **{as_text(group.get('name'))}**: "
                + ", ".join(
                    as_text(item.get("name") or item.get("label"))
                    for item in as_list(group.get("items"))
                    if isinstance(item, dict)
                )
                for group in skills
            )

    def _position(self, name, kind, role, organization, start, end, summary, url):
        start = as_partial_date(start, precision="month")
        if not organization or not start:
            self.result.left_out(
                name, f"{kind}: “{role or organization}” has no organisation or start date"
            )
            return
        lowered = role.casefold()
        if kind == "employment" and "intern" in lowered:
            kind = "internship"
        position = {"kind": kind, "organization": organization[:300], "start": start}
        if role:
            position["role"] = role[:300]
        end = as_partial_date(end, precision="month")
        if end:
            position["end"] = end
        if summary:
            position["description"] = summary
        if url:
            position["organization_url"] = (
                url if url.startswith(("http://", "https://")) else f"https://{url}"
            )
        self.result.add("positions", position, name)

    def _experience_page(self):
        name = "content/experience.md"
        if not self.files.exists(name):
            return
        front, _ = self.page(name)
        if front is None:
            return
        found = 0
        for block in as_list(front.get("sections")):
            content = block.get("content") if isinstance(block, dict) else None
            for row in as_list((content or {}).get("items")):
                if isinstance(row, dict):
                    self._position(
                        name,
                        "employment",
                        as_text(row.get("title")),
                        as_text(row.get("company")),
                        row.get("date_start"),
                        row.get("date_end"),
                        as_text(row.get("description")),
                        as_text(row.get("company_url")),
                    )
                    found += 1
        if found:
            self.result.read(name, f"{found} positions")
        else:
            self.result.read(
                name, "blocks that show the author's experience (read from the author)"
            )

    # Content folders

    def _bundles(self, kind):
        for folder in FOLDERS[kind]:
            for name in self.files.listing(folder):
                path = PurePosixPath(name)
                parent = path.parent.as_posix()
                if (path.name in ("index.md", "_index.md") and parent != folder) or (
                    path.suffix == ".md"
                    and path.parent.as_posix() == folder
                    and path.name != "_index.md"
                ):
                    yield name

    def _publications(self):
        owner = papers.owner_names(self.result.profile)
        seen, bib_parts = {}, []
        for name in self._bundles("publications"):
            front, body = self.page(name)
            if front is None:
                continue
            title = re.sub(r"\s+", " ", as_text(front.get("title")))
            if not title:
                self.result.left_out(name, "no title")
                continue
            if is_truthy(front.get("draft")):
                self.result.left_out(name, "a draft (draft: true)")
                continue
            paper = self._paper(name, front, body, title, owner)
            folder = PurePosixPath(name).parent.as_posix()
            bib = f"{folder}/cite.bib"
            entry = None
            if self.files.exists(bib):
                text = self.text(bib) or ""
                parsed = read_bibtex(text, bib)
                if len(parsed.entries) == 1:
                    entry = (text, map_entry(parsed.entries[0]))
            marks = any(a.get("equal") or a.get("corresponding") for a in paper["authors"])
            if entry is not None and _richness(entry) > _paper_richness(paper) + marks:
                key = ("title", papers.normalize_title(entry[1].title), entry[1].year)
                if key in seen:
                    self.result.left_out(name, f"the same paper as {seen[key]}")
                    continue
                seen[key] = name
                bib_parts.append(text)
                self.result.read(bib, "paper, through the BibTeX import (richer than index.md)")
                self.result.read(name, f"paper: see {bib}")
                continue
            teaser = self._teaser(folder, front)
            if teaser:
                paper["teaser"] = teaser
            keys = papers.identity_keys(paper)
            twin = next((seen[k] for k in keys if k in seen), None)
            if twin:
                self.result.left_out(name, f"the same paper as {twin}")
                continue
            for key in keys:
                seen.setdefault(key, name)
            if self.result.add("publications", paper, name) is not None:
                self.result.read(name, "paper, from its front matter")
                if entry is not None:
                    self.result.left_out(bib, f"{name} is richer (its authors' marks, links)")
        if bib_parts:
            self.result.bibtex.append(
                BibtexFile("content/publication/*/cite.bib", "\n\n".join(bib_parts))
            )

    def _paper(self, name, front, body, title, owner):
        names = papers.split_authors(as_list(front.get("authors")))
        paper = {"title": title[:500]}
        if not names:
            names, paper["more_authors"] = [(self.result.profile["name"], set())], True
            self.result.warnings.append(
                f"{name}: no authors in the source; listed with you and “et al.”"
            )
        paper["authors"] = papers.author_list(
            names, owner, owner_keys=(*OWNER_KEYS, self.author_key)
        )
        for author in paper["authors"]:
            if author.get("me"):
                author["name"] = self.result.profile["name"]
        date = as_partial_date(front.get("date"))
        if date:
            paper["date"] = date
        kinds = [as_text(kind) for kind in as_list(front.get("publication_types"))]
        paper["type"] = next(
            (PUBLICATION_TYPES[k] for k in kinds if k in PUBLICATION_TYPES), ""
        ) or papers.guess_type(as_text(front.get("publication")))
        if paper["type"] == "preprint" or not date:
            paper["status"] = "preprint"
        venue = as_text(front.get("publication_short")) or as_text(front.get("publication"))
        papers.set_venue(paper, venue.removeprefix("In ").strip())
        if as_text(front.get("publication_short")) and as_text(front.get("publication")):
            paper["venue_full"] = (
                as_text(front.get("publication")).removeprefix("In ").strip("*_ ")[:300]
            )
        ids = (
            (front.get("hugoblox") or {}).get("ids", {})
            if isinstance(front.get("hugoblox"), dict)
            else {}
        )
        doi = clean_doi(as_text(front.get("doi") or ids.get("doi")))
        if doi and is_valid_doi(doi):
            paper["doi"] = doi
        arxiv = clean_arxiv(as_text(ids.get("arxiv")))
        if arxiv and is_valid_arxiv(arxiv):
            paper["arxiv"] = arxiv_base(arxiv)
        for key, label in LINK_KEYS.items():
            papers.add_link(paper, label, front.get(key))
        for link in as_list(front.get("links")):
            if isinstance(link, dict):
                label = as_text(link.get("label") or link.get("name") or link.get("type")) or "link"
                url = as_text(link.get("url"))
                if not url and as_text(link.get("provider")) == "arxiv" and as_text(link.get("id")):
                    url = f"https://arxiv.org/abs/{as_text(link.get('id'))}"
                papers.add_link(
                    paper, label.lower() if label.lower() in LINK_KEYS.values() else label, url
                )
        abstract = strip_templates(as_text(front.get("abstract")))
        if abstract:
            paper["abstract"] = re.sub(r"\s+", " ", abstract)
        summary = as_text(front.get("summary"))
        if summary and summary != abstract:
            paper["tldr"] = summary
        tags = [as_text(tag)[:100] for tag in as_list(front.get("tags")) if as_text(tag)]
        if tags:
            paper["tags"] = tags
        if is_truthy(front.get("featured")):
            paper["selected"] = True
        return paper

    def _teaser(self, folder, front):
        candidates = [f"{folder}/featured.{ext}" for ext in ("jpg", "jpeg", "png", "webp", "gif")]
        if not any(self.files.exists(c) for c in candidates):
            return None
        return self.image(
            f"{folder}/index.md", candidates, f"media/teasers/{PurePosixPath(folder).name}"
        )

    def _items(self, kind, title):
        items = []
        for name in self._bundles(kind):
            front, body = self.page(name)
            if front is None:
                continue
            heading = as_text(front.get("title"))
            if not heading:
                self.result.left_out(name, "no title")
                continue
            if is_truthy(front.get("draft")):
                self.result.left_out(name, "a draft (draft: true)")
                continue
            yield (
                name,
                front,
                heading,
                demote_headings(strip_templates(body, site_url=self.result.site_url)),
            )
            items.append(name)

    def _events(self):
        blocks = []
        for name, front, title, _ in self._items("events", "Talks"):
            date = as_partial_date(front.get("event_start") or front.get("date"))
            place = ", ".join(
                as_text(front.get(k))
                for k in ("event", "event_name", "location")
                if as_text(front.get(k))
            )
            when = PartialDate.parse(date).display() if date else ""
            url = as_text(
                front.get("event_url") or front.get("url_slides") or front.get("url_video")
            )
            details = ", ".join(part for part in (place, when) if part)
            block = f"- **{title}**" + (f" — {details}" if details else "")
            summary = as_text(front.get("summary")) or as_text(front.get("abstract"))
            if summary:
                block += f"\n\n  {re.sub(r'\s+', ' ', strip_tags(summary))}"
            if url.startswith(("http://", "https://")):
                block += f" [Link]({url})"
            blocks.append((date, block))
            self.result.read(name, "section Talks")
        if blocks:
            self.sections["Talks"] = "\n".join(block for _, block in sorted(blocks, reverse=True))

    def _projects(self):
        blocks = []
        for name, front, title, _ in self._items("projects", "Projects"):
            summary = re.sub(r"\s+", " ", strip_tags(as_text(front.get("summary"))))
            url = as_text(front.get("external_link"))
            head = f"[{title}]({url})" if url.startswith(("http://", "https://")) else title
            block = f"- **{head}**" + (f" — {summary}" if summary else "")
            blocks.append((as_partial_date(front.get("date")), block))
            self.result.read(
                name, "section Projects (title and summary; the page itself stays on your old site)"
            )
        if blocks:
            self.sections["Projects"] = "\n".join(
                block for _, block in sorted(blocks, reverse=True)
            )

    def _posts(self):
        for name, front, title, _ in self._items("posts", "News"):
            date = as_partial_date(front.get("date"))
            if not date:
                self.result.left_out(name, "a post without a date (news need one)")
                continue
            url = (
                f"{self.result.site_url}/post/{PurePosixPath(name).parent.name}/"
                if self.result.site_url
                else ""
            )
            text = f"[{title}]({url})" if url.startswith("http") else title
            if self.result.add("news", {"date": date, "text": text}, name) is not None:
                self.result.read(name, "news (the post's title; the post stays on your old site)")
