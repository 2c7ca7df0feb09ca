"""Reading the BibTeX people actually have: bounded input, LaTeX to Unicode, names, marks.

``read_bibtex`` turns text into ``ParsedEntry`` objects (raw field values, in order) and
``EntryError`` objects for blocks that could not be read, each with its line number.
Whole-file problems (empty, binary, too large, braces nested too deep) raise
``BibtexInputError`` before the parser sees the text, so time and memory stay bounded.
"""

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from publications.printed_names import PrintedName, is_braced_whole

MAX_BYTES = 5 * 1024 * 1024
# A preview answers within a web request: about 10 s for this many entries on a slow server.
MAX_ENTRIES = 5000
# Real entries nest braces three or four deep ({{BERT}} inside a title); far deeper
# nesting is an attack on the parser's recursion, not a bibliography.
MAX_BRACE_DEPTH = 16

# Marks written on names: equal contribution, corresponding author, joint last author.
MARK_CHARS = "*∗⋆†‡#§"
_MARK_EDGES = re.compile(rf"^[\s{MARK_CHARS}^]+|[\s{MARK_CHARS}^]+$")
_MARKS_ANYWHERE = re.compile(rf"[{MARK_CHARS}]")
_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")
_COMMENT_START = re.compile(r"@\s*comment\s*[{(]", re.IGNORECASE)
_BRACED_KEY = re.compile(r"^(\s*@\s*\w+\s*\{\s*)([^,\s]*[{}\\][^,\s]*),", re.MULTILINE)
# "@article{key" and then a field without the comma between them.
_KEY_WITHOUT_COMMA = re.compile(
    r"^([ \t]*@\s*(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s{}()=\"#%'~]+))(?=\s+[\w.:+-]+\s*=)",
    re.MULTILINE,
)
_NOT_ENTRIES = {"string", "comment", "preamble"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)

# Anything the LaTeX converter would change; values without it are plain text already.
_LATEX_SYNTAX = re.compile(r"[\\{}$~%&#^_`]|--|''")
# `F' is LaTeX's ‘F’ (what exports write for typographic single quotes).
# Not a Markdown code span (`numpy`) nor an apostrophe inside a word (model's).
_SINGLE_QUOTED = re.compile(r"(?<![`\w])`([^`'\n]*)'(?!\w)")
# The parser logs each failed block; the preview reports them with their lines instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
_SCRIPT = re.compile(r"([\^_])(?:\{([0-9+\-=()]+)\}|([0-9]+|[+\-=]))")
_SUPERSCRIPTS = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
_SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_BRACES = str.maketrans("", "", "{}")
_ESCAPED_LATEX = (
    ("{\\textdollar}", "$"),
    ("\\textdollar", "$"),
    ("{\\textbackslash}", "\\"),
    ("\\textbackslash", "\\"),
    ("\\{", "{"),
    ("\\}", "}"),
    ("{\\_}", "_"),
)
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("~", " "))
# Text macros the LaTeX parser reads with an argument but would print as nothing
# (\mbox{COVID-19}, \texttt{node2vec}): their argument is the text.
_TEXT_MACROS = ("mbox", "hbox", "fbox", "texttt", "textsf", "textmd", "textup", "textnormal")
# Symbols that mark authors, which the converter does not know.
_MARK_MACROS = {
    "ddag": "‡",
    "ddagger": "‡",
    "textdaggerdbl": "‡",
    "textdagger": "†",
    "S": "§",
    "textsection": "§",
    "textasteriskcentered": "∗",
}
_context = get_default_latex_context_db()
_context.add_context_category(
    "text-macros",
    macros=[MacroTextSpec(name, discard=False) for name in _TEXT_MACROS]
    + [MacroTextSpec(name, simplify_repl=char) for name, char in _MARK_MACROS.items()],
)
_latex = LatexNodes2Text(math_mode="text", strict_latex_spaces=True, latex_context=_context)


class BibtexInputError(ValueError):
    """The whole file is refused; the message says why, for the person who gave it."""


@dataclass
class ParsedEntry:
    key: str
    entry_type: str
    line: int
    fields: dict  # lower-case field name → raw value (LaTeX), first occurrence wins
    raw: str
    notes: list = field(default_factory=list)
    uses_strings: bool = False  # a value refers to an @string: the raw text is not standalone


@dataclass
class EntryError:
    line: int
    key: str
    message: str


@dataclass
class ParsedFile:
    entries: list
    errors: list
    ignored: int = 0  # @comment, @preamble and stray text


@dataclass(frozen=True)
class ParsedName:
    printed: PrintedName  # the name as the file prints it, LaTeX decoded, marks removed
    marks: str = ""

    @property
    def name(self):
        return self.printed.name

    @property
    def corporate(self):
        return self.printed.literal

    @property
    def first(self):
        return self.printed.given

    @property
    def last(self):
        return self.printed.surname


def decode_upload(data, filename="the file"):
    """Bytes of an uploaded ``.bib`` as text, or ``BibtexInputError`` saying why not."""
    if len(data) > MAX_BYTES:
        raise BibtexInputError(
            f"{filename} is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    if b"\x00" in data:
        raise BibtexInputError(f"{filename} is a binary file, not BibTeX text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BibtexInputError(
            f"{filename} is not UTF-8 text (line {line}); save it as UTF-8 and try again."
        ) from None


def check_text(text, filename="the file"):
    """Refuse text that is empty, too large or nested too deep, before parsing it."""
    # Characters first: a 50 MB paste is refused without encoding it.
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise BibtexInputError(
            f"{filename} is larger than {MAX_BYTES // 1024 // 1024} MB; split it."
        )
    if "\x00" in text:
        raise BibtexInputError(f"{filename} is a binary file, not BibTeX text.")
    if "@" not in text:
        raise BibtexInputError(f"{filename} holds no BibTeX entries (nothing starts with @).")
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
            if depth > MAX_BRACE_DEPTH:
                line = text.count("\n", 0, index) + 1
                raise BibtexInputError(
                    f"{filename}, line {line}: braces nested more than {MAX_BRACE_DEPTH} "
                    "deep; this is not a bibliography entry."
                )
        elif char == "}" and depth:
            depth -= 1


def _blank(match_text):
    """The same number of lines, empty: later line numbers stay true."""
    return "\n" * match_text.count("\n")


def _strip_comments(text):
    """Blank out ``@comment{…}`` blocks, whatever they contain (al-folio keeps whole
    example entries in them, which would otherwise be read as entries)."""
    pieces = []
    position = 0
    for match in _COMMENT_START.finditer(text):
        if match.start() < position:
            continue
        opening = text[match.end() - 1]
        closing = "}" if opening == "{" else ")"
        depth, index = 1, match.end()
        while index < len(text) and depth:
            if text[index] == opening:
                depth += 1
            elif text[index] == closing:
                depth -= 1
            index += 1
        pieces.append(text[position : match.start()])
        pieces.append(_blank(text[match.start() : index]))
        position = index
    pieces.append(text[position:])
    return "".join(pieces)


def read_bibtex(text, filename="the file"):
    """Parse ``text`` into entries and per-entry errors (1-based line numbers)."""
    check_text(text, filename)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FRONT_MATTER.sub(lambda match: _blank(match.group(0)), text)
    text = _strip_comments(text)
    text = _BRACED_KEY.sub(_clean_key, text)
    text, recovered = _add_missing_key_commas(text)
    # No middleware: values stay raw so that "#" concatenation can be resolved here.
    library = bibtexparser.parse_string(text, parse_stack=[])
    if len(library.blocks) > MAX_ENTRIES:
        raise BibtexInputError(
            f"{filename} holds {len(library.blocks)} entries; the limit is {MAX_ENTRIES} "
            "per import. Split it into smaller files."
        )
    strings = {}
    for string in library.strings:
        strings[string.key.casefold()] = resolve_value(str(string.value), strings)
    result = ParsedFile(entries=[], errors=[])
    for block in library.blocks:
        if isinstance(block, model.Entry):
            result.entries.append(_parsed_entry(block, strings))
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            entry = _parsed_entry(block.ignore_error_block, strings)
            keys = ", ".join(sorted(block.duplicate_keys))
            entry.notes.append(f"field {keys} given twice; the first value is used")
            result.entries.append(entry)
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            # A repeated key is usually a pasted twice entry: the importer's duplicate
            # detection decides, like for any other repeated paper.
            entry = _parsed_entry(block.ignore_error_block, strings)
            entry.notes.append(f"the key {block.key} is used twice in the file")
            result.entries.append(entry)
        elif isinstance(block, model.ParsingFailedBlock):
            result.errors.append(_entry_error(block))
        elif not isinstance(block, model.String):
            result.ignored += 1
    for entry in result.entries:
        if entry.line in recovered:
            entry.notes.append(
                f"no comma after the entry key {recovered[entry.line]}; read as if it were there"
            )
    return result


def _add_missing_key_commas(text):
    """The text with the comma added where an entry key is followed by a field without
    one (a common slip that would reject the whole entry), and {line: key} of those."""
    recovered = {}

    def add_comma(match):
        if match.group("type").casefold() in _NOT_ENTRIES:
            return match.group(0)
        recovered[text.count("\n", 0, match.start()) + 1] = match.group("key")
        return match.group(1) + ","

    return _KEY_WITHOUT_COMMA.sub(add_comma, text), recovered


def _clean_key(match):
    """Google Scholar writes keys like ``m{\\"u}ller2021deep``; the parser cannot read them."""
    return match.group(1) + re.sub(r"[{}\\\"'`^~]", "", match.group(2)) + ","


def _split_concatenation(value):
    """``proc # "the Workshop"`` → ``["proc", '"the Workshop"']``, braces and quotes kept."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and (index == 0 or value[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return [part.strip() for part in parts]


def resolve_value(value, strings):
    """A raw field value with its enclosing removed and ``@string`` macros expanded."""
    value = value.strip()
    pieces = []
    for part in _split_concatenation(value) if "#" in value else [value]:
        if len(part) >= 2 and part[0] + part[-1] in ('""', "{}"):
            pieces.append(part[1:-1])
        else:
            pieces.append(strings.get(part.casefold(), part))
    return "".join(pieces)


def _parsed_entry(entry, strings):
    fields = {}
    uses_strings = False
    for item in entry.fields:
        value = str(item.value)
        fields.setdefault(item.key.strip().casefold(), resolve_value(value, strings))
        uses_strings = uses_strings or any(
            part.casefold() in strings for part in _split_concatenation(value.strip())
        )
    return ParsedEntry(
        key=entry.key,
        entry_type=entry.entry_type.casefold(),
        line=(entry.start_line or 0) + 1,
        fields=fields,
        raw=(entry.raw or "").strip(),
        uses_strings=uses_strings,
    )


def _entry_error(block):
    raw = block.raw or ""
    match = _ENTRY_KEY.search(raw)
    message = getattr(block.error, "abort_reason", "") or str(block.error)
    reason = message.strip().splitlines()[-1] if message.strip() else "unreadable entry"
    reason = reason.replace("`", "").strip()
    return EntryError(
        line=(block.start_line or 0) + 1,
        key=match.group(1) if match else "",
        message=f"syntax error: {reason}",
    )


@lru_cache(maxsize=8192)
def latex_to_text(value):
    """Unicode text from a BibTeX value: accents, dashes, case braces and math made plain."""
    if not value:
        return ""
    if not _LATEX_SYNTAX.search(value):
        return " ".join(value.split())  # plain text: the LaTeX parser is the slow part
    if "\\" not in value and "$" not in value:
        # Only case braces and ligatures: most titles. Handled here, ten times faster.
        # (A bare "%" or "&" in a BibTeX value is meant literally, so it stays.)
        text = value.translate(_BRACES)
        for ligature, character in _LIGATURES:
            text = text.replace(ligature, character)
        return " ".join(_SINGLE_QUOTED.sub("‘\\1’", text).split())
    if "\\textbackslash" in value or "\\textdollar" in value:
        # DBLP writes a title's LaTeX as escaped text ({\textdollar}{\textbackslash}mathrm\{AC\}
        # is "$\mathrm{AC}"): unescaped, it is read as the LaTeX it is.
        for escaped, plain in _ESCAPED_LATEX:
            value = value.replace(escaped, plain)
    # \^{} and \~{} are LaTeX's literal ^ and ~ (an accent on nothing).
    value = value.replace("\\^{}", "^").replace("\\~{}", "~")
    try:
        text = _latex.latex_to_text(value)
    except Exception:  # pylatexenc gives up on odd input; plain braces-off is honest enough
        text = value.replace("{", "").replace("}", "")
    if "$" in value or "\\(" in value:
        text = _SCRIPT.sub(_unicode_script, text)
    return " ".join(_SINGLE_QUOTED.sub("‘\\1’", text).split())


def _unicode_script(match):
    """``S^3`` → ``S³``, ``H_2O`` → ``H₂O``: math in titles stays readable as text."""
    table = _SUPERSCRIPTS if match.group(1) == "^" else _SUBSCRIPTS
    return (match.group(2) or match.group(3)).translate(table)


def split_names(value):
    """Author list → (``ParsedName`` list, whether it ends with ``and others``)."""
    persons = split_multiple_persons_names(" ".join((value or "").split()))
    more = bool(persons) and persons[-1].strip().casefold() in ("others", "al.", "et al.")
    if more:
        persons = persons[:-1]
    return [parse_name(person) for person in persons if person.strip()], more


def _take_marks(text):
    """Text without the marks at its edges or inside it, and the marks found."""
    marks = "".join(_MARKS_ANYWHERE.findall(text))
    cleaned = _MARK_EDGES.sub("", _MARKS_ANYWHERE.sub("", text))
    return cleaned.strip(), marks.replace("∗", "*")


@lru_cache(maxsize=8192)
def parse_name(person):
    """One BibTeX name (``von Last, Jr, First``, ``First von Last``, ``{Corp, Inc.}``).

    Its parts are kept as the file gives them, each LaTeX-decoded, and printed in natural
    order: ``Lavergne, F`` is "F Lavergne" (no period added), ``Ben Fraj, Amor`` has the
    family name "Ben Fraj", ``Kershaw, Jr, John A`` the suffix "Jr". A name wholly in
    braces is a literal (an organisation), never split.
    """
    person = " ".join(person.split())
    if is_braced_whole(person):
        name, marks = _take_marks(latex_to_text(person[1:-1]))
        return ParsedName(PrintedName(name=name, literal=True), marks)
    try:
        parts = parse_single_name_into_parts(person, strict=False)
    except InvalidNameError:
        name, marks = _take_marks(latex_to_text(person))
        return ParsedName(PrintedName(name=name, literal=True), marks)
    marks = ""
    decoded = {}
    for part in ("first", "von", "last", "jr"):
        words = []
        for word in getattr(parts, part):
            text, found = _take_marks(latex_to_text(word))
            marks += found
            if text:
                words.append(text)
        decoded[part] = " ".join(words)
    if not decoded["last"]:
        # Only marks or an empty brace group where the family name should be.
        name = " ".join(word for word in decoded.values() if word)
        return ParsedName(PrintedName(name=name, literal=True), marks)
    printed = PrintedName.from_parts(
        given=decoded["first"],
        particle=decoded["von"],
        family=decoded["last"],
        suffix=decoded["jr"],
    )
    return ParsedName(printed, marks)
