"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar), run over a batch of files.

The JVM takes seconds to start, so callers collect every page first and validate them in
one run.
"""

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class HtmlError:
    line: int | None
    column: int | None
    message: str
    extract: str = ""

    def __str__(self):
        where = f"line {self.line}, column {self.column}" if self.line else "document"
        extract = f"\n      {self.extract.strip()!r}" if self.extract.strip() else ""
        return f"{where}: {self.message}{extract}"


def validate_files(paths):
    """Validate HTML files in one checker run: ``{path: [HtmlError, ...]}`` for every path."""
    paths = [Path(path).resolve() for path in paths]
    if not paths:
        return {}
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--exit-zero-always",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = {path: [] for path in paths}
    # The JSON report is written to stderr; the JVM may print warnings before it.
    report = json.loads(result.stderr[result.stderr.index("{") :])
    for message in report["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        path = Path(unquote(urlparse(message.get("url", "")).path)).resolve()
        errors.setdefault(path, []).append(
            HtmlError(
                line=message.get("lastLine"),
                column=message.get("firstColumn") or message.get("lastColumn"),
                message=message["message"],
                extract=message.get("extract", ""),
            )
        )
    return errors


def validate_pages(pages, directory):
    """Write ``{name: html}`` into ``directory`` and validate them all in one run.

    Returns ``{name: [HtmlError, ...]}``; names are free text such as "/zikai-song/".
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "root"
        path = directory / f"{number:03d}-{stem}.html"
        path.write_bytes(html if isinstance(html, bytes) else html.encode())
        files[name] = path.resolve()
    errors = validate_files(files.values())
    return {name: errors[path] for name, path in files.items()}


def format_html_errors(errors):
    """A readable report of ``{page: [HtmlError]}``, listing only pages with errors."""
    lines = []
    for page, page_errors in errors.items():
        if page_errors:
            lines.append(f"{page}: {len(page_errors)} error(s)")
            lines.extend(f"  - {error}" for error in page_errors)
    return "\n".join(lines)
