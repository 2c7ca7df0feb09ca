"""Markdown from a site, made fit for a profile: headings under the section's own, CV
bullet lists read as positions and awards where they are structured enough."""

import re
from dataclasses import dataclass, field

_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$", re.M)
_SETEXT = re.compile(r"^([^\n]+)\n(=+|-+)[ \t]*$", re.M)


def demote_headings(text):
    """Headings start at level 3: the profile page's section title is the h2."""
    text = _SETEXT.sub(
        lambda m: f"{'#' if m.group(2)[0] == '=' else '##'} {m.group(1).strip()}", text
    )
    levels = [len(m.group(1)) for m in _ATX.finditer(text)]
    if not levels:
        return text
    shift = max(0, 3 - min(levels))
    return _ATX.sub(lambda m: f"{'#' * min(6, len(m.group(1)) + shift)} {m.group(2)}", text)


def split_sections(text):
    """[(heading, body)] at the top heading level; text before the first heading has ""."""
    text = _SETEXT.sub(
        lambda m: f"{'#' if m.group(2)[0] == '=' else '##'} {m.group(1).strip()}", text
    )
    matches = list(_ATX.finditer(text))
    if not matches:
        return [("", text.strip())]
    top = min(len(m.group(1)) for m in matches)
    heads = [m for m in matches if len(m.group(1)) == top]
    parts = [("", text[: heads[0].start()].strip())]
    for index, match in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        parts.append((match.group(2).strip().rstrip(":"), text[match.end() : end].strip()))
    return [(heading, body) for heading, body in parts if heading or body]


@dataclass
class Bullet:
    text: str
    children: list = field(default_factory=list)


_BULLET = re.compile(r"^([ \t]*)[*+-][ \t]+(.*)$")


def bullets(text):
    """Top-level list items with their nested lines; None when the text has other content
    (paragraphs) besides the list."""
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _BULLET.match(line.expandtabs(4))
        if match and not match.group(1):
            items.append(Bullet(match.group(2).strip()))
        elif items and (match or line[:1] in " \t"):
            items[-1].children.append((match.group(2) if match else line).strip())
        else:
            return None
    return items


_END_WORDS = r"now|present|current|today|ongoing|date"
_PERIOD = (
    rf"(?P<start>\d{{4}}(?:[-/.]\d{{1,2}})?)"
    rf"(?:\s*(?:--|–|—|-|to|until)\s*(?P<end>\d{{4}}(?:[-/.]\d{{1,2}})?|{_END_WORDS}))?"
)
_LEADING_PERIOD = re.compile(rf"^\(?{_PERIOD}\)?\s*[:,–—-]?\s+(?P<text>.+)$", re.I)
_TRAILING_PERIOD = re.compile(rf"^(?P<text>.+?)[,;]?\s*\(?{_PERIOD}\)?\.?$", re.I)


def _partial(value):
    value = value.replace("/", "-").replace(".", "-")
    year, _, month = value.partition("-")
    return f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year


def read_period(text):
    """(rest of the text, start, end) for "2014--2015: …", "… 2019-Present", "…, 2014";
    None when no period is found. An end of "now" is None (present); a single year is
    both start and end (a degree's year)."""
    clean = re.sub(r"[*_]{1,2}", "", text).strip()
    match = _LEADING_PERIOD.match(clean) or _TRAILING_PERIOD.match(clean)
    if not match:
        return None
    start, end = _partial(match.group("start")), match.group("end")
    if end is None:
        end = start
    elif re.fullmatch(_END_WORDS, end, re.I):
        end = None
    else:
        end = _partial(end)
    rest = match.group("text").strip().strip(",;:").strip()
    return (rest, start, end) if rest else None


def position_from_bullet(bullet, kind):
    """A bundle position from one CV bullet, or None when it is not structured enough."""
    found = read_period(bullet.text)
    if not found:
        return None
    rest, start, end = found
    parts = [part.strip() for part in re.split(r",\s+", rest) if part.strip()]
    role, organization = (parts[0], ", ".join(parts[1:])) if len(parts) > 1 else ("", parts[0])
    if end and end < start:
        return None
    lowered = role.casefold()
    if kind == "employment" and "intern" in lowered:
        kind = "internship"
    elif kind == "employment" and "visiting" in lowered:
        kind = "visiting"
    position = {"kind": kind, "organization": organization[:300], "start": start}
    if role:
        position["role"] = role[:300]
    if end:
        position["end"] = end
    advisors, lines = [], []
    for child in bullet.children:
        match = re.match(r"^(?:co-)?advisors?\s*:\s*(.+)$", child, re.I)
        if match:
            advisors += [
                name.strip()
                for name in re.split(r",|\band\b|co-advisor:", match.group(1), flags=re.I)
                if name.strip()
            ]
        else:
            lines.append(f"- {child}")
    if advisors:
        position["advisors"] = advisors
    if lines:
        position["description"] = "\n".join(lines)
    return position


_TRAILING_YEAR = re.compile(r"^(?P<title>.+?)[,(]?\s*(?P<year>(?:19|20)\d{2})\)?\.?$")


def award_from_bullet(bullet):
    text = re.sub(r"\s+", " ", bullet.text).strip()
    match = _TRAILING_YEAR.match(text)
    award = {"title": text[:300]}
    several = len(re.findall(r"\b(?:19|20)\d{2}\b", text)) > 1  # "1. Place: 2011, 2012; …"
    if match and not several and not match.group("title").rstrip().endswith(("-", "–", ":")):
        award = {
            "title": match.group("title").strip().rstrip(",")[:300],
            "year": int(match.group("year")),
        }
    if bullet.children:
        award["description"] = "\n".join(f"- {child}" for child in bullet.children)
    return award


def list_items(body):
    """The items of a section body that is a list written by the importer ("- …" at the
    start of a line), for telling what a re-import adds."""
    return [item.strip() for item in re.split(r"^(?=- )", body, flags=re.M) if item.strip()]
