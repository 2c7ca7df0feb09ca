"""Writing planned pages and the files they use: the engine of folder and zip exports."""

from itertools import chain, islice
from xml.sax.saxutils import escape

from publications.selectors import preloaded_publications

from .assets import AssetReader
from .memo import RewriteMemo
from .plan import relative_path
from .rewrite import ABSOLUTE_EXPORT_URL, LinkPolicy, internal_path, rewrite_css
from .workers import PageWorkers

PRELOAD_BATCH = 100  # also the unit of work of each process (workers.py)
# The most URLs one sitemap file may hold (sitemaps.org).
SITEMAP_URLS = 50_000


class FolderLinks(LinkPolicy):
    """References of one exported file, made relative to it; used assets are copied."""

    def __init__(self, exporter, *, live_path, file_path):
        self.exporter = exporter
        self.plan = exporter.plan
        self.live_path = live_path
        self.file_path = file_path
        # The static and media files this page refers to, in the order met (copied on
        # first use): replayed in that order, a remembered page adds zip entries in the
        # same order as a fresh one, so the zip stays byte-identical.
        self.assets = {}

    def _target(self, url):
        """(exported file, fragment), None when not held, or False when ``url`` is not ours."""
        # Root-relative and absolute URLs mean the same on every page: resolved once.
        shared = url.startswith(("/", "http://", "https://")) and not url.startswith("//")
        if shared and url in self.exporter.targets:
            found = self.exporter.targets[url]
        else:
            found = self._resolve(url)
            if shared:
                self.exporter.targets[url] = found
        if found and self.plan.is_asset(found[0]):
            self.assets[found[0]] = None
        return found

    def _resolve(self, url):
        found = internal_path(url, self.live_path)
        if found is None:
            return False
        path, query, fragment = found
        target = self.plan.locate(path, query)
        if target is None:
            return None
        if self.plan.is_asset(target) and not self.exporter.copy_asset(target):
            return None
        return target, fragment

    def link(self, url):
        if url.startswith("#") or not url:
            return url
        found = self._target(url)
        if found is False:
            return url
        if found is None:
            return None
        target, fragment = found
        if target == self.file_path and fragment:
            return f"#{fragment}"
        return relative_path(self.file_path, target) + (f"#{fragment}" if fragment else "")

    def resource(self, url, tag=None):
        return self.link(url)

    def absolute(self, url):
        found = self._target(url)
        if found is False:
            return url
        if found is None or self.plan.base_url is None:
            return None
        target, fragment = found
        return self.plan.absolute(target) + (f"#{fragment}" if fragment else "")

    def _in_text(self, found):
        target, fragment = found
        if self.plan.base_url is None:
            new = relative_path(self.file_path, target)
        else:
            new = self.plan.absolute(target)
        return new + (f"#{fragment}" if fragment else "")

    def text(self, text):
        """Absolute URLs in the feed and other text files; one the export does not hold
        (a co-author's page on the live site) becomes the export's home."""

        def replace(match):
            return self._in_text(self._target(match.group(0)) or ("index.html", ""))

        return ABSOLUTE_EXPORT_URL.sub(replace, text)

    def json_url(self, url):
        found = self._target(url)
        return self._in_text(found) if found else None

    def css(self, css):
        return rewrite_css(css, self.resource)


class Exporter:
    """Renders planned pages through the live views and writes them with their assets."""

    def __init__(self, *, plan, writer, renderer, processes=1):
        self.plan = plan
        self.writer = writer
        self.renderer = renderer
        self.processes = processes
        self.assets = AssetReader()
        self._copied = {}
        # URL -> FolderLinks._target's answer, for URLs that resolve alike on every page;
        # emptied after each batch of pages, so that it does not grow with a site.
        self.targets = {}
        self.memo = RewriteMemo(plan)

    @property
    def problems(self):
        return self.assets.problems

    def export_pages(self, progress=None):
        """Exports every page of the plan; ``progress(done, total)`` after each page.

        The papers of each batch of pages are loaded together (on the first page the page
        cache does not hold): a handful of queries per batch instead of five per paper
        page, and memory bounded by the batch, not the site. With ``processes`` above one
        the batches are rendered by that many forked processes (profiles.export.workers)
        and written here in the same order: the same files, the same zip.
        """
        total, done = self.plan.page_count(), 0
        with PageWorkers(self, self.processes) as workers:
            pages = workers.pages() if workers else self.rendered_pages()
            for file_path, data, assets in pages:
                # The files a page refers to go first, as when it is rendered here (where
                # this finds them copied already).
                for asset in assets:
                    self.copy_asset(asset)
                self.writer.write(file_path, data)
                done += 1
                if progress is not None:
                    progress(done, total)

    def batches(self):
        return self.plan.batches(PRELOAD_BATCH)

    def rendered_pages(self, batches=None):
        """(file, exported bytes, assets it refers to) of each page of ``batches`` (all
        of the plan's by default), rendered one at a time; the assets are copied."""
        for batch in batches if batches is not None else self.batches():
            papers = [pk for _, _, pk in batch if pk is not None]
            with preloaded_publications(papers):
                for live_path, file_path, _ in batch:
                    yield (file_path, *self.render_page(live_path, file_path))
            self.targets.clear()

    def render_page(self, live_path, file_path):
        """(exported bytes, the assets it refers to, in the order met)."""
        content, content_type = self.renderer.get(live_path)
        key = self.memo.key(file_path, content)
        remembered = self.memo.get(key)
        # A remembered page is used only when the files it refers to can still be had.
        if remembered is not None and all(map(self.copy_asset, remembered[1])):
            return remembered
        text = content.decode("utf-8")
        links = FolderLinks(self, live_path=live_path, file_path=file_path)
        if "html" in content_type:
            text = links.rewrite(text)
        elif "css" in content_type:
            text = links.css(text)
        else:
            text = links.text(text)
        data, assets = text.encode("utf-8"), list(links.assets)
        # A page that lost a reference to an unreadable file is not remembered.
        if not self.problems:
            self.memo.set(key, (data, assets))
        return data, assets

    def copy_asset(self, file_path):
        """Copies an asset once; False (and a reported problem) when it cannot be read."""
        if file_path not in self._copied:
            self._copied[file_path] = self._copy(file_path)
        return self._copied[file_path]

    def _copy(self, file_path):
        if file_path.endswith(".css"):
            data = self.assets.read(file_path)
            if data is None:
                return False
            live_path = self.plan.live_asset_path(file_path)
            links = FolderLinks(self, live_path=live_path, file_path=file_path)
            self.writer.write(file_path, links.css(data.decode("utf-8")).encode("utf-8"))
            return True
        located = self.assets.locate(file_path)
        if located is None:
            return False
        path, content = located
        if path is None:
            self.writer.write(file_path, content)
        else:
            self.writer.copy(file_path, path)
        return True

    def export_sitemap(self):
        """sitemap.xml of the exported pages; only with a base URL, as sitemaps need one.

        A sitemap holds at most 50,000 URLs (sitemaps.org): a larger site gets
        ``sitemap-1.xml``, ``sitemap-2.xml``… and ``sitemap.xml`` as their index.
        """
        pages = (path for _, path in self.plan.page_items() if path.endswith(".html"))
        chunk = list(islice(pages, SITEMAP_URLS + 1))
        if len(chunk) <= SITEMAP_URLS:
            self._write_sitemap("sitemap.xml", "urlset", "url", chunk)
            return
        pages = chain(chunk, pages)
        names = []
        while chunk := list(islice(pages, SITEMAP_URLS)):
            names.append(f"sitemap-{len(names) + 1}.xml")
            self._write_sitemap(names[-1], "urlset", "url", chunk)
        self._write_sitemap("sitemap.xml", "sitemapindex", "sitemap", names)

    def _write_sitemap(self, name, root, element, paths):
        entries = "".join(
            f"<{element}><loc>{escape(self.plan.absolute(path))}</loc></{element}>\n"
            for path in paths
        )
        self.writer.write(
            name,
            (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"{entries}</{root}>\n"
            ).encode(),
        )
