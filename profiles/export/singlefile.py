"""One self-contained ``.html`` of a profile page, for mail or a USB stick.

The file is opened from disk, outside the live site's Content-Security-Policy, so
stylesheets and scripts are inlined and images become data: URIs. Links to the
profile's other pages become anchors on this page where the page has the section
(``publications/`` -> ``#publications``), the BibTeX a data: download; links to
paper pages and to the feed, which a single file cannot hold, are unlinked.
"""

from urllib.parse import quote

from .assets import AssetReader, data_uri
from .rewrite import LinkPolicy, internal_path, rewrite_css

# Exported file -> anchor on the profile page that shows the same content.
_ANCHORS = {"index.html": "", "publications/index.html": "publications"}


class SingleFileLinks(LinkPolicy):
    def __init__(self, *, plan, renderer, reader):
        self.plan = plan
        self.renderer = renderer
        self.reader = reader
        self.live_path = next(path for path, file in plan.pages.items() if file == "index.html")

    def _target(self, url, base_path=None):
        found = internal_path(url, base_path or self.live_path)
        if found is None:
            return False
        path, query, fragment = found
        return self.plan.locate(path, query), fragment

    def link(self, url):
        if url.startswith("#") or not url:
            return url
        found = self._target(url)
        if found is False:
            return url
        target, fragment = found
        if target in _ANCHORS:
            return "#" + (fragment or _ANCHORS[target] or "top")
        if target == "publications.bib":
            bibtex, _ = self.renderer.get(self._live_path_of(target))
            return "data:text/plain;charset=utf-8," + quote(bibtex.decode("utf-8"))
        if target and self.plan.is_asset(target):
            return self._data(target)
        return None

    def _live_path_of(self, target):
        return next(path for path, file in self.plan.pages.items() if file == target)

    def _data(self, target):
        data = self.reader.read(target)
        if data is None:
            return None
        if target.endswith(".css"):
            data = self._css(data.decode("utf-8"), self.plan.live_asset_path(target)).encode()
        return data_uri(target, data)

    def resource(self, url, tag=None, base_path=None):
        found = self._target(url, base_path)
        if found is False:
            return url
        target, _ = found
        if target is None or not self.plan.is_asset(target):
            return None
        return self._data(target)

    def absolute(self, url):
        found = self._target(url)
        if found is False:
            return url
        target, fragment = found
        if target is None or self.plan.base_url is None or self.plan.is_asset(target):
            return None
        return self.plan.absolute(target) + (f"#{fragment}" if fragment else "")

    def json_url(self, url):
        """The page's own parts: under --base-url when given, else anchors of this file;
        pages and files the single file does not hold: left out."""
        target, fragment = self._target(url)
        if target in _ANCHORS:
            fragment = fragment or _ANCHORS[target]
            if self.plan.base_url is not None:
                return self.plan.base_url + (f"#{fragment}" if fragment else "")
            return "#" + (fragment or "top")
        return None

    def css(self, css):
        return self._css(css, self.live_path)

    def _css(self, css, base_path):
        return rewrite_css(css, lambda url: self.resource(url, base_path=base_path))

    def tag(self, tag):
        if tag.name == "link" and "stylesheet" in (tag.get("rel") or "").split():
            return self._inline_stylesheet(tag)
        if tag.name == "script" and tag.get("src"):
            return self._inline_script(tag)
        new = super().tag(tag)
        if tag.name == "a" and (tag.get("href") or "").startswith("data:text/plain"):
            tag.set("download", "publications.bib")
            return tag.html()
        return new

    def _inline_stylesheet(self, tag):
        found = self._target(tag.get("href"))
        if found is False or found[0] is None:
            return ""
        target = found[0]
        if self.plan.is_asset(target):
            data, base_path = self.reader.read(target), self.plan.live_asset_path(target)
        else:
            # A stylesheet the views make (the profile's theme.css).
            base_path = self._live_path_of(target)
            data, _ = self.renderer.get(base_path)
        if data is None:
            return ""
        css = self._css(data.decode("utf-8"), base_path)
        media = tag.get("media")
        opening = f'<style media="{media}">' if media else "<style>"
        return opening + css.replace("</style", "<\\/style") + "</style>"

    def _inline_script(self, tag):
        found = self._target(tag.get("src"))
        data = self.reader.read(found[0]) if found and found[0] else None
        if data is None:
            tag.remove("src")
            return tag.html()
        # A deferred external script runs after parsing; an inline module script does too.
        deferred = tag.has("defer") or tag.get("type") == "module"
        tag.remove("src", "defer", "async", "integrity", "crossorigin")
        if deferred:
            tag.set("type", "module")
        script = data.decode("utf-8").replace("</script", "<\\/script")
        return tag.html() + script


def render_single_file(profile, *, plan, renderer):
    """(html, problems) of the profile page with everything it needs inside."""
    reader = AssetReader()
    links = SingleFileLinks(plan=plan, renderer=renderer, reader=reader)
    content, _ = renderer.get(links.live_path)
    return links.rewrite(content.decode("utf-8")), reader.problems
