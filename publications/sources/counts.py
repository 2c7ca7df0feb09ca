"""What the citation-count functions of every source take and give."""

from itertools import islice
from typing import NamedTuple


class PaperIds(NamedTuple):
    """A paper as the sources know it: by DOI, else by arXiv id."""

    pk: int
    doi: str
    arxiv: str


class Counted(NamedTuple):
    count: int
    by_year: dict  # {year: citations that year}, where the source gives them


def batches(items, size):
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def filter_safe(doi):
    """DOIs that fit in a ``doi:a|b`` or ``doi:a,doi:b`` filter (a comma or bar would
    split it; such rare DOIs are left to the sources looked up one by one)."""
    return bool(doi) and "," not in doi and "|" not in doi
