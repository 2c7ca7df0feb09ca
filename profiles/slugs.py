"""A profile's address made from its name, in any script: 宋子恺 → song-zikai.

Han characters are read as Mandarin pinyin by pypinyin (a character's usual reading, or a
phrase's when it is in its dictionary); everything else is transliterated by anyascii
(Cyrillic, Greek, accents, kana, hangul…). A Chinese name of two to four characters is
written as pinyin is for people: the family name, then the given name as one word.
"""

import re

from anyascii import anyascii
from django.utils.text import slugify

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


def _pinyin(run):
    # Imported on use: its phrase dictionary costs every process 0.2 s to load, and only
    # a Chinese name typed in the admin needs it.
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(run)
    if 2 <= len(syllables) <= 4:
        return f" {syllables[0]} {''.join(syllables[1:])} "
    return " " + " ".join(syllables) + " "


def slug_from_name(name, max_length=60):
    """The slug proposed for a profile called ``name`` ("" when nothing is left)."""
    parts = _HAN.split(name or "")
    text = "".join(
        _pinyin(part) if index % 2 else anyascii(part) for index, part in enumerate(parts)
    )
    return slugify(text)[:max_length].strip("-")
