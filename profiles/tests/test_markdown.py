"""Markdown from researchers is rendered through an allow-list: nothing executable survives."""

import pytest
from bs4 import BeautifulSoup

from profiles.markdown import render_markdown, render_markdown_inline

ATTACKS = {
    "script tag": "Hi <script>alert(1)</script> there",
    "script split over lines": "<script\n>alert(1)</script\n>",
    "onerror handler": '<img src="x" onerror="alert(1)">',
    "onclick handler": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "onmouseover on allowed tag": '<strong onmouseover="alert(1)">bold</strong>',
    "javascript: href": '<a href="javascript:alert(1)">x</a>',
    "entity-obfuscated javascript:": '<a href="jav&#x61;script:alert(1)">x</a>',
    "tab-obfuscated javascript:": '<a href="java\tscript:alert(1)">x</a>',
    "upper-case JAVASCRIPT:": '<a href="JAVASCRIPT:alert(1)">x</a>',
    "markdown link to javascript:": "[x](javascript:alert(1))",
    "markdown autolink to javascript:": "<javascript:alert(1)>",
    "markdown reference link": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "markdown image with javascript:": "![x](javascript:alert(1))",
    "data: URL link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "markdown data: link": "[x](data:text/html,<script>alert(1)</script>)",
    "vbscript: URL": '<a href="vbscript:msgbox(1)">x</a>',
    "style attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "style tag": "<style>body { display: none }</style>text",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "object/embed": '<object data="x.swf"></object><embed src="x.swf">',
    "svg with onload": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "form and input": '<form action="https://evil.example"><input name="pw"></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "html comment": "<!-- <script>alert(1)</script> -->visible",
    "base tag": '<base href="https://evil.example/">',
}

DANGEROUS_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "form", "input", "meta", "base", "img",
}  # fmt: skip


def assert_harmless(html):
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(DANGEROUS_TAGS), html
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.startswith("on"), html
            assert attribute != "style", html
            if attribute in ("href", "src"):
                assert value.startswith(("http://", "https://", "mailto:")), html
    assert "alert(1)" not in str(soup.find_all(["a"])), html
    assert "<script" not in html.lower()


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_nothing_executable_survives_block_rendering(text):
    assert_harmless(render_markdown(text))


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_nothing_executable_survives_inline_rendering(text):
    assert_harmless(render_markdown_inline(text))


def test_harmless_formatting_survives():
    html = render_markdown(
        "I *love* **vision** and <del>old</del> ~~news~~, see "
        "[my lab](https://lab.example.org) or <a href='mailto:me@example.org'>mail</a>."
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("em").text == "love"
    assert soup.find("strong").text == "vision"
    assert [tag.text for tag in soup.find_all(["del", "s"])] == ["old", "news"]
    links = {a.text: a["href"] for a in soup.find_all("a")}
    assert links == {"my lab": "https://lab.example.org", "mail": "mailto:me@example.org"}


def test_links_open_without_leaking_the_opener():
    soup = BeautifulSoup(render_markdown("[lab](https://lab.example.org)"), "html.parser")
    assert set(soup.find("a")["rel"]) == {"noopener", "noreferrer"}


def test_text_of_a_stripped_script_is_not_run_but_plain_text_stays():
    html = render_markdown("before <script>alert(1)</script> after")
    text = BeautifulSoup(html, "html.parser").get_text()
    assert "before" in text and "after" in text
    assert "<script" not in html


def test_inline_rendering_drops_the_paragraph_wrapper():
    assert render_markdown_inline("Paper accepted to **CVPR**!") == (
        "Paper accepted to <strong>CVPR</strong>!"
    )


def test_empty_text_renders_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
