"""Link rewriting on its own: only references change, every other byte stays."""

from profiles.export.rewrite import StartTag, rewrite_css, split_srcset, transform_html


def upper_hrefs(tag: StartTag):
    if tag.get("href"):
        tag.set("href", tag.get("href").upper())
        return tag.html()
    return None


def test_only_changed_tags_are_rewritten_and_entities_elsewhere_stay_encoded():
    source = (
        "<p class=x>&#97;&#100;a</p>\n<a  href=\"/a/\" data-x='1'>A</a>"
        '<a href="mailto:&#97;@example.org">m</a>'
    )

    def rewrite(tag):
        return upper_hrefs(tag) if tag.get("href") == "/a/" else None

    result = transform_html(source, on_tag=rewrite)

    assert result == source.replace("<a  href=\"/a/\" data-x='1'>", '<a href="/A/" data-x="1">')


def test_offsets_survive_line_separators_the_parser_does_not_count():
    source = '<p>one\u2028two\x0cthree</p>\n<a href="/a/">A</a>'

    assert transform_html(source, on_tag=upper_hrefs).endswith('<a href="/A/">A</a>')


def test_script_and_style_text_is_offered_to_the_raw_text_hook():
    source = (
        '<style>a{background:url(/x.png)}</style><script type="application/ld+json">{}</script>'
    )

    def raw(text, parent):
        return text.replace("/x.png", "x.png") if parent.name == "style" else None

    assert transform_html(source, on_tag=lambda tag: None, on_raw=raw) == source.replace(
        "/x.png", "x.png"
    )


def test_css_urls_and_imports_are_rewritten_and_data_uris_kept():
    css = """@import "a.css"; b{background:url( '/i.png' )} c{background:url(data:,x)}"""

    result = rewrite_css(css, lambda url: "NEW" + url)

    assert (
        result
        == """@import "NEWa.css"; b{background:url("NEW/i.png")} c{background:url(data:,x)}"""
    )


def test_srcset_candidates_keep_their_descriptors():
    assert split_srcset("/a.webp 1x, /b.webp 2x") == [("/a.webp", "1x"), ("/b.webp", "2x")]
