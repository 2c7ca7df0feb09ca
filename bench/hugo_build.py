"""A Hugo site of the same pages as the static export, made from the same data.

Used by bench/export_vs_hugo.py: for one profile (its page, its publication list,
one page per paper) or a whole site (the directory, then that for every published
profile), it writes Hugo content files whose front matter holds what the Django
templates show (each paper's entry as the presentation layer computes it: authors
with their marks, venue, badges, links, teaser thumbnail, TL;DR, abstract, BibTeX,
Google Scholar tags) and layouts that mirror the Django templates, with the
export's relative links. Hugo copies the same static files and thumbnails.

What is not per paper on the profile page and the list (the profile's header, its
other sections, its JSON-LD) is taken from the export's page as one string each;
the work that grows with the papers (300 entries on two pages, 300 paper pages) is
Hugo's.
"""

import json
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.utils.html import format_html

from profiles.markdown import render_markdown
from publications.bibtex.export import bibtex_for_publication
from publications.metadata import citation_meta
from publications.presentation import AuthorListContext, PaperUrls, PublicationEntry
from publications.selectors import attach_author_rows, attach_tag_slugs, listed_publications

LAYOUTS = Path(__file__).parent / "hugo_layouts"
_FIRST_GROUP = re.compile(r'<h[23] class="pub-group-title">')
_LAST_GROUP_END = "</article>\n\n</div>\n"


def _media_relative(url, root):
    """``/media/CACHE/x.webp 1x, …`` as the export writes it from a page ``root`` deep."""
    media = "/" + settings.MEDIA_URL.lstrip("/")
    return url.replace(media, root + "media/") if url else url


def _thumb(entry, root):
    thumb = entry.teaser_thumbnail
    if not thumb:
        return None
    return {
        "url": _media_relative(thumb.url, root),
        "srcset": _media_relative(thumb.srcset, root),
        "width": thumb.width,
        "height": thumb.height,
    }


def _entry(entry, slug):
    publication = entry.publication
    return {
        "pk": str(entry.pk),
        "slug": slug,
        "title": entry.title,
        "authors_html": str(entry.authors_html),
        "venue": entry.venue,
        "venue_full": entry.venue_full,
        "venue_note": entry.venue_note,
        "year": str(entry.year or ""),
        "type": entry.type,
        "type_label": publication.get_type_display(),
        "status": entry.status,
        "status_label": entry.status_label,
        "badges": [{"kind": badge.kind, "text": badge.text} for badge in entry.badges],
        "links": [{"url": link.url, "label": link.label} for link in entry.links],
        "tldr_html": str(entry.tldr_html) if entry.tldr else "",
        "abstract_html": str(entry.abstract_html) if entry.abstract else "",
        "tag_slugs": " ".join(getattr(publication, "tag_slugs", [])),
        "tags": [tag.name for tag in publication.tags.all()],
        "bibtex": bibtex_for_publication(publication),
        "citation_meta": [[name, content] for name, content in citation_meta(publication)],
        "thumb": _thumb(entry, "../../"),
    }


def _chrome(html):
    """The page around its groups of entries: (before the first, after the last)."""
    start = _FIRST_GROUP.search(html).start()
    end = html.rindex(_LAST_GROUP_END) + len(_LAST_GROUP_END)
    return html[:start], html[end:]


def write_profile(profile, content, *, folder, exported):
    """Content files of one profile: its page, its list and its papers, whose pages go
    to ``papers/<slug>/`` like the export's (``folder`` is "" or "<slug>/" in a site)."""
    papers = attach_author_rows(listed_publications(profile))
    attach_tag_slugs(papers)
    authors = AuthorListContext(owner=profile)
    paper_url = PaperUrls()
    # A profile's export shows its papers as seen from its page (the researcher's name on
    # top, theirs highlighted); a site's are shared: the site's name, linking the directory.
    seen_from = None if folder else profile
    if seen_from:
        chrome = {
            "theme": "../../theme.css",
            "site_link": format_html(
                '<a class="site-name" href="../../index.html">{}</a>', profile.name
            ),
            "nav": '<ul class="nav-links"><li><a href="../../publications/index.html">'
            "Publications</a></li></ul>",
        }
    else:
        chrome = {
            "theme": "",
            "site_link": format_html(
                '<a class="site-name" href="../../index.html">{}</a>', settings.SITE_NAME
            ),
            "nav": "",
        }
    chrome["paper_profiles_html"] = format_html(
        '<p class="paper-profiles">On the pages of <a href="../../{}index.html">{}</a></p>',
        folder,
        profile.name,
    )
    section = content / folder
    (section / "papers").mkdir(parents=True, exist_ok=True)
    # The papers' folder is a section of its own, not a page.
    (section / "papers" / "_index.md").write_text('{"_build": {"render": "never"}}\n')
    for weight, paper in enumerate(papers, 1):
        slug = paper_url(paper).rstrip("/").rsplit("/", 1)[-1]
        entry = _entry(PublicationEntry(paper, authors.render(paper), url=""), slug)
        on_page = AuthorListContext(owner=seen_from, link_owner=True)
        # The export's link to the owner's page, relative to the paper's page.
        entry["paper_authors_html"] = str(on_page.render(paper)).replace(
            f'href="{profile.get_absolute_url()}"', f'href="../../{folder}index.html"'
        )
        entry["abstract_page_html"] = str(render_markdown(paper.abstract))
        page = {
            "title": paper.title,
            "url": f"/papers/{slug}/",
            "weight": weight,
            "root": "../../",
            # A site export links the directory, which a one-profile export does not hold.
            **chrome,
            **entry,
        }
        (section / "papers" / f"{slug}.md").write_text(json.dumps(page) + "\n")
    up = "../" if folder else ""
    before, after = _chrome((exported / "index.html").read_text())
    front = {
        "title": profile.name,
        "before": before,
        "after": after,
        "papers": f"/{folder}papers",
        "prefix": f"{up}papers/",
        "filterable": False,
    }
    (section / "_index.md").write_text(json.dumps(front) + "\n")
    (section / "publications").mkdir(exist_ok=True)
    before, after = _chrome((exported / "publications/index.html").read_text())
    front |= {"title": "Publications", "before": before, "after": after}
    front |= {"prefix": f"../{up}papers/", "filterable": True}
    (section / "publications" / "_index.md").write_text(json.dumps(front) + "\n")


def write_site(target, profiles, *, export_dir, directory=False):
    """A Hugo site in ``target`` of one profile, or with ``directory`` of a site export
    (each profile under ``<slug>/``). What is neither a page nor grows with the papers
    (static files, thumbnails, the ``.bib``, feed and theme, the directory) is copied
    from the export in ``export_dir`` into Hugo's ``static/``, which Hugo copies in turn.
    """
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(LAYOUTS, target)
    content = target / "content"
    for profile in profiles:
        folder = f"{profile.slug}/" if directory else ""
        write_profile(profile, content, folder=folder, exported=export_dir / folder)
    static = target / "static"
    for path in export_dir.rglob("*"):
        parts = path.relative_to(export_dir).parts
        if path.is_dir() or parts[0] == "papers":
            continue
        # The profile pages and publication lists are Hugo's to make.
        profile_page = parts == (*parts[:-1], "index.html") and len(parts) == 1 + directory
        if profile_page or parts[-2:] == ("publications", "index.html"):
            continue
        (static / path.relative_to(export_dir)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, static / path.relative_to(export_dir))
    if directory:
        config = json.loads((target / "config.json").read_text())
        config["disableKinds"].append("home")
        (target / "config.json").write_text(json.dumps(config, indent=2))
    return target
