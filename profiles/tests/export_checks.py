"""Checks shared by the export tests: a walker over every reference, and visible text."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from profiles.export.rewrite import CSS_URL, split_srcset

# Elements whose URL attribute a visitor follows; everything else is loaded by the browser.
FOLLOWED = {("a", "href"), ("area", "href"), ("form", "action")}
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")
# Names of the exporting server that must never reach an export.
SERVER_NAMES = ("export.invalid", "testserver")


def css_urls(css):
    return [
        next(group for group in match.groups() if group is not None)
        for match in CSS_URL.finditer(css)
    ]


def _check(root, source, url, *, followed, problems):
    if not url or url.startswith("#"):
        return
    parts = urlsplit(url)
    if parts.scheme == "data":
        return
    if parts.scheme or parts.netloc:
        if not (followed and parts.scheme in ("http", "https", "mailto")):
            problems.append(f"{source}: loads {url} from elsewhere")
        return
    target = (source.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(root.resolve()):
        problems.append(f"{source}: {url} points outside the export")
    elif not target.is_file():
        problems.append(f"{source}: {url} is dangling")


def walk_references(root):
    """Problems with the references of an exported folder: dangling, or to another host."""
    root = Path(root)
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix == ".css":
            for url in css_urls(path.read_text()):
                _check(root, path, url, followed=False, problems=problems)
        if path.suffix != ".html":
            continue
        soup = BeautifulSoup(path.read_text(), "html.parser")
        for element in soup.find_all(True):
            for attr in URL_ATTRIBUTES:
                if element.has_attr(attr):
                    if element.name == "link" and "canonical" in element.get("rel", []):
                        continue
                    followed = (element.name, attr) in FOLLOWED
                    _check(root, path, element[attr], followed=followed, problems=problems)
            if element.has_attr("srcset"):
                for url, _ in split_srcset(element["srcset"]):
                    _check(root, path, url, followed=False, problems=problems)
            for css in [element.get("style", "")] + (
                [element.string or ""] if element.name == "style" else []
            ):
                for url in css_urls(css):
                    _check(root, path, url, followed=False, problems=problems)
    return problems


def server_names_in(root):
    """Files of the export that name the server that exported them."""
    return [
        f"{path}: {name}"
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
        for name in SERVER_NAMES
        if name.encode() in path.read_bytes()
    ]


def visible_text(html, selector="main"):
    """The text a visitor reads in ``selector`` (the whole body when absent), normalised."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.find_all(["script", "style", "template"]):
        hidden.decompose()
    part = soup.select_one(selector) or soup.body or soup
    return re.sub(r"\s+", " ", part.get_text(" ")).strip()


def folder_bytes(root):
    """{relative path: bytes} of every file under ``root``."""
    root = Path(root)
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
