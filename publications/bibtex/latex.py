"""Unicode text as LaTeX for classic BibTeX: accents, specials and typography escaped."""

import re

from pylatexenc.latexencode import UnicodeToLatexEncoder

_encoder = UnicodeToLatexEncoder(
    non_ascii_only=True,
    replacement_latex_protection="braces-all",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
# Typographic characters that classic BibTeX writes with ASCII ligatures.
_TYPOGRAPHY = str.maketrans(
    {"–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~"}
)
_SPECIALS = re.compile(r"([&%#_{}])")
MATH = re.compile(r"(\$[^$]*\$)")
# The characters the encoder converts (non_ascii_only skips code points below 127); text
# without any comes back unchanged, so most titles, names and abstracts skip its slow
# per-character loop.
_ENCODED = re.compile(r"[^\x00-\x7e]")


def latex_escape(text):
    """Unicode text as classic-BibTeX-safe LaTeX; ``$…$`` math is kept as written."""
    parts = []
    for index, part in enumerate(MATH.split(text or "")):
        if index % 2:
            parts.append(part)
        else:
            part = _SPECIALS.sub(r"\\\1", part.translate(_TYPOGRAPHY))
            parts.append(_encoder.unicode_to_latex(part) if _ENCODED.search(part) else part)
    return "".join(parts)
