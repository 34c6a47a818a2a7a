"""The HTML renderer: every node class, MediaWiki's block-level rules, options, real pages."""

from __future__ import annotations

import bz2
import re
from pathlib import Path

import html5lib  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import wikiparse
from wikiparse import nodes as n
from wikiparse.render._html_blocks import do_block_levels
from wikiparse.render.html import HtmlOptions, HtmlRenderer, to_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def body(text: str, **kw: object) -> str:
    """Rendered HTML without edit links (most tests look at content, not chrome)."""
    kw.setdefault("edit_sections", False)
    return str(to_html(text, **kw))  # type: ignore[arg-type]


def visible(markup: str) -> str:
    root = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return re.sub(r"\s+", " ", "".join(root.itertext())).strip()


# -- block-level rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wikitext", "html"),
    [
        ("a\nb", "<p>a\nb\n</p>"),
        ("a\n\nb", "<p>a\n</p><p>b\n</p>"),
        ("a\n\n\nb", "<p>a\n</p><p><br />\nb\n</p>"),
        ("a\n\n\n\nb", "<p>a\n</p><p><br />\n</p><p>b\n</p>"),
        (" pre\n line", "<pre>pre\nline\n</pre>"),
        ("* a\n** b\n* c", "<ul><li>a\n<ul><li>b</li></ul></li>\n<li>c</li></ul>"),
        ("# a\n#* b", "<ol><li>a\n<ul><li>b</li></ul></li></ol>"),
        ("; term : def", "<dl><dt>term</dt>\n<dd>def</dd></dl>"),
        (": a\n:: b", "<dl><dd>a\n<dl><dd>b</dd></dl></dd></dl>"),
        ("----", "<hr />"),
        ("a <div>b</div> c", "<p>a </p><div>b</div><p> c</p>"),
    ],
)
def test_block_levels(wikitext: str, html: str) -> None:
    assert body(wikitext).strip() == html.strip()


def test_block_pass_alone_matches_mediawiki_rules() -> None:
    assert do_block_levels("<div>\n x\n</div>") == "<div>\n<pre>x\n</pre>\n</div>"
    assert do_block_levels("<blockquote>\n x\n</blockquote>").count("<pre>") == 0
    assert do_block_levels("\u00a0") == "<p>\u00a0\n</p>"  # nbsp is not blank for PHP trim


def test_comment_only_lines_disappear() -> None:
    assert body("a\n<!-- c -->\nb") == "<p>a\nb\n</p>"


# -- inline -----------------------------------------------------------------------------------------


def test_bold_italic() -> None:
    assert body("'''b''' ''i'' '''''bi'''''") == "<p><b>b</b> <i>i</i> <i><b>bi</b></i>\n</p>"


def test_text_is_escaped_and_entities_decoded_safely() -> None:
    out = body("a < b & c &amp; &#60;x&#62; &nbsp;")
    assert "a &lt; b &amp; c &amp; &lt;x&gt; \u00a0" in out


def test_html_tags_pass_the_sanitizer() -> None:
    out = body('<span style="color:red" onclick="x" class="a">t</span><br/><foo>')
    assert out.startswith('<p><span style="color:red" class="a">t</span><br />&lt;foo&gt;')


# -- headings, edit sections, TOC -------------------------------------------------------------------


def test_heading_wrapper_id_and_edit_links() -> None:
    out = str(to_html("== A b ==\ntext", title="My page"))
    assert out.startswith('<div class="mw-heading mw-heading2"><h2 id="A_b">A b</h2>')
    assert 'href="/index.php?title=My_page&amp;veaction=edit&amp;section=1"' in out
    assert 'href="/index.php?title=My_page&amp;action=edit&amp;section=1"' in out
    assert visible(out).startswith("A b[edit | edit source]")


def test_edit_section_options() -> None:
    assert "mw-editsection" not in str(to_html("==a==", edit_sections=False))
    assert "mw-editsection" not in str(to_html("__NOEDITSECTION__\n==a=="))
    single = str(to_html("==a==", title="P", edit_links=(("edit", "action=edit"),)))
    assert visible(single) == "a[edit]"
    # Without a title there is no page to edit (the links used to point at Main_Page).
    assert "mw-editsection" not in str(to_html("==a=="))
    assert "Main_Page" not in str(to_html("==a==\n==b==\n==c==\n==d=="))


def test_duplicate_heading_ids() -> None:
    out = body("==a==\n==a==\n==A==")
    assert re.findall(r'<h2 id="([^"]+)"', out) == ["a", "a_2", "A_3"]


def test_toc_rules() -> None:
    four = "==a==\n==b==\n===c===\n==d==\n"
    assert 'id="toc"' in body(four)
    assert 'id="toc"' not in body("==a==\n==b==")
    assert 'id="toc"' in body("__FORCETOC__\n==a==")
    assert 'id="toc"' not in body("__NOTOC__\n" + four)
    out = body(four)
    assert '<span class="tocnumber">2.1</span> <span class="toctext">c</span>' in out
    assert out.index('id="toc"') < out.index('<h2 id="a"')
    assert body("x\n__TOC__\n==a==").index('id="toc"') < body("x\n__TOC__\n==a==").index("<h2")


def test_toc_text_trimmed() -> None:
    """MediaWiki (the oracle) trims a TOC entry once tags are dropped: an anchor span, then a
    space, leaves none."""
    out = body('__TOC__\n==<span id="x"></span> Other ==\n== a <b> b </b> ==\n==  <i>c</i>  ==\n')
    assert re.findall(r'toctext">(.*?)</span></a>', out) == ["Other", "a <b> b </b>", "<i>c</i>"]


# -- links ---------------------------------------------------------------------------------------------


def test_internal_links() -> None:
    out = body("[[foo bar|x]] [[Foo_bar]]s [[#frag]] [[Talk:foo#A b]]", title="Here")
    assert '<a href="/wiki/Foo_bar" title="Foo bar">x</a>' in out
    assert '<a href="/wiki/Foo_bar" title="Foo bar">Foo_bars</a>' in out
    assert '<a href="#frag">#frag</a>' in out
    assert '<a href="/wiki/Talk:Foo#A_b" title="Talk:Foo">' in out


def test_red_and_self_links_and_article_path() -> None:
    out = body("[[Gone]] [[Here]]", title="Here", page_exists=lambda t: t != "Gone")
    assert (
        '<a href="/index.php?title=Gone&amp;action=edit&amp;redlink=1" class="new" '
        'title="Gone (page does not exist)">Gone</a>'
    ) in out
    assert '<a class="mw-selflink selflink">Here</a>' in out
    assert 'href="https://w.example/Foo"' in body("[[Foo]]", article_path="https://w.example/$1")


def test_categories_and_interlanguage_links_are_collected() -> None:
    out = to_html("x\n[[Category:Foo bar|key]]\n[[de:Seite]]\n[[:Category:Shown]]")
    assert out.categories == [("Foo bar", "key")]
    assert out.interlanguage_links == [("de", "Seite")]
    assert "Seite" not in out and "Foo bar" not in out
    assert '<a href="/wiki/Category:Shown"' in out


def test_external_links() -> None:
    out = body("[http://a.example x] [http://b.example] [http://c.example] http://d.example/p.")
    assert '<a rel="nofollow" class="external text" href="http://a.example">x</a>' in out
    assert 'class="external autonumber" href="http://b.example">[1]</a>' in out
    assert 'class="external autonumber" href="http://c.example">[2]</a>' in out
    assert 'class="external free" href="http://d.example/p">http://d.example/p</a>.' in out


def test_magic_links() -> None:
    out = body("ISBN 978-0-306-40615-7 RFC 2616 PMID 123")
    assert 'href="/wiki/Special:BookSources/9780306406157"' in out
    assert 'href="https://datatracker.ietf.org/doc/html/rfc2616"' in out
    assert 'href="//www.ncbi.nlm.nih.gov/pubmed/123?dopt=Abstract"' in out


# -- tables -------------------------------------------------------------------------------------------


def test_table() -> None:
    out = body('{| class="wikitable"\n|+ Cap\n! H1 !! H2\n|-\n| a || b\n|-\n| colspan="2" | c\n|}')
    root = html5lib.parseFragment(out, treebuilder="etree", namespaceHTMLElements=False)
    table = root.find("table")
    assert table is not None and table.get("class") == "wikitable"
    assert table.find("caption").text.strip() == "Cap"
    rows = table.findall("tbody/tr")
    assert [c.tag for c in rows[0]] == ["th", "th"]
    assert [c.text.strip() for c in rows[1]] == ["a", "b"]
    assert rows[2][0].get("colspan") == "2"


def test_nested_table_and_paragraphs_in_cells() -> None:
    out = body("{|\n|a\n\nb\n{|\n|inner\n|}\n|}")
    assert out.count("<table>") == 2
    assert "<p>b\n</p>" in out


@pytest.mark.parametrize(
    ("wikitext", "cells"),
    [
        # MediaWiki 1.39 (the oracle): each cell's text trimmed on its line, each cell on a line.
        ("{|\n| '''a || '''b || c\n|}", "<td><b>a</b></td>\n<td><b>b</b></td>\n<td>c\n</td>"),
        ("{|\n| a || b \n|}", "<td>a</td>\n<td>b\n</td>"),
        ("{|\n| a \nmore \n|}", "<td>a\n<p>more \n</p>\n</td>"),
        ("{|\n|\n a\n|}", "<td>\n<pre>a\n</pre>\n</td>"),
        ("{|\n| <!--c--> a <!--d--> || b\n|}", "<td>a</td>\n<td>b\n</td>"),
        (
            '{|\n|+ cap \n! h1 !! h2 \n|-\n| style="x" | a || b\n|}',
            '<caption>cap\n</caption>\n<tbody><tr>\n<th>h1</th>\n<th>h2\n</th></tr>\n<tr>\n'
            '<td style="x">a</td>\n<td>b\n</td>',
        ),
        ("{|\n| ''a '' || '''b''' \n|}", "<td><i>a </i></td>\n<td><b>b</b>\n</td>"),
        ("{|\n|  \n|}", "<td>\n</td>"),
    ],
)
def test_table_cells_trimmed_like_mediawiki(wikitext: str, cells: str) -> None:
    assert cells in body(wikitext)

def test_indented_table() -> None:
    assert body(":{|\n|a\n|}").startswith("<dl><dd><table>")


# -- extension tags -------------------------------------------------------------------------------


def test_refs_and_references() -> None:
    out = body('a<ref name="x">one</ref> b<ref>two</ref> c<ref name="x"/>\n<references/>')
    assert out.count('class="reference"') == 3
    assert re.findall(r"&#91;</span>(\d)<", out) == ["1", "2", "1"]
    assert '<span class="reference-text">one</span>' in out
    assert out.count("<li id=") == 2
    assert ">1.0</a></sup> <sup><a" in out  # back-links 1.0, 1.1 for the reused ref (Cite's)


def test_ref_groups_and_leftover_list() -> None:
    out = body('x<ref group="n">g</ref>\n<references group="n"/>\ny<ref>late</ref>')
    assert "&#91;</span>n 1<" in out
    assert out.rstrip().endswith("</ol></div>") and "late" in out


_ELEVEN_REFS = "".join(f"<ref>r{i}</ref>" for i in range(11))


@pytest.mark.parametrize(
    ("wikitext", "opening"),
    [
        # MediaWiki 1.39 with Cite (the oracle), $wgCiteResponsiveReferences at its default.
        ("a<ref>x</ref>\n<references/>", '\n<div class="mw-references-wrap"><ol class="references">'),
        ("a<ref>x</ref>\n<references responsive=\"1\"/>", '\n<div class="mw-references-wrap"><ol class="references">'),
        ("a<ref>x</ref>\n<references responsive=\"\"/>", '\n<div class="mw-references-wrap"><ol class="references">'),
        ("a<ref>x</ref>\n<references responsive=\"0\"/>", '\n<ol class="references">'),
        ("a<ref>x</ref>\n<references responsive=\" 0 \"/>", '\n<ol class="references">'),
        ("a<ref>x</ref>", '\n<div class="mw-references-wrap"><ol class="references">'),
        (
            _ELEVEN_REFS + "\n<references/>",
            '\n<div class="mw-references-wrap mw-references-columns"><ol class="references">',
        ),
        (_ELEVEN_REFS + '\n<references responsive="0"/>', '\n<ol class="references">'),
    ],
)
def test_references_wrap_like_cite(wikitext: str, opening: str) -> None:
    """Cite wraps a list in a div unless ``responsive="0"`` ({{Reflist}} with columns); past
    ten notes the div is marked for columns."""
    out = body(wikitext)
    assert opening in out
    assert out.count("<ol") == 1 and out.count("mw-references-wrap") == opening.count("mw-references-wrap")


def test_nowiki_pre_math_highlight_poem() -> None:
    assert body("<nowiki>''x'' <b></nowiki>") == "<p>''x'' &lt;b&gt;\n</p>"
    assert body("<pre>a\n  <b>b</b></pre>") == "<pre>a\n  &lt;b&gt;b&lt;/b&gt;</pre>"
    assert 'class="mwe-math-fallback-source-inline tex"' in body("<math>x^2</math>")
    hl = body('<syntaxhighlight lang="python">x = 1</syntaxhighlight>')
    assert 'class="mw-highlight mw-highlight-lang-python mw-content-ltr"' in hl
    assert "<pre>x = 1</pre>" in hl
    poem = body("<poem>a\n  b</poem>")
    assert '<div class="poem">' in poem and "a<br />\n&#160;&#160;b" in poem


def test_gallery() -> None:
    out = body("<gallery>\nFile:A.jpg|''cap''\nB.png\n</gallery>")
    assert out.count('class="gallerybox"') == 2
    assert "<i>cap</i>" in out


def test_files() -> None:
    def url(name: str, width: int | None) -> str:
        return "" if name == "Missing.png" else f"https://up.example/{name}"

    out = body("[[File:A b.jpg|thumb|200px|left|A ''c'']]", file_url=url)
    assert out.startswith('<figure class="mw-halign-left" typeof="mw:File/Thumb">')
    assert 'src="https://up.example/A b.jpg"' in out and 'width="200"' in out
    assert "<figcaption>A <i>c</i></figcaption>" in out
    inline = body("[[File:A.jpg|alt=Alt text|link=Target]]", file_url=url)
    assert 'alt="Alt text"' in inline and 'href="/wiki/Target"' in inline
    missing = body("[[File:Missing.png]]", file_url=url)
    assert 'typeof="mw:Error mw:File"' in missing and "wpDestFile=Missing.png" in missing


@pytest.mark.parametrize(
    ("wikitext", "caption"),
    [
        # MediaWiki 1.39 (the oracle) writes a file's markup on one line: a caption's newlines
        # are spaces, so its lines make no pre, list or paragraph; nowiki keeps its own.
        ("[[File:X.gif|thumb|cap\n line2\nline3]]", "cap  line2 line3"),
        ("a [[File:X.gif|frame|cap\n* item\nz]] b", "cap * item z"),
        ("[[File:X.gif|thumb|a<nowiki>\n b</nowiki>c]]", "a\n bc"),
    ],
)
def test_file_caption_on_one_line(wikitext: str, caption: str) -> None:
    out = body(wikitext)
    assert f"<figcaption>{caption}</figcaption>" in out
    assert "<pre>" not in out and "<li>" not in out


_LINK_X = '<a href="/wiki/X" title="X">'


@pytest.mark.parametrize(
    ("wikitext", "expected"),
    [
        # MediaWiki 1.39 (the oracle), its red-link markup written as ours: a label that spans
        # lines is kept out of the block pass (a link holder), so the link stays whole.
        ("[[X|a\n b]]", f"<p>{_LINK_X}a\n b</a>\n</p>"),
        ("[[X|a\n* b]]", f"<p>{_LINK_X}a\n* b</a>\n</p>"),
        ("[[X|a\n\nb]] c", f"<p>{_LINK_X}a\n\nb</a> c\n</p>"),
        ("* [[X|a\n b]] c\nd", f"<ul><li>{_LINK_X}a\n b</a> c</li></ul>\n<p>d\n</p>"),
        (" [[X|a\n b]]", f"<pre>{_LINK_X}a\n b</a>\n</pre>"),
    ],
)
def test_link_label_over_lines(wikitext: str, expected: str) -> None:
    assert body(wikitext) == expected


@pytest.mark.parametrize(
    ("wikitext", "tooltip"),
    [
        # alt and title from the caption with its links and nowiki text in (MediaWiki's
        # stripAltText), newlines as spaces; the oracle's legacy label shows the same text.
        ("[[File:X.gif|[[Y|a\n b]] c]]", "a  b c"),
        ("[[File:X.gif|a<nowiki>b<i></nowiki>c]]", "ab&lt;i&gt;c"),
    ],
)
def test_file_tooltip_from_held_caption(wikitext: str, tooltip: str) -> None:
    out = body(wikitext)
    assert f'title="{tooltip}"' in out and f'alt="{tooltip}"' in out
    assert out.count("<p>") == 1 and "<pre>" not in out


def test_templates_dropped_or_placeholder() -> None:
    assert body("a {{foo|b}} c") == "<p>a  c\n</p>"
    assert body("{{Infobox\n|x=1\n}}\nText") == "<p>Text\n</p>"
    shown = body("a {{foo|b}} c", templates="placeholder")
    assert '<span class="wikiparse-template">{{foo|b}}</span>' in shown
    assert body("{{{1|dflt}}}") == "<p>dflt\n</p>"


def test_redirect() -> None:
    out = body("#REDIRECT [[Target page]]")
    assert 'class="redirectMsg"' in out and 'href="/wiki/Target_page"' in out


# -- options and API -----------------------------------------------------------------------------------


def test_options_object_and_unknown_option() -> None:
    opts = HtmlOptions(edit_sections=False, article_path="/w/$1")
    assert 'href="/w/X"' in str(to_html("[[X]]", options=opts))
    with pytest.raises(TypeError):
        to_html("x", no_such_option=True)


def test_standalone_page() -> None:
    page = str(to_html("==a==\nx\n[[Category:C]]", title="T", standalone=True))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>T</title>" in page and '<h1 class="firstHeading">T</h1>' in page
    assert 'class="catlinks"' in page and "</html>" in page


def test_tidy_and_nh3_options_balance_and_keep_content() -> None:
    out = str(to_html("<div>a\n\n<b>b", tidy=True))
    assert out.count("<div") == out.count("</div>")
    assert "a" in str(to_html("'''a'''", nh3=True))


def test_every_node_class_has_a_rendering() -> None:
    """Each public node class either has a handler or is rendered through its children."""
    handled = {
        name[len("enter_") :]
        for name in dir(HtmlRenderer)
        if name.startswith("enter_") or name.startswith("leave_")
    }
    handled |= {name[len("leave_") :] for name in dir(HtmlRenderer) if name.startswith("leave_")}
    through_children = {
        "Node",
        "Wikicode",
        "Document",
        "Section",
        "Paragraph",
        "List",
        "Preformatted",
        "Parameter",
        "Tag",
        "Formatting",
        "TableRow",
        "Diagnostic",
        "Attribute",
        "LanguageConverter",  # the nodes of the variant shown (render/_langconv.py)
    }
    for name in n.__all__:
        obj = getattr(n, name)
        is_node_class = isinstance(obj, type) and issubclass(obj, n.Node)
        if is_node_class and name not in through_children:
            assert name in handled, name


# -- robustness and real data -----------------------------------------------------------------------


def test_deep_tree_does_not_recurse() -> None:
    depth = 100_000
    inner: n.Node = n.Text(value="x")
    for i in range(depth):
        inner = (n.Bold if i % 2 else n.Italic)(nodes=[inner])
    doc = n.Document(nodes=[n.Section(nodes=[n.Paragraph(nodes=[inner])])])
    out = str(to_html(doc))
    assert out.count("<b>") == depth // 2 and "x" in out


def test_deep_wikitext_renders() -> None:
    for text in ("[[a|" * 3000, "{|\n|" * 2000, "<div>" * 5000, "''" * 5000, "*" * 5000):
        assert isinstance(to_html(text), str)


def _dump_pages(path: Path) -> list[tuple[str, str]]:
    pages = []
    with bz2.open(path) as fh:
        for _ev, el in etree.iterparse(fh, events=("end",)):
            if el.tag.rsplit("}", 1)[-1] != "page":
                continue
            title = text = ""
            for child in el.iter():
                tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
                if tag == "title":
                    title = child.text or ""
                elif tag == "text":
                    text = child.text or ""
            pages.append((title, text))
            el.clear()
    return pages


@pytest.mark.parametrize("dump", sorted((FIXTURES / "dumps").glob("*.bz2")), ids=lambda p: p.name)
def test_every_dump_page_renders(dump: Path) -> None:
    pages = _dump_pages(dump)
    assert pages
    for title, text in pages:
        out = to_html(text, title=title)
        assert "\x7f" not in out and "\x00" not in out, title
        if "==" in text and "\n==" in "\n" + text:
            assert "mw-heading" in out, title


def test_il2_receptor_article_text_matches_the_rendered_page() -> None:
    wikitext = (FIXTURES / "IL-2_receptor.wiki").read_text(encoding="utf-8")
    out = to_html(wikitext, title="IL-2 receptor")
    shown = visible(str(out))
    lines = [
        ln.strip()
        for ln in (FIXTURES / "IL-2_receptor.rendered.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip()
    ]
    article = lines[2 : lines.index("IL-2 receptor Resources")]
    assert len(article) > 8
    for line in article:
        assert re.sub(r"\s+", " ", line) in shown, line
    assert "Structure[edit | edit source]" in shown
    assert ("Immunology", None) in out.categories


def test_parse_once_render_many() -> None:
    doc = wikiparse.parse("==a==\n[[b]]")
    assert to_html(doc) == to_html(doc)


def test_every_parser_test_input_renders() -> None:
    """All 2,600+ inputs of MediaWiki's parser tests, eligible for conformance or not."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from parsertests import iter_cases

    count = 0
    for case in iter_cases():
        if case.wikitext is None:
            continue
        count += 1
        for options in ({}, {"templates": "placeholder", "fragment_mode": "legacy"}):
            out = to_html(case.wikitext, title="Parser test", **options)  # type: ignore[arg-type]
            assert "\x7f" not in out and "\x00" not in out, case.id
    assert count > 2500


@pytest.mark.parametrize("text", ["", "\n", "   ", "\n\n\n", "<!---->", "__NOTOC__", "{{}}"])
def test_trivial_inputs(text: str) -> None:
    out = body(text)
    assert "<script" not in out and "\x7f" not in out
    assert visible(out) == ""


def test_html_headings_get_ids() -> None:
    out = body('==a==\n<h2>a</h2>\n<h3 id="own">b</h3>')
    assert '<h2 id="a_2" class="mw-html-heading">a</h2>' in out
    assert '<h3 id="own" class="mw-html-heading">b</h3>' in out


def test_gallery_caption_with_piped_link() -> None:
    out = body("<gallery>\nFile:A.jpg|[[Target page|the label]] and more\n</gallery>")
    assert '<a href="/wiki/Target_page" title="Target page">the label</a> and more' in out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09_.-~;@$!*(),/:% #?&=é中\ud800\"<>"), max_size=20))
def test_url_encode_is_wfurlencode(text: str) -> None:
    """The plain-text shortcut gives exactly what full percent-encoding gives."""
    from urllib.parse import quote

    from wikiparse.render._html_text import _URL_SAFE, url_encode

    assert url_encode(text) == quote(text, safe=_URL_SAFE, errors="replace")


def test_headings_written_as_html_join_the_table_of_contents() -> None:
    """MediaWiki lists ``<h2>`` headings in the TOC, in document order, without a section
    number (they cannot be edited), counts them toward the four-heading rule, and puts the
    TOC before the first heading of either kind."""
    out = str(wikiparse.to_html("<h2>A</h2>\n== B ==\n<h3 id=own>C</h3>\n== D ==\n", edit_sections=False))
    toc = out[out.index('<div id="toc"') : out.index("</ul>\n</div>")]
    assert re.findall(r'<li class="([^"]*)"><a href="#([^"]*)"', toc) == [
        ("toclevel-1", "A"),
        ("toclevel-1 tocsection-1", "B"),
        ("toclevel-2", "own"),
        ("toclevel-1 tocsection-2", "D"),
    ]
    assert out.index('<div id="toc"') < out.index('<h2 id="A"')
    assert '<h3 id="own" class="mw-html-heading">C</h3>' in out
    # Three headings of which one is HTML: no TOC, as on a wiki.
    assert 'id="toc"' not in str(wikiparse.to_html("<h2>A</h2>\n== B ==\n== C ==\n"))


def test_a_row_without_cells_opens_no_tr() -> None:
    """MediaWiki opens ``<tr>`` at a row's first cell: text in a row with no cell stays bare
    in the table (a browser fosters it out), on lines of its own, so a list there closes
    before the table does."""
    assert str(wikiparse.to_html("{|\n|-\na\n|}")) == "<table>\n\na\n</table>"
    out = str(wikiparse.to_html("{|\n|-\n*a\n*b\n|}"))
    assert "<tr" not in out and out.endswith("<li>b</li></ul>\n</table>")


def test_a_standalone_page_of_a_known_wiki_links_to_its_server() -> None:
    """Opened from disk, root-relative links and images point nowhere: a known wiki's page
    links pages and files on that wiki's server; other pages keep the configured paths."""
    from wikiparse import ParserConfig

    text = "[[File:A.jpg|thumb|Cap]] [[Foo]]"
    page = str(to_html(text, standalone=True, config=ParserConfig.for_wiki("enwiki")))
    assert 'src="https://en.wikipedia.org/wiki/Special:FilePath/A.jpg"' in page
    assert 'href="https://en.wikipedia.org/wiki/Foo"' in page
    assert 'src="/wiki/Special:FilePath/A.jpg"' in str(to_html(text, standalone=True))
    fragment = str(to_html(text, config=ParserConfig.for_wiki("enwiki")))
    assert 'href="/wiki/Foo"' in fragment  # a fragment is served by the caller's own site
