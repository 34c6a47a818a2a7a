"""Tags and small inline constructs: HTML tags with attributes, extension tags with raw
bodies, comments, entities, signatures and behaviour switches.

Spec: MediaWiki's ``Sanitizer`` (only allowed HTML names become tags; anything else is text),
the preprocessor's extension-tag handling (the body is raw up to the first matching close tag,
case-insensitively; an unclosed extension tag is plain text and what follows is parsed
normally), ``MagicWord`` double-underscore switches and ``fixtures/parsertests``
(``comments.txt``, ``sanitizer.txt``, ``preTags.txt``).
"""

from __future__ import annotations

import pytest

from conftest import find, one, parse
from wikiparse.nodes import (
    BehaviorSwitch,
    Bold,
    Comment,
    Entity,
    ExtensionTag,
    HtmlTag,
    Italic,
    Signature,
    Template,
    Wikilink,
)

# --------------------------------------------------------------------------------------------
# HTML tags
# --------------------------------------------------------------------------------------------


def test_opening_and_closing_tags_are_separate_leaves() -> None:
    doc = parse('<span class="a" id=b>x</span>')
    opening, closing = find(doc, HtmlTag)
    assert (opening.name, opening.attrs, opening.closing) == ("span", ' class="a" id=b', False)
    assert opening.attributes == {"class": "a", "id": "b"}
    assert (closing.name, closing.closing) == ("span", True)
    assert not opening.children


def test_self_closing_tags() -> None:
    br1, br2, br3 = find(parse("<br/><br /><br>"), HtmlTag)
    assert [t.self_closing for t in (br1, br2, br3)] == [True, True, False]
    assert br2.attrs == " "


def test_tag_name_case_is_kept_as_written() -> None:
    tag = one(parse("<BR>"), HtmlTag)
    assert (tag.name, str(tag)) == ("br", "<BR>")


@pytest.mark.parametrize("text", ["<foo>x</foo>", "<span", "< span>", "<a href=x>y</a>", "<>"])
def test_unknown_or_broken_tags_are_text(text: str) -> None:
    assert not find(parse(text), HtmlTag)


def test_attributes_may_span_lines() -> None:
    tag = one(parse('<div\nclass="x">'), HtmlTag)
    assert tag.attributes == {"class": "x"}


def test_attributes_with_single_quotes_and_entities() -> None:
    tag = one(parse("<span title='a &amp; b' data-x=\"1\">"), HtmlTag)
    assert tag.attributes == {"title": "a & b", "data-x": "1"}


def test_wikitext_between_html_tags_is_parsed() -> None:
    doc = parse("<div>''a'' [[b]]</div>")
    assert find(doc, Italic) and find(doc, Wikilink)


def test_pre_html_tag_is_an_extension_tag() -> None:
    """``<pre>`` is handled like ``<nowiki>`` by MediaWiki: its body stays raw."""
    tag = one(parse("<pre>''a'' [[b]]</pre>"), ExtensionTag)
    assert (tag.name, tag.body) == ("pre", "''a'' [[b]]")
    assert not find(tag, Italic)


# --------------------------------------------------------------------------------------------
# Extension tags
# --------------------------------------------------------------------------------------------


def test_ref_body_is_raw_and_parsed() -> None:
    ref = one(parse('a<ref name="x">b [[c]]</ref>'), ExtensionTag)
    assert (ref.name, ref.attrs, ref.body, ref.close) == ("ref", ' name="x"', "b [[c]]", "</ref>")
    assert ref.contents is not None
    assert one(ref.contents, Wikilink).normalized_title == "C"
    assert ref.attributes == {"name": "x"}


def test_self_closing_ref() -> None:
    ref = one(parse('<ref name="x" />'), ExtensionTag)
    assert (ref.self_closing, ref.body, ref.close) == (True, None, "")


def test_closing_tag_is_case_insensitive() -> None:
    ref = one(parse("<REF>x</Ref>"), ExtensionTag)
    assert (ref.name, ref.body, ref.close) == ("ref", "x", "</Ref>")


def test_body_ends_at_the_first_close_tag() -> None:
    doc = parse("<ref>a<ref>b</ref>c</ref>")
    ref = one(doc, ExtensionTag)
    assert ref.body == "a<ref>b"


@pytest.mark.parametrize(
    "name", ["nowiki", "math", "syntaxhighlight", "source", "score", "timeline", "chem"]
)
def test_raw_extension_bodies_are_not_parsed(name: str) -> None:
    body = "''x'' {{t}} [[l]] <!-- c -->"
    tag = one(parse(f"<{name}>{body}</{name}>"), ExtensionTag)
    assert tag.body == body
    assert tag.contents is None
    assert not find(tag, Template) and not find(tag, Wikilink) and not find(tag, Comment)


def test_gallery_body_is_raw() -> None:
    text = '<gallery mode="packed">\nFile:A.jpg|Caption [[x]]\nFile:B.jpg\n</gallery>'
    tag = one(parse(text), ExtensionTag)
    assert tag.attributes == {"mode": "packed"}
    assert tag.body == "\nFile:A.jpg|Caption [[x]]\nFile:B.jpg\n"


@pytest.mark.parametrize("name", ["poem", "references", "ref"])
def test_wikitext_extension_bodies_are_parsed(name: str) -> None:
    tag = one(parse(f"<{name}>''a''</{name}>"), ExtensionTag)
    assert tag.contents is not None
    assert one(tag.contents, Italic)


@pytest.mark.parametrize("name", ["noinclude", "onlyinclude"])
def test_inclusion_markers_are_leaves_around_parsed_content(name: str) -> None:
    """On a page view the preprocessor drops ``<noinclude>``/``<onlyinclude>`` and parses
    what is between them as part of the page: the tags are leaf markers."""
    doc = parse(f"a<{name}>''b''</{name}>c")
    opening, closing = find(doc, HtmlTag)
    assert (opening.name, opening.closing, closing.name, closing.closing) == (
        name, False, name, True
    )
    assert one(doc, Italic)
    assert not find(doc, ExtensionTag)


def test_includeonly_body_is_raw() -> None:
    """``<includeonly>`` content is dropped on a page view: a raw body, never parsed."""
    tag = one(parse("<includeonly>''a'' [[b]]</includeonly>"), ExtensionTag)
    assert (tag.name, tag.body, tag.contents) == ("includeonly", "''a'' [[b]]", None)
    assert not find(tag, Italic)


def test_references_with_list_defined_refs() -> None:
    doc = parse('<references>\n<ref name="a">A</ref>\n</references>')
    names = [t.name for t in find(doc, ExtensionTag)]
    assert names == ["references", "ref"]


def test_unclosed_extension_tag_is_text_and_the_rest_is_parsed() -> None:
    doc = parse("<ref>[[a]] ''b''")
    assert not find(doc, ExtensionTag)
    assert one(doc, Wikilink) and one(doc, Italic)


def test_unclosed_nowiki_does_not_hide_markup() -> None:
    doc = parse("<nowiki>''a''")
    assert not find(doc, ExtensionTag)
    assert one(doc, Italic)


def test_self_closing_nowiki_separates_apostrophes() -> None:
    doc = parse("'<nowiki/>'''foo'''")
    assert one(doc, ExtensionTag).self_closing
    assert one(doc, Bold)


def test_stray_closing_extension_tag_is_text() -> None:
    doc = parse("a</ref>b")
    assert not find(doc, ExtensionTag) and not find(doc, HtmlTag)


def test_extension_tag_inside_a_template_parameter() -> None:
    tpl = one(parse("{{t|<ref>a|b</ref>}}"), Template)
    assert len(tpl.params) == 1
    assert one(tpl, ExtensionTag).body == "a|b"


def test_extension_tags_come_from_the_config() -> None:
    import attrs

    from wikiparse.config import DEFAULT_CONFIG

    cfg = attrs.evolve(DEFAULT_CONFIG, extension_tags=DEFAULT_CONFIG.extension_tags | {"foo"})
    tag = one(parse("<foo>[[x]]</foo>", cfg), ExtensionTag)
    assert tag.body == "[[x]]"


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------


def test_comment() -> None:
    c = one(parse("a<!-- b -->c"), Comment)
    assert (c.contents, c.closed) == (" b ", True)


def test_unclosed_comment_runs_to_the_end() -> None:
    c = one(parse("a<!-- b\n\nc [[d]]"), Comment)
    assert (c.contents, c.closed) == (" b\n\nc [[d]]", False)


def test_comment_hides_markup() -> None:
    doc = parse("<!-- [[a]] {{b}} ''c'' -->")
    assert not find(doc, Wikilink) and not find(doc, Template) and not find(doc, Italic)


def test_comment_inside_a_heading_line() -> None:
    from wikiparse.nodes import Heading

    h = one(parse("== a <!-- x --> ==\n"), Heading)
    assert one(h, Comment).contents == " x "


def test_comment_does_not_end_at_a_short_close() -> None:
    c = one(parse("<!-- a -> b --> c"), Comment)
    assert c.contents == " a -> b "


# --------------------------------------------------------------------------------------------
# Entities, signatures, behaviour switches
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "char"), [("&amp;", "&"), ("&#160;", "\xa0"), ("&#x2014;", "\u2014"), ("&nbsp;", "\xa0")]
)
def test_entities(raw: str, char: str) -> None:
    e = one(parse(f"a{raw}b"), Entity)
    assert (e.raw, e.char) == (raw, char)


@pytest.mark.parametrize("text", ["&bogus;", "& amp;", "&amp", "&#;", "&#xZZ;"])
def test_invalid_entities_are_text(text: str) -> None:
    assert not find(parse(text), Entity)


@pytest.mark.parametrize("raw", ["~~~", "~~~~", "~~~~~"])
def test_signatures(raw: str) -> None:
    assert one(parse(f"a {raw} b"), Signature).raw == raw


def test_two_tildes_are_text() -> None:
    assert not find(parse("a ~~ b"), Signature)


@pytest.mark.parametrize("name", ["TOC", "NOTOC", "FORCETOC", "NOEDITSECTION", "NOGALLERY"])
def test_behaviour_switches(name: str) -> None:
    sw = one(parse(f"a __{name}__ b"), BehaviorSwitch)
    assert (sw.name, sw.raw) == (name, f"__{name}__")


def test_case_insensitive_switch() -> None:
    assert one(parse("__notoc__"), BehaviorSwitch).name == "NOTOC"


@pytest.mark.parametrize("text", ["__FOO__", "_TOC_", "__TOC_"])
def test_unknown_switches_are_text(text: str) -> None:
    assert not find(parse(text), BehaviorSwitch)


@pytest.mark.parametrize("text", ["__noindex__", "__index__", "__hiddencat__", "__Newsectionlink__"])
def test_case_sensitive_switches_in_lower_case_are_text(text: str) -> None:
    """MediaWiki's case-sensitive switches (case flag 1 in MessagesEn) only match upper case."""
    assert not find(parse(text), BehaviorSwitch)
