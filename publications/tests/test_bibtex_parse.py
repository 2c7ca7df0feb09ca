"""Reading BibTeX: LaTeX to Unicode, names, marks, and refusing input that is not BibTeX."""

import re

import pytest

from publications.bibtex.parse import (
    MAX_BRACE_DEPTH,
    MAX_BYTES,
    MAX_ENTRIES,
    BibtexInputError,
    decode_upload,
    latex_to_text,
    read_bibtex,
    split_names,
)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"Jos\'e", "José"),
        (r"Stra{\ss}e", "Straße"),
        ("pages 12--34", "pages 12–34"),
        ("{BERT}: Pre-training of {Deep} Transformers", "BERT: Pre-training of Deep Transformers"),
        (r"{{Double}} braces", "Double braces"),
        (r"$\alpha$-divergence and $O(n^2)$", "α-divergence and O(n²)"),
        (r"GA-S$^3$", "GA-S³"),
        (r"\textit{Italic} and \emph{emph}", "Italic and emph"),
        ("plain   text\n over lines", "plain text over lines"),
        ("From `F' to `A' on", "From ‘F’ to ‘A’ on"),
        (r"{From} `F' to \'{e}t\'{e}", "From ‘F’ to été"),
        # A Markdown code span and apostrophes are not LaTeX quotes.
        ("We use `numpy` and the model's output.", "We use `numpy` and the model's output."),
        ("O'Brien's `quoted'", "O'Brien's ‘quoted’"),
    ],
)
def test_latex_becomes_readable_unicode(latex, text):
    assert latex_to_text(latex) == text


@pytest.mark.parametrize(
    ("value", "names", "marks"),
    [
        ("Song, Zikai and Luo, Run", ["Zikai Song", "Run Luo"], ["", ""]),
        ("Zikai Song and Run Luo", ["Zikai Song", "Run Luo"], ["", ""]),
        ("von Neumann, Jr., John", ["John von Neumann Jr."], [""]),
        ("{Barnes and Noble, Inc.}", ["Barnes and Noble, Inc."], [""]),
        ("Yuan*, Zhihang and Shang*, Yuzhang", ["Zhihang Yuan", "Yuzhang Shang"], ["*", "*"]),
        ("Fu*†, Rao and Wen†, Zehao", ["Rao Fu", "Zehao Wen"], ["*†", "†"]),
        ("∗Zikai Song and Wei Yang‡", ["Zikai Song", "Wei Yang"], ["*", "‡"]),
        (r"Li\#, Ming and Zhang$^*$, Wei", ["Ming Li", "Wei Zhang"], ["#", "*"]),
        (r"Varr{\'o}, D{\'a}niel", ["Dániel Varró"], [""]),
        ("Song,\tZikai\tand\nLuo, Run", ["Zikai Song", "Run Luo"], ["", ""]),
    ],
)
def test_names_in_every_order_with_marks_removed(value, names, marks):
    parsed, more = split_names(value)
    assert [name.name for name in parsed] == names
    assert [name.marks for name in parsed] == marks
    assert more is False


def test_and_others_sets_more_authors_and_corporate_names_stay_whole():
    parsed, more = split_names("{Barnes and Noble, Inc.} and Song, Zikai and others")
    assert [name.name for name in parsed] == ["Barnes and Noble, Inc.", "Zikai Song"]
    assert parsed[0].corporate and not parsed[1].corporate
    assert more is True


def test_syntax_error_names_line_and_key_and_the_rest_still_reads():
    text = (
        "@article{good1,\n  title = {One},\n  year = 2020,\n}\n\n"
        "@article{bad2,\n  title = {Two {unbalanced,\n  year = 2020,\n\n"
        "@article{good3,\n  title = {Three},\n  year = 2021,\n}\n"
    )
    parsed = read_bibtex(text)
    assert [entry.key for entry in parsed.entries] == ["good1", "good3"]
    assert [entry.line for entry in parsed.entries] == [1, 10]
    [error] = parsed.errors
    assert (error.line, error.key) == (6, "bad2")
    assert error.message.startswith("syntax error:")


def test_comment_blocks_with_entries_inside_are_ignored_and_lines_stay_true():
    text = (
        "---\n---\n@comment{\n  @book{einstein1920,\n    title={Relativity},\n  }\n}\n"
        "@article{real,\n  title = {Real},\n  year = {2020},\n}\n"
    )
    parsed = read_bibtex(text)
    assert [(entry.key, entry.line) for entry in parsed.entries] == [("real", 8)]


def test_string_macros_concatenation_and_month_macros():
    text = (
        '@string{proc = "Proc. of "}\n@STRING{Conf = {the Conference}}\n'
        '@inproceedings{a, title = {T}, booktitle = proc # conf # " on Things", month = jul,'
        " year = 2020}\n"
    )
    [entry] = read_bibtex(text).entries
    assert entry.fields["booktitle"] == "Proc. of the Conference on Things"
    assert entry.fields["month"] == "jul"


def test_google_scholar_keys_with_latex_accents_are_read():
    [entry] = read_bibtex('@article{m{\\"u}ller2021deep, title={Deep}, year={2021}}').entries
    assert entry.key == "muller2021deep"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "holds no BibTeX entries"),
        (b"just some notes, no entries\n", "holds no BibTeX entries"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
        ("@article{x, title={Caf\xe9}}".encode("latin-1"), "is not UTF-8 text (line 1)"),
    ],
)
def test_files_that_are_not_bibtex_are_refused_with_a_reason(data, message):
    with pytest.raises(BibtexInputError, match=re.escape(message)):
        read_bibtex(decode_upload(data, "papers.bib"), "papers.bib")


def test_a_file_over_the_size_limit_is_refused_before_reading_it():
    data = b"@misc{x, title={" + b"a" * (50 * 1024 * 1024) + b"}}"
    with pytest.raises(
        BibtexInputError, match=re.escape("papers.bib is 50.0 MB; the limit is 5 MB")
    ):
        decode_upload(data, "papers.bib")
    assert len(data) > MAX_BYTES


def test_deeply_nested_braces_are_refused_with_their_line():
    text = "@misc{ok, title={Fine}}\n@misc{x, title=" + "{" * 100_000 + "}" * 100_000 + "}\n"
    with pytest.raises(
        BibtexInputError, match=rf"line 2: braces nested more than {MAX_BRACE_DEPTH}"
    ):
        read_bibtex(text, "papers.bib")


def test_duplicate_fields_use_the_first_value_and_say_so():
    [entry] = read_bibtex("@book{b, title={T}, isbn={111}, isbn={222}, year=2020}").entries
    assert entry.fields["isbn"] == "111"
    assert entry.notes == ["field isbn given twice; the first value is used"]


def test_too_many_entries_are_refused():
    text = "".join(f"@misc{{e{index}, title={{T{index}}}}}\n" for index in range(MAX_ENTRIES + 1))
    with pytest.raises(BibtexInputError, match=f"holds {MAX_ENTRIES + 1} entries; the limit"):
        read_bibtex(text, "papers.bib")
