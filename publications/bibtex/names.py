"""Recognising one person under several spellings: ``Z. Song``, ``Song, Zikai``, ``Zikai Song``."""

from publications.normalize import normalize_name

from .parse import parse_name

# German transliterations: "Joerg Stueckler" on one paper is "Jörg Stückler" on another.
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def name_keys(name):
    """Exact-match keys for a display name: accents, case and punctuation ignored."""
    keys = {normalize_name(name), normalize_name(name.translate(_TRANSLITERATION))}
    return keys - {""}


def split_display_name(name):
    """(first-name words, surname) of a stored ``First Last`` or a ``Last, First`` name."""
    if "," in name:
        parsed = parse_name(name)
        first, last = parsed.first, parsed.last
    else:
        words = name.split()
        first, last = " ".join(words[:-1]), (words[-1] if words else "")
    return normalize_name(first).split(), normalize_name(last)


def initials_compatible(first_a, first_b):
    """``["z"]`` fits ``["zikai"]``, ``["jens", "u"]`` fits ``["j"]``."""
    if not first_a or not first_b:
        return False
    for word_a, word_b in zip(first_a, first_b, strict=False):
        if word_a == word_b:
            continue
        if len(word_a) == 1 and word_b.startswith(word_a):
            continue
        if len(word_b) == 1 and word_a.startswith(word_b):
            continue
        return False
    return True


def may_be_same_person(name, other):
    """Whether two spellings may name one person: equal but for accents, case and
    punctuation, or the same surname with compatible given names (``F Lavergne``,
    ``Francis Lavergne``)."""
    if name_keys(name) & name_keys(other):
        return True
    first, last = split_display_name(name)
    other_first, other_last = split_display_name(other)
    return (
        bool(last)
        and last == other_last
        and (initials_compatible(first, other_first) or "".join(first) == "".join(other_first))
    )


class OwnerNames:
    """The profile owner's names (name, native name, aliases) for finding them on papers."""

    def __init__(self, profile):
        self.names = [parse_name(name).name if "," in name else name for name in profile.all_names]
        self.keys = set().union(*(name_keys(name) for name in self.names))
        self.splits = [split_display_name(name) for name in self.names]

    def matches(self, name):
        if name_keys(name) & self.keys:
            return True
        first, last = split_display_name(name)
        # Given names split or joined alike: "Ze-qing Wang" is "Zeqing Wang" and "Ze Qing Wang".
        return any(
            last
            and last == owner_last
            and (initials_compatible(first, owner_first) or "".join(first) == "".join(owner_first))
            for owner_first, owner_last in self.splits
        )


class AuthorIndex:
    """Existing authors by exact key and by surname, loaded once per import."""

    def __init__(self, authors):
        self.by_key = {}
        self.by_surname = {}
        for author in authors:
            self.add(author)

    def add(self, author):
        for key in name_keys(author.name):
            self.by_key.setdefault(key, []).append(author)
        self.by_surname.setdefault(split_display_name(author.name)[1], []).append(author)

    def find(self, name):
        """(matches, how): one match is safe to use; several are ambiguous."""
        exact = {
            author.pk or id(author): author
            for key in name_keys(name)
            for author in self.by_key.get(key, [])
        }
        if exact:
            return list(exact.values()), "name"
        first, last = split_display_name(name)
        close = [
            author
            for author in self.by_surname.get(last, [])
            if initials_compatible(first, split_display_name(author.name)[0])
        ]
        return close, "initials"
