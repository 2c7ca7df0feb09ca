"""Normal forms used to recognise the same paper or the same person twice."""

import re
import unicodedata
from urllib.parse import unquote

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"^\d{4}\.\d{4,5}(?:v\d+)?$")
_ARXIV_OLD = re.compile(r"^[a-z][a-z.\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?$")
_ARXIV_PREFIX = re.compile(
    r"^(?:arxiv:\s*|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/)", re.IGNORECASE
)


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_title(title):
    """``"GA-S3: Comprehensive…"`` and ``"ga s3 comprehensive…"`` share one key."""
    return _NON_WORD.sub(" ", strip_accents(title or "").casefold()).strip()


def normalize_name(name):
    """Case, accents and punctuation removed: ``Jörg Stückler`` → ``jorg stuckler``."""
    return _NON_WORD.sub(" ", strip_accents(name or "").casefold()).strip()


def clean_doi(value):
    """Return the bare DOI (``10.1145/…``) from a DOI or a doi.org URL; ``""`` if empty."""
    value = (value or "").strip()
    if _DOI_PREFIX.match(value) and "%" in value:
        value = unquote(value)  # a resolver URL may encode the slash: 10.1000%2F182
    return _DOI_PREFIX.sub("", value)


def is_valid_doi(value):
    return bool(_DOI.match(value))


def clean_arxiv(value):
    """Return the bare arXiv id from ``arXiv:2301.10938`` or an arxiv.org URL."""
    value = _ARXIV_PREFIX.sub("", (value or "").strip())
    value = re.split(r"[?#]", value, maxsplit=1)[0]  # a URL's query or fragment
    if value.endswith(".pdf"):
        value = value[:-4]
    return value.rstrip("/")


def is_valid_arxiv(value):
    return bool(_ARXIV_NEW.match(value) or _ARXIV_OLD.match(value))


def arxiv_base(value):
    """The id without its version: ``2301.10938v2`` → ``2301.10938``."""
    return re.sub(r"v\d+$", "", value)
