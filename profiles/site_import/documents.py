"""Reading the text files of a site: front matter, YAML/TOML, and template code removed.

YAML comes from strangers, so it is loaded with PyYAML's safe loader and bounded: a
document that nests deeper than ``MAX_DEPTH`` or whose aliases expand to more than
``MAX_VALUES`` values (a "billion laughs") is refused before anything is built from it.
Template code (Liquid ``{% … %}`` / ``{{ … }}``, Hugo shortcodes, kramdown attribute
lists) is stripped, never executed: an include loop is just text that goes away.
"""

import datetime
import re
import tomllib

import yaml

MAX_DEPTH = 40
MAX_VALUES = 100_000
MAX_DOCUMENT_CHARS = 1024 * 1024


class DocumentError(ValueError):
    """A file that cannot be read; the message names the line when it can."""


class _BoundedLoader(yaml.SafeLoader):
    def construct_document(self, node):
        _check_expansion(node)
        return super().construct_document(node)


# Dates stay text: a "2024-02-15 12:00:00-0400" keeps its day, whatever the time zone.
_BoundedLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _check_expansion(root):
    """Count the values the document stands for once every alias is expanded; memoised per
    node, so the count itself is cheap however large the expansion would be."""
    sizes, active = {}, set()

    def size(node, depth):
        if depth > MAX_DEPTH:
            raise DocumentError(
                f"line {node.start_mark.line + 1}: nested more than {MAX_DEPTH} deep"
            )
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise DocumentError(f"line {node.start_mark.line + 1}: an alias refers to itself")
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_VALUES:
                raise DocumentError(
                    f"line {node.start_mark.line + 1}: its aliases expand to more than "
                    f"{MAX_VALUES:,} values (a YAML bomb?); refused"
                )
        active.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


def load_yaml(text):
    """Parse one YAML document safely; raise DocumentError saying where it is wrong."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise DocumentError(f"more than {MAX_DOCUMENT_CHARS // 1024} kB of YAML; refused")
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise DocumentError(f"{where}invalid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise DocumentError(f"invalid YAML: {error}") from None
    except RecursionError:
        raise DocumentError(f"nested more than {MAX_DEPTH} deep; refused") from None


def load_toml(text):
    if len(text) > MAX_DOCUMENT_CHARS:
        raise DocumentError(f"more than {MAX_DOCUMENT_CHARS // 1024} kB of TOML; refused")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DocumentError(f"invalid TOML: {error}") from None
    except RecursionError:
        raise DocumentError(f"nested more than {MAX_DEPTH} deep; refused") from None


_FRONT_MATTER = re.compile(
    r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n(.*?)^\1[ \t]*(?:\r?\n|\Z)", re.S | re.M
)


def split_front_matter(text):
    """(front matter as a dict, body). A file without front matter has an empty dict; a
    front matter that is not a mapping is an error."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.lstrip("\ufeff").startswith(("---", "+++")):
            raise DocumentError("the front matter is not closed (--- or +++ missing)")
        return {}, text
    raw = match.group(2)
    data = load_toml(raw) if match.group(1) == "+++" else load_yaml(raw)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DocumentError("the front matter is not a set of key: value lines")
    return data, text[match.end() :]


_LIQUID_BLOCKS = re.compile(
    r"{%-?\s*(comment|raw|capture|highlight)\b.*?%}(.*?){%-?\s*end\1\s*-?%}", re.S
)
# A condition or loop over the site's data cannot be evaluated without running it: the
# whole block goes, innermost first (bounded: a template nests only so deep).
_LIQUID_CONTROL = re.compile(
    r"{%-?\s*(if|unless|for|case|tablerow)\b(?:(?!{%-?\s*(?:if|unless|for|case|tablerow)\b).)*?"
    r"{%-?\s*end\1\s*-?%}",
    re.S,
)
_LIQUID_TAG = re.compile(r"{%.*?%}", re.S)
_LIQUID_OUTPUT = re.compile(r"{{(?![<%]).*?}}", re.S)
_SITE_URL = re.compile(
    r"{{-?\s*(?:site\.url\s*}}\s*{{-?\s*)?(?:site\.baseurl|base_path|site\.url)\s*-?}}"
)
_SHORTCODE = re.compile(r"{{[<%].*?[%>]}}", re.S)
_KRAMDOWN_ATTRIBUTES = re.compile(r"{:[^}\n]*}")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def strip_templates(text, *, site_url=""):
    """Markdown without template code. ``{{ site.baseurl }}`` becomes the old site's
    address (links into it keep working); every other tag and output is dropped."""
    text = _HTML_COMMENT.sub("", text)
    text = _LIQUID_BLOCKS.sub(lambda m: m.group(2) if m.group(1) == "raw" else "", text)
    for _ in range(MAX_DEPTH if len(text) < 200_000 else 0):  # quadratic on huge text
        text, count = _LIQUID_CONTROL.subn("", text)
        if not count:
            break
    text = _SITE_URL.sub(site_url.rstrip("/"), text)
    text = _SHORTCODE.sub("", text)
    text = _LIQUID_TAG.sub("", text)
    text = _LIQUID_OUTPUT.sub("", text)
    text = _KRAMDOWN_ATTRIBUTES.sub("", text)
    if not re.sub(r"<[^>]*>", "", text).strip():
        return ""  # only empty HTML left (<ul></ul> around a loop)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def has_templates(text):
    return bool(_LIQUID_TAG.search(text) or _LIQUID_OUTPUT.search(text) or _SHORTCODE.search(text))


def as_text(value):
    """A front-matter scalar as stripped text; lists and mappings are not text."""
    if value is None or isinstance(value, (list, dict)):
        return ""
    if isinstance(value, bool):
        return ""
    return str(value).strip()


def as_list(value):
    """Lists stay lists; one string becomes a list of one (generators accept both)."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [item for item in value if item not in (None, "")]
    return [value]


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def as_partial_date(value, *, precision="day"):
    """``YYYY``/``YYYY-MM``/``YYYY-MM-DD`` from what front matter holds (a date, a year,
    an ISO timestamp with a time and zone), or "" when there is no date."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        value = value.isoformat()
    if isinstance(value, bool) or value is None:
        return ""
    match = _DATE.match(str(value).strip())
    if not match:
        return ""
    year, month, day = match.groups()
    if not 1000 <= int(year) <= 2999:
        return ""
    parts = [year]
    if month and 1 <= int(month) <= 12 and precision in ("month", "day"):
        parts.append(f"{int(month):02d}")
        if day and 1 <= int(day) <= 31 and precision == "day":
            try:
                datetime.date(int(year), int(month), int(day))
            except ValueError:
                return "-".join(parts)
            parts.append(f"{int(day):02d}")
    return "-".join(parts)


def is_truthy(value):
    if isinstance(value, str):
        return value.strip().casefold() in ("true", "yes", "1", "on")
    return bool(value)


def is_draft(front):
    """Jekyll's two ways of keeping a page off the site."""
    return front.get("published") is False or is_truthy(front.get("draft"))
