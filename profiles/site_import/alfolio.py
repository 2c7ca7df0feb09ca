"""al-folio (Jekyll): ``_config.yml`` / ``_data/socials.yml``, ``_pages/about.md``,
``_news/``, ``_bibliography/papers.bib`` (through the BibTeX import), ``_data/cv.yml``
or ``assets/json/resume.json``, ``_projects/``. docs/site-import.md lists what is read."""

import json
import re
from pathlib import PurePosixPath

from django.utils.html import strip_tags

from publications.bibtex.mapping import map_entry
from publications.bibtex.parse import read_bibtex

from . import papers
from .documents import (
    as_list,
    as_partial_date,
    as_text,
    is_draft,
    strip_templates,
)
from .links import SOCIAL_KEYS, add_links, social_link
from .markdown import demote_headings
from .reading import BibtexFile, Reader, resume_award

PREVIEW_FOLDER = "assets/img/publication_preview"
EXAMPLE_PROJECTS = re.compile(r"^project \d+$", re.I)
CV_POSITION_TITLES = {"education": "education", "experience": "employment", "work": "employment"}


class AlfolioReader(Reader):
    generator = "al-folio"

    def run(self):
        self.sections = {}
        self._config()
        self._about()
        self._news()
        self._bibliography()
        self._cv()
        self._projects()
        self._other_files()
        for title, body in self.sections.items():
            self.result.add("sections", {"title": title, "body": body}, f"section {title}")
        return self.result

    def _config(self):
        config = self.data_file("_config.yml") or {}
        config = config if isinstance(config, dict) else {}
        result, profile = self.result, self.result.profile
        result.site_url = (as_text(config.get("url")) + as_text(config.get("baseurl"))).rstrip("/")
        name = " ".join(
            as_text(config.get(key)) for key in ("first_name", "middle_name", "last_name")
        ).split()
        profile["name"] = " ".join(name)[:200] or as_text(config.get("title")) or "Unnamed"
        email = as_text(config.get("email"))
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            profile["email"] = email
        socials = dict(config)
        data = self.data_file("_data/socials.yml")
        if isinstance(data, dict):
            socials.update(data)
            result.read("_data/socials.yml", "links")
        links = []
        for key in SOCIAL_KEYS:
            value = as_text(socials.get(key))
            if value and key in socials:
                links.append(social_link(key, value))
        add_links(result, "_config.yml", links)
        result.read("_config.yml", "name, email, links")

    def _about(self):
        name = next(
            (n for n in ("_pages/about.md", "_pages/about.markdown") if self.files.exists(n)), None
        )
        if not name:
            self.result.warnings.append("no _pages/about.md: no bio")
            return
        front, body = self.page(name)
        if front is None:
            return
        profile, used = self.result.profile, []
        subtitle = re.sub(r"\s+", " ", strip_tags(as_text(front.get("subtitle")))).strip()
        if subtitle:
            profile["headline"], _ = subtitle[:200], used.append("headline (subtitle)")
        about = front.get("profile") if isinstance(front.get("profile"), dict) else {}
        image = as_text(about.get("image"))
        if image:
            photo = self.image(
                f"profile.image in {name}", [f"assets/img/{image}", image], "media/photo"
            )
            if photo:
                profile["photo"], _ = photo, used.append("photo")
        more = re.sub(r"\s+", " ", strip_tags(as_text(about.get("more_info")))).strip()
        if more:
            profile["location"], _ = more[:200], used.append("location (more_info)")
        bio = demote_headings(strip_templates(body, site_url=self.result.site_url))
        if bio:
            profile["bio"], _ = bio, used.append("bio")
        if front.get("news") is False or front.get("announcements") is False:
            self.result.warnings.append(f"{name}: news: false; the news section is hidden")
            self.hide_news = True
        if front.get("selected_papers") is False:
            self.result.warnings.append(
                f"{name}: selected_papers: false; your page here lists the selected papers "
                "first when any are marked selected"
            )
        self.result.read(name, ", ".join(used) or "nothing to import")

    def _news(self):
        for name in self.files.listing("_news"):
            if PurePosixPath(name).suffix not in (".md", ".markdown", ".html"):
                continue
            front, body = self.page(name)
            if front is None:
                continue
            date = as_partial_date(front.get("date"))
            if not date:
                self.result.left_out(name, "no date (news items need one)")
                continue
            if is_draft(front):
                self.result.left_out(name, "a draft (published: false)")
                continue
            text = strip_templates(body, site_url=self.result.site_url)
            if front.get("inline") is False or not text:
                title = as_text(front.get("title"))
                text = title or text
                if title and self.result.site_url:
                    text = f"[{title}]({self.result.site_url}/news/{PurePosixPath(name).stem}/)"
            if not text:
                self.result.left_out(name, "no text")
                continue
            if self.result.add("news", {"date": date, "text": text.strip()}, name) is not None:
                self.result.read(name, "news")

    def _bibliography(self):
        for name in self.files.listing("_bibliography"):
            if not name.endswith(".bib"):
                continue
            text = self.text(name)
            if text is None:
                continue
            self.result.bibtex.append(BibtexFile(name, text))
            self.result.read(
                name, "papers, through the BibTeX import (abbr, selected, preview, pdf, code…)"
            )
            for entry in read_bibtex(text, name).entries:
                preview = map_entry(entry).preview
                if not preview:
                    continue
                path = f"{PREVIEW_FOLDER}/{preview}"
                if not self.files.exists(path):
                    self.result.missing_images.append((f"{name} ({entry.key})", path))
                elif preview not in self.result.teasers:
                    content = self.check_image(f"{entry.key} in {name}", path)
                    if content is not None:
                        self.result.teasers[preview] = content

    def _owner_matches(self, name):
        return not name or papers.owner_names(self.result.profile).matches(name)

    def _cv(self):
        data = self.data_file("_data/cv.yml")
        if isinstance(data, list):
            self._cv_yaml(data)
        resume = "assets/json/resume.json"
        if self.files.exists(resume):
            try:
                document = json.loads(self.text(resume) or "null")
            except ValueError as error:
                self.result.left_out(resume, f"invalid JSON: {error}")
                return
            if isinstance(document, dict):
                self._json_resume(document)

    def _cv_yaml(self, data):
        name = "_data/cv.yml"
        full_name = ""
        for block in data:
            if isinstance(block, dict) and block.get("type") == "map":
                for row in as_list(block.get("contents")):
                    if isinstance(row, dict) and as_text(row.get("name")).casefold() in (
                        "full name",
                        "name",
                    ):
                        full_name = as_text(row.get("value"))
        if not self._owner_matches(full_name):
            self.result.left_out(
                name,
                f"the CV of {full_name}, not {self.result.profile['name']} "
                "(al-folio's example); not imported",
            )
            return
        used = []
        for block in data:
            if not isinstance(block, dict):
                continue
            title, contents = as_text(block.get("title")), as_list(block.get("contents"))
            kind = next(
                (k for word, k in CV_POSITION_TITLES.items() if word in title.casefold()), None
            )
            if block.get("type") == "time_table" and kind:
                for row in contents:
                    if isinstance(row, dict):
                        self._cv_position(row, kind, name, title)
                used.append(f"{title} → positions")
            elif block.get("type") == "time_table" and "award" in title.casefold():
                for row in contents:
                    for item in as_list(row.get("items")) if isinstance(row, dict) else []:
                        award = {"title": strip_tags(as_text(item))[:300]}
                        if str(row.get("year", "")).isdigit():
                            award["year"] = int(row["year"])
                        self.result.add("awards", award, f"{name} ({title})")
                used.append(f"{title} → awards")
            elif title and block.get("type") != "map":
                body = _cv_block_markdown(contents)
                if body:
                    self.sections[title[:200]] = body
                    used.append(f"{title} → section")
            elif block.get("type") == "map":
                self.result.left_out(
                    name, f"“{title}”: personal details are not shown on a profile"
                )
        self.result.read(name, "; ".join(used))

    def _cv_position(self, row, kind, name, title):
        from .markdown import read_period

        period = read_period(f"{as_text(row.get('year'))}: x")
        if not period:
            self.result.left_out(name, f"{title}: “{as_text(row.get('title'))}” has no year")
            return
        _, start, end = period
        position = {
            "kind": kind,
            "organization": strip_tags(
                as_text(row.get("institution")) or as_text(row.get("title"))
            )[:300],
            "role": strip_tags(as_text(row.get("title")))[:300], "start": start,
        }  # fmt: skip
        if end:
            position["end"] = end
        description = _cv_block_markdown(as_list(row.get("description")))
        if description:
            position["description"] = description
        self.result.add("positions", position, f"{name} ({title})")

    def _json_resume(self, document):
        name = "assets/json/resume.json"
        basics = document.get("basics") if isinstance(document.get("basics"), dict) else {}
        person = as_text(basics.get("name"))
        if not self._owner_matches(person):
            self.result.left_out(
                name,
                f"the résumé of {person}, not {self.result.profile['name']} "
                "(al-folio's example); not imported",
            )
            return
        counts = {"positions": 0, "awards": 0}
        for key, kind in (
            ("education", "education"),
            ("work", "employment"),
            ("volunteer", "other"),
        ):
            for row in as_list(document.get(key)):
                if not isinstance(row, dict):
                    continue
                start = as_partial_date(row.get("startDate"), precision="month")
                organization = as_text(
                    row.get("institution") or row.get("name") or row.get("organization")
                )
                role = as_text(row.get("position")) or " ".join(
                    part
                    for part in (as_text(row.get("studyType")), as_text(row.get("area")))
                    if part
                )
                if not start or not organization:
                    self.result.left_out(
                        name, f"{key}: “{organization or role}” has no start date or organisation"
                    )
                    continue
                position = {"kind": kind, "organization": organization[:300], "start": start}
                if role:
                    position["role"] = role[:300]
                end = as_partial_date(row.get("endDate"), precision="month")
                if end:
                    position["end"] = end
                if as_text(row.get("url")).startswith(("http://", "https://")):
                    position["organization_url"] = as_text(row.get("url"))
                summary = as_text(row.get("summary"))
                highlights = "\n".join(f"- {as_text(h)}" for h in as_list(row.get("highlights")))
                if summary or highlights:
                    position["description"] = "\n\n".join(
                        part for part in (summary, highlights) if part
                    )
                counts["positions"] += bool(
                    self.result.add("positions", position, f"{name} ({key})")
                )
        for award in filter(None, map(resume_award, as_list(document.get("awards")))):
            counts["awards"] += bool(self.result.add("awards", award, f"{name} (awards)"))
        self.result.read(name, f"{counts['positions']} positions, {counts['awards']} awards")

    def _projects(self):
        items = []
        for name in self.files.listing("_projects"):
            if not name.endswith((".md", ".markdown")):
                continue
            front, _ = self.page(name)
            if front is None:
                continue
            title = as_text(front.get("title"))
            if not title or EXAMPLE_PROJECTS.match(title):
                self.result.left_out(name, "al-folio's example project" if title else "no title")
                continue
            description = as_text(front.get("description"))
            url = as_text(front.get("redirect"))
            head = f"[{title}]({url})" if url.startswith(("http://", "https://")) else title
            block = f"- **{head}**" + (f" — {description}" if description else "")
            items.append((as_text(front.get("importance")) or "9", block))
            self.result.read(name, "section Projects")
        if items:
            self.sections["Projects"] = "\n".join(block for _, block in sorted(items))

    def _other_files(self):
        for name in ("_data/coauthors.yml", "_data/venues.yml"):
            if self.files.exists(name):
                what = "co-authors' links" if "coauthors" in name else "venue colours and links"
                self.result.left_out(name, f"{what}: a profile here has no place for them yet")
        for name in self.files.names:
            if name.startswith("_pages/") and PurePosixPath(name).name.startswith("_"):
                self.result.left_out(name, "switched off on the site (its name starts with _)")
            elif name.startswith("_pages/") and not name.startswith("_pages/about."):
                self.result.left_out(
                    name, "a page of the site's layout (its content is read from its own folder)"
                )
            elif name.startswith("_posts/"):
                self.result.left_out(name, "blog posts are not imported (news come from _news/)")


def _cv_block_markdown(contents):
    lines = []
    for item in contents:
        if isinstance(item, dict):
            title = strip_tags(as_text(item.get("title") or item.get("name")))
            value = strip_tags(as_text(item.get("value") or item.get("description")))
            line = f"**{title}**" + (f" {value}" if value else "")
            year = as_text(item.get("year"))
            if year:
                line = f"{year}: {line}"
            lines.append(f"- {line}")
            for sub in as_list(item.get("contents") or item.get("items")):
                lines.append(f"  - {strip_tags(as_text(sub))}")
        elif as_text(item):
            lines.append(f"- {strip_tags(as_text(item))}")
    return "\n".join(lines)
