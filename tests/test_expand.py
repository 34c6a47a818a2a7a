"""Template expansion (``wikiparse.Wiki``), checked against MediaWiki's own output.

* ``fixtures/expand/oracle_expand.jsonl``: MediaWiki 1.39's Special:ExpandTemplates output of
  hand-written cases, with the enwiki templates of ``fixtures/expand/enwiki-templates.xml.bz2``
  installed (``tests/make_expand_oracle.py`` regenerates it);
* ``fixtures/expand/goldens-no-lua.jsonl.xz``: the sample articles whose templates need no
  Lua, with MediaWiki's expansion of each;
* semantics MediaWiki's preprocessor defines (frames, lazy arguments, inclusion modes, limits),
  written as small wikis in memory.
"""

from __future__ import annotations

import json
import lzma
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from wikiparse.expand import Limits, SiteInfo, SqliteStore, Wiki

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "expand"
TEMPLATES = FIXTURES / "enwiki-templates.xml.bz2"
ORACLE_SITE = SiteInfo(
    sitename="Wikipedia",
    server="http://localhost",
    script_path="/w",
    article_path="/w/index.php/$1",
)

#: Cases whose MediaWiki output needs what an offline wiki does not have.
ORACLE_GAPS = {
    "{{int:edit}}": "core interface messages (int:) are not bundled",
}


@pytest.fixture(scope="module")
def enwiki(tmp_path_factory: pytest.TempPathFactory) -> Wiki:
    folder = tmp_path_factory.mktemp("store")
    dump = folder / TEMPLATES.name
    shutil.copy(TEMPLATES, dump)
    return Wiki.from_dump(dump, site=ORACLE_SITE)


def _oracle_cases() -> list[object]:
    params = []
    for number, line in enumerate(
        (FIXTURES / "oracle_expand.jsonl").read_text(encoding="utf-8").splitlines(), 1
    ):
        case = json.loads(line)
        marks = [
            pytest.mark.xfail(reason=reason, strict=True)
            for key, reason in ORACLE_GAPS.items()
            if key in case["wikitext"]
        ]
        params.append(pytest.param(case, id=f"oracle_expand.jsonl:{number}", marks=marks))
    return params


@pytest.mark.parametrize("case", _oracle_cases())
def test_expansion_matches_mediawiki(enwiki: Wiki, case: dict[str, str]) -> None:
    assert enwiki.expand(case["wikitext"], title=case["title"]) == case["expanded"]


def _golden_pages() -> list[object]:
    with lzma.open(FIXTURES / "goldens-no-lua.jsonl.xz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [pytest.param(row, id=row["title"]) for row in rows]


@pytest.mark.parametrize("page", _golden_pages())
def test_article_expansion_matches_mediawiki(enwiki: Wiki, page: dict[str, str]) -> None:
    result = enwiki.expand_full(page["wikitext"], title=page["title"])
    assert result.lua_calls == 0
    assert result.text == page["expanded"]


# -- the API of the issue -------------------------------------------------------------------


def test_issue_example() -> None:
    wiki = wikiparse.Wiki(pages={"Template:Hello": "Hi {{{1|there}}}"})
    assert wiki.expand("{{Hello|you}}", title="Some page") == "Hi you"
    assert wiki.expand("{{hello}}") == "Hi there"
    assert wiki.expand("{{Template:Hello|x}} {{:Template:Hello}}") == "Hi x Hi there"


def test_rendering_with_a_wiki() -> None:
    wiki = Wiki(pages={"Template:Cite": "''{{{title}}}''", "Template:Row": "{{!}} a {{!}}{{!}} b"})
    html = wikiparse.to_html("x<ref>{{Cite|title=T}}</ref>\n{|\n{{Row}}\n|}\n{{{1}}}", wiki=wiki)
    assert '<span class="reference-text"><i>T</i></span>' in html
    assert "<td>a</td>\n<td>b" in html  # cells trimmed and one per line, as in MediaWiki
    assert "{{{1}}}" in html  # braces left by expansion are text, as in MediaWiki
    assert wikiparse.to_text("{{Cite|title=T}}", wiki=wiki) == "T"
    assert wikiparse.to_markdown("x<ref>{{Cite|title=T}}</ref>", wiki=wiki).endswith("[^1]: *T*\n")


def test_parse_gives_the_expanded_document() -> None:
    wiki = Wiki(pages={"Template:L": "[[Target|label]]"})
    doc = wiki.parse("see {{L}}")
    assert [str(link.title) for link in doc.find_wikilinks()] == ["Target"]


# -- frames and arguments -------------------------------------------------------------------


def test_named_arguments_are_trimmed_numbered_are_not() -> None:
    wiki = Wiki(pages={"Template:T": "[{{{1}}}][{{{a}}}][{{{2}}}]"})
    assert wiki.expand("{{T| x | a = y |2= z }}") == "[ x ][y][z]"


def test_later_arguments_win_and_numbered_equal_named() -> None:
    wiki = Wiki(pages={"Template:T": "{{{1}}}"})
    assert wiki.expand("{{T|a|1=b}}") == "b"
    assert wiki.expand("{{T|1=b|a}}") == "a"


def test_unused_branches_are_not_expanded() -> None:
    wiki = Wiki(pages={"Template:Loop": "{{Loop}}"})
    result = wiki.expand_full("{{#if:x|yes|{{Loop}}}} {{#switch:a|a=1|b={{Loop}}}}")
    assert result.text == "yes 1"
    assert result.diagnostics == []


def test_inclusion_modes() -> None:
    body = "a<noinclude>N</noinclude><includeonly>I</includeonly>b"
    wiki = Wiki(
        pages={
            "Template:T": body,
            "Template:O": "x<onlyinclude>O</onlyinclude>y<onlyinclude>P</onlyinclude>",
        }
    )
    assert wiki.expand("{{T}}") == "aIb"
    assert wiki.expand(body) == "aNb"
    assert wiki.expand("{{O}}") == "OP"


def test_block_output_starts_a_line() -> None:
    wiki = Wiki(pages={"Template:L": "* item", "Template:Table": "{|\n|x\n|}"})
    assert wiki.expand("a {{L}}") == "a \n* item"
    assert wiki.expand("{{L}}\n{{Table}}") == "\n* item\n{|\n|x\n|}"


def test_relative_and_main_namespace_transclusion() -> None:
    wiki = Wiki(pages={"User:A/sub": "S", "Page": "P"})
    assert wiki.expand("{{/sub}} {{:Page}}", title="User:A") == "S P"


def test_redirects_are_followed() -> None:
    wiki = Wiki(pages={"Template:Old": "#REDIRECT [[Template:New]]", "Template:New": "new {{{1}}}"})
    assert wiki.expand("{{Old|x}}") == "new x"


def test_missing_template_is_a_red_link() -> None:
    assert Wiki().expand("{{Nope}} {{Nope|a}}") == "[[:Template:Nope]] [[:Template:Nope]]"


def test_subst_is_literal_on_a_page_view() -> None:
    assert Wiki().expand("{{subst:lc:X}} {{safesubst:lc:X}}") == "{{subst:lc:X}} x"


def test_extension_tags_keep_their_body() -> None:
    wiki = Wiki(pages={"Template:R": "<ref>{{{1}}}</ref>"})
    assert (
        wiki.expand("{{R|x}} <nowiki>{{R}}</nowiki>") == "<ref>{{{1}}}</ref> <nowiki>{{R}}</nowiki>"
    )
    # when rendering, a <ref> body is wikitext expanded in its template's frame
    html = wikiparse.to_html("{{R|body}}", wiki=wiki)
    assert '<span class="reference-text">body</span>' in html


def test_frame_is_a_lua_frame() -> None:
    wiki = Wiki(pages={"Template:T": "<{{{1}}}>"})
    exp = wiki.expander("Page")
    frame = exp.root.new_child("Module:X", {1: "a", "name": "b"})
    assert frame.get_title() == "Module:X"
    assert frame.get_argument(1) == "a" and frame.get_argument("name") == "b"
    assert frame.get_argument("missing") is None
    assert frame.get_parent() is exp.root
    assert frame.expand_template("T", {1: "z"}) == "<z>"
    assert frame.preprocess("{{lc:AB}}") == "ab"
    assert frame.call_parser_function("#if", ["x", "yes", "no"]) == "yes"


# -- limits ----------------------------------------------------------------------------------


def test_template_loop() -> None:
    wiki = Wiki(pages={"Template:A": "{{B}}", "Template:B": "{{A}}"})
    result = wiki.expand_full("{{A}}")
    assert result.text == '<span class="error">Template loop detected: [[Template:A]]</span>'
    assert [d.code for d in result.diagnostics] == ["template-loop"]


def test_template_depth_limit() -> None:
    pages = {f"Template:D{i}": f"{{{{D{i + 1}}}}}" for i in range(50)}
    result = Wiki(pages, limits=Limits(max_template_depth=5)).expand_full("{{D0}}")
    assert result.text == '<span class="error">Template recursion depth limit exceeded (5)</span>'


def test_doubling_bomb_is_bounded() -> None:
    pages = {f"Template:D{i}": f"{{{{D{i + 1}|{{{{{{1}}}}}}{{{{{{1}}}}}}}}}}" for i in range(30)}
    pages["Template:D30"] = "{{{1}}}"
    result = Wiki(pages).expand_full("{{D0|ab}}")
    assert len(result.text) < 3 * 1024 * 1024
    assert "post-expand-template-argument" in {d.code for d in result.diagnostics}


def test_big_argument_copied_many_times_is_bounded() -> None:
    wiki = Wiki(pages={"Template:Copy": "{{{1}}}" * 1000})
    result = wiki.expand_full("{{Copy|" + "x" * 1_000_000 + "}}")
    assert len(result.text) < 3 * 1024 * 1024
    assert "<!-- WARNING: argument omitted, expansion size too large -->" in result.text


def test_deep_nesting_hits_the_expansion_depth_limit() -> None:
    result = Wiki().expand_full("{{lc:" * 3000 + "x" + "}}" * 3000)
    assert "Expansion depth limit exceeded" in result.text
    assert result.limits["expansiondepth"][0] <= 100


def test_node_count_limit() -> None:
    wiki = Wiki(limits=Limits(max_node_count=50))
    result = wiki.expand_full("{{lc:a}}" * 100)
    assert '<span class="error">Node-count limit exceeded</span>' in result.text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "{{",
                "}}",
                "{{{",
                "}}}",
                "|",
                "=",
                "[[",
                "]]",
                "\n",
                "==",
                "<!--",
                "-->",
                "<ref>",
                "</ref>",
                "<includeonly>",
                "<noinclude>",
                "<onlyinclude>",
                "</onlyinclude>",
                "#if:",
                "#switch:",
                "T",
                "x",
                " ",
                "subst:",
                "msgnw:",
                "{{!}}",
                "<nowiki>",
                "{|",
                "*",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_expansion_never_raises(text: str) -> None:
    wiki = Wiki(pages={"Template:T": text, "Template:X": "{{T|" + text + "}}"})
    assert isinstance(wiki.expand(text), str)
    assert isinstance(wiki.expand_for_rendering("{{X|" + text + "}}"), str)


# -- stores ----------------------------------------------------------------------------------


def test_sqlite_store_is_reused_until_the_dump_changes(tmp_path: Path) -> None:
    dump = tmp_path / "t.xml.bz2"
    shutil.copy(TEMPLATES, dump)
    wiki = Wiki.from_dump(dump)
    cache = tmp_path / "t.xml.bz2.wikiparse.sqlite"
    assert cache.exists()
    stamp = cache.stat().st_mtime_ns
    again = Wiki.from_dump(dump)
    assert cache.stat().st_mtime_ns == stamp
    assert again.exists("Template:Nowrap") and not again.exists("Template:Nope")
    assert isinstance(wiki.store, SqliteStore)
    assert wiki.expand("{{nowrap|a}}") == '<span class="nowrap">a</span>'


def test_folder_store(tmp_path: Path) -> None:
    (tmp_path / "Template:Hi.wiki").write_text("hi {{{1}}}", encoding="utf-8")
    (tmp_path / "Template:A%2Fb.wiki").write_text("sub", encoding="utf-8")
    wiki = Wiki.from_folder(tmp_path)
    assert wiki.expand("{{Hi|x}} {{A/b}}") == "hi x sub"


# -- command line and worker processes -------------------------------------------------------


def test_wiki_from_dump_pickles_for_workers(tmp_path: Path) -> None:
    import pickle

    dump = tmp_path / "t.xml.bz2"
    shutil.copy(TEMPLATES, dump)
    wiki = pickle.loads(pickle.dumps(Wiki.from_dump(dump)))
    assert wiki.expand("{{nowrap|a}}") == '<span class="nowrap">a</span>'


def test_cli_convert_with_templates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wikiparse.cli import main

    dump = tmp_path / "t.xml.bz2"
    shutil.copy(TEMPLATES, dump)
    page = tmp_path / "p.wiki"
    page.write_text("{{Nowrap|a b}} {{#if:x|yes}} {{PAGENAME}}\n", encoding="utf-8")
    assert (
        main(["convert", str(page), "--to", "text", "--templates", str(dump), "--title", "Foo"])
        == 0
    )
    assert capsys.readouterr().out.endswith("\na b yes Foo\n")  # after the title line


def test_cli_dump_expand(tmp_path: Path) -> None:
    from wikiparse.cli import main

    dump = tmp_path / "t.xml.bz2"
    shutil.copy(TEMPLATES, dump)
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                "dump",
                str(dump),
                "--to",
                "text",
                "--expand",
                "--ns",
                "10",
                "--limit",
                "3",
                "-j",
                "1",
                "-o",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


# -- provenance --------------------------------------------------------------------------------


def test_nodes_map_back_to_their_source() -> None:
    wiki = Wiki(pages={"Template:L": "[[Target|label]]"})
    source = "see {{L}} and [[Other]]"
    doc, sources = wiki.parse_with_sources(source)
    spans = {str(link): sources.source_span(link.start, link.end) for link in doc.find_wikilinks()}
    assert source[slice(*spans["[[Target|label]]"])] == "{{L}}"
    assert source[slice(*spans["[[Other]]"])] == "[[Other]]"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "{{T}}",
                "{{T|a}}",
                "{{{1|d}}}",
                "x",
                "\n",
                "<!-- c -->",
                "<ref>r</ref>",
                "== h ==",
                "{{",
                "}}",
            ]
        ),
        max_size=20,
    ).map("".join)
)
def test_source_segments_tile_both_texts(text: str) -> None:
    doc, sources = Wiki(pages={"Template:T": "[{{{1|}}}]"}).parse_with_sources(text)
    out = str(doc)
    at = src = 0
    for seg in sources.segments:
        assert (seg.out_start, seg.src_start) == (at, src)
        at, src = seg.out_end, seg.src_end
    assert (at, src) == (len(out), len(text))


# -- the meeting point with the Lua engine ------------------------------------------------------


class _FakeEngine:
    """Stands in for ``wikiparse.lua.engine.ScribuntoEngine``: checks what it is handed."""

    def __init__(self, host: object, *, config: object = None) -> None:
        self.host = host

    def invoke(self, module: str, function: str, frame: object, *, shown_name: str = "") -> str:
        from wikiparse.lua.host import LuaFrame, ScriptError

        if function == "fail":
            raise ScriptError("Lua error in Module:M at line 1: boom.")
        assert module == "Module:M"
        frame_: LuaFrame = frame  # type: ignore[assignment]
        parent = frame_.get_parent()
        assert parent is not None
        return "|".join(
            [
                str(frame_.get_argument(1)),
                str(frame_.get_argument("k")),
                str(parent.get_argument("x")),
                parent.get_title(),
                self.host.current_title(),  # type: ignore[attr-defined]
                frame_.preprocess("{{lc:AB}}"),
            ]
        )


def test_invoke_hands_frames_to_the_lua_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    fake = types.ModuleType("wikiparse.lua.engine")
    fake.ScribuntoEngine = _FakeEngine  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "wikiparse.lua.engine", fake)
    wiki = Wiki(pages={"Template:T": "{{#invoke:M|main| a |k= b }}", "Module:M": "return {}"})
    assert wiki.expand("{{T|x=X}}", title="Page") == " a |b|X|Template:T|Page|ab"
    result = wiki.expand_full("{{#invoke:M|fail}}")
    # MediaWiki shows a Lua error as it is, without a "Script error: " prefix
    assert result.text == (
        '<strong class="error"><span class="scribunto-error" id="mw-scribunto-error-0">'
        "Lua error in Module:M at line 1: boom.</span></strong>"
    )
    assert [d.code for d in result.diagnostics] == ["script-error"]


def test_diagnostics_point_at_the_call() -> None:
    wiki = Wiki(pages={"Template:A": "{{B}}", "Template:B": "{{A}}"})
    text = "intro {{A}} outro"
    (diag,) = wiki.expand_full(text).diagnostics
    assert text[diag.start : diag.end] == "{{A}}"


def test_site_facts_come_from_the_dump(tmp_path: Path) -> None:
    dump = tmp_path / "t.xml.bz2"
    shutil.copy(TEMPLATES, dump)
    wiki = Wiki.from_dump(dump)
    assert wiki.expand("{{SERVER}}|{{SITENAME}}|{{localurl:A b}}").startswith("http")


def test_text_that_looks_like_a_strip_marker_stays_text() -> None:
    marker = "\x7f'\"`UNIQ-0-QINU`\"'\x7f"
    assert Wiki().expand(f"<nowiki>a</nowiki>{marker}") == f"<nowiki>a</nowiki>{marker}"
