"""Never crash, never recurse: 100,000-deep nesting of every construct.

Each input is parsed, serialised, walked and span-checked; then every renderer that has landed
renders it.  Python's recursion limit (1,000 frames by default) is far below the depth used
here, so any recursive step anywhere in the pipeline fails these tests with RecursionError.
No test here is timed: growth is checked by counting work, and the timings live in
``benchmarks/``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import span_errors
from wikiparse.nodes import Document, walk

DEPTH = 100_000
#: Depth for the secondary families (still 20x Python's recursion limit, and cheaper).
SHALLOWER = 20_000

#: name -> the deep input.  Closed forms nest; unclosed forms are long runs left as text.
DEEP_INPUTS: dict[str, str] = {
    # The five families of issue 2, at full depth.
    "templates": "{{x|" * DEPTH + "}}" * DEPTH,
    "links": "[[a|" * DEPTH + "]]" * DEPTH,
    "html_tags": "<span>" * DEPTH + "x" + "</span>" * DEPTH,
    "lists": "*" * DEPTH + " item\n" + "#" * DEPTH + " item",
    "tables": "{|\n|\n" * DEPTH + "x" + "\n|}" * DEPTH,
    # Related shapes.
    "template_args": "{{{" * SHALLOWER + "x" + "}}}" * SHALLOWER,
    "files": "[[File:a.jpg|thumb|" * SHALLOWER + "]]" * SHALLOWER,
    "divs_multiline": "<div>\n" * SHALLOWER + "x" + "\n</div>" * SHALLOWER,
    "tables_in_lists": ":{|\n|\n" * 2_000 + "x" + "\n|}" * 2_000,
    "bold_italic": "'''''x" * SHALLOWER,
    "refs": "<ref>" * DEPTH + "x" + "</ref>" * DEPTH,
    "comments": "<!--" * DEPTH + "-->" * DEPTH,
    "unclosed_braces": "{{" * DEPTH,
    "unclosed_links": "[[" * DEPTH,
    "brace_soup": "{{{{{|[[|]]}}" * (DEPTH // 10),
    "headings": "\n".join("=" * (i % 7) + "h" + "=" * (i % 5) for i in range(DEPTH // 10)),
    # Issue 13: a quadratic heading end, links around links joined at every level.
    "equals_heading": "=" * DEPTH + "x" + "=" * DEPTH,
    "brackets": "[" * DEPTH + "x" + "]" * DEPTH,
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, Document]:
    """Each deep input parsed once, shared by the parse and render tests."""
    return {name: wikiparse.parse(text) for name, text in DEEP_INPUTS.items()}


def test_recursion_limit_is_the_default() -> None:
    """These tests only mean something if nobody raised the limit to hide recursion."""
    assert sys.getrecursionlimit() <= 10_000


@pytest.mark.parametrize("name", list(DEEP_INPUTS))
def test_deep_input_parses_and_round_trips(name: str, parsed: dict[str, Document]) -> None:
    text = DEEP_INPUTS[name]
    doc = parsed[name]
    assert str(doc) == text
    assert sum(1 for _ in walk(doc)) >= 2
    assert not span_errors(doc, text)


@pytest.mark.parametrize("name", ["templates", "tables", "template_args"])
def test_deep_nesting_really_nests(name: str, parsed: dict[str, Document]) -> None:
    """Closed, nested constructs are nodes (not one big text), so the tree is truly deep."""
    depth_of: dict[int, int] = {id(parsed[name]): 0}
    deepest = 0
    for node in walk(parsed[name]):
        d = depth_of.pop(id(node))
        deepest = max(deepest, d)
        for child in node.children:
            depth_of[id(child)] = d + 1
    assert deepest >= (SHALLOWER if name == "template_args" else DEPTH)


RENDERERS: dict[str, Callable[[Document], object]] = {
    "html": lambda d: wikiparse.to_html(d),
    "text": lambda d: wikiparse.to_text(d),
    "markdown": lambda d: wikiparse.to_markdown(d),
    "json": lambda d: wikiparse.to_json(d),
}


@pytest.mark.parametrize("renderer", list(RENDERERS))
@pytest.mark.parametrize("name", ["templates", "links", "html_tags", "lists", "tables"])
def test_deep_input_renders(name: str, renderer: str, parsed: dict[str, Document]) -> None:
    out = RENDERERS[renderer](parsed[name])
    assert isinstance(out, str | dict | list)


def test_json_round_trip_of_a_deep_tree(parsed: dict[str, Document]) -> None:
    data = wikiparse.to_json(parsed["template_args"])
    back = wikiparse.from_json(data)
    assert str(back) == DEEP_INPUTS["template_args"]


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\x00", "\ud800", "{{", "}}", "[[", "]]", "{|", "|}", "<", ">", "<!--", "'''''",
     "=", "==", "\n=\n", "*", ";:", "{{{{{{{{", "[[[[]]]]", "<ref", "<ref>", "</ref>",
     "&", "&#", "&#x;", "~~~~~~", "__", "ISBN", "http://", "[http://", "\r\n\r\n"],
)
def test_tiny_pathological_inputs(text: str) -> None:
    doc = wikiparse.parse(text)
    assert str(doc) == text
    assert not span_errors(doc, text)


# --------------------------------------------------------------------------------------------
# Never hang: time grows about linearly on the pathological families of issue 2
# --------------------------------------------------------------------------------------------

#: family -> repeated unit (the same families as ``benchmarks/bench_parse.py --scaling``).
SCALING_FAMILIES: dict[str, str] = {
    "unclosed_templates": "{{a",
    "unclosed_links": "[[a",
    "unclosed_external_links": "[http://x a ",
    "unclosed_refs": "<ref>a",
    "unclosed_apostrophes": "''a",
    "unclosed_tables": "{|\n",
    "brace_soup_args": "{{{|",
    "brace_soup_links": "{{[[|}}",
    "brace_soup_mixed": "{{{{{a|[[b|}}]]{{{c",
    "nested_unclosed_templates": "{{x|",
}


def _calls(text: str) -> int:
    """The function calls (Python and C) one parse makes: a count of work that a busy
    machine cannot disturb.  Quadratic work in this parser shows up as calls (a loop per
    character or a rescan per construct); the benchmark ``benchmarks/bench_parse.py
    --scaling`` measures the time itself."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        wikiparse.parse(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.interpreted
@pytest.mark.parametrize("family", list(SCALING_FAMILIES))
def test_work_grows_about_linearly(family: str) -> None:
    """calls(2n)/calls(n) stays near 2 (a quadratic parser shows 4).  Counted on the
    interpreted build, whose calls a profiler sees; mwparserfromhell is quadratic or worse on
    several of these families."""
    unit = SCALING_FAMILIES[family]
    n = 4_000
    c1, c2 = _calls(unit * n), _calls(unit * (2 * n))
    assert c2 / c1 < 2.3, f"{family}: {c1} -> {c2} calls"


@pytest.mark.parametrize(
    "text",
    [
        "[[\ud800]]",
        "[[a#\udfff]]",
        "== \ud800 ==\n== \ud800 ==",
        "[http://x.org/\ud800 y]",
        "http://x.org/\udc00",
        "[[File:\ud800.jpg|thumb|\ud800]]",
        "<ref name=\ud800>\ud800</ref><references/>",
    ],
)
def test_lone_surrogates_never_raise(text: str) -> None:
    """A lone surrogate is a valid ``str``: parsing and every renderer must take it (URLs and
    anchors percent-encode it as U+FFFD instead of failing to encode it as UTF-8)."""
    doc = wikiparse.parse(text)
    assert str(doc) == text
    wikiparse.to_html(doc)
    wikiparse.to_text(doc)
    wikiparse.to_markdown(doc)
    assert str(wikiparse.from_json(wikiparse.to_json(doc))) == text


def _serialised_chars(text: str, renderer: str, config: object) -> int:
    """The characters of wikitext re-serialised (``str(node)`` and option heads) while one
    renderer renders ``text``'s tree: a caption holds every file link nested in it, so reading
    each link's options whole would count quadratically many."""
    from wikiparse import nodes
    from wikiparse.config import ParserConfig

    assert config is None or isinstance(config, ParserConfig)
    doc = wikiparse.parse(text, config=config)
    total = 0
    whole, head = nodes.to_wikitext, nodes.wikitext_head

    def counting_whole(node: nodes.Node) -> str:
        nonlocal total
        out = whole(node)
        total += len(out)
        return out

    def counting_head(node: nodes.Node, size: int) -> str:
        nonlocal total
        out = head(node, size)
        total += len(out)
        return out

    render = getattr(wikiparse, renderer)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nodes, "to_wikitext", counting_whole)
        patch.setattr(nodes, "wikitext_head", counting_head)
        render(doc, config=config)
    return total


@pytest.mark.interpreted
@pytest.mark.parametrize("wiki", ["default", "dewiki"])
@pytest.mark.parametrize("renderer", ["to_markdown", "to_html"])
def test_nested_file_links_are_read_once(renderer: str, wiki: str) -> None:
    """Issue 13: ``[[File:a.jpg|[[File:a.jpg|...x]]]]`` re-serialised every caption at every
    level (26 s at n=4,096); each option is now ruled out by its first characters.  dewiki's
    local option words (``mini``, ``hochkant=``...) take the same short cut."""
    from wikiparse.config import ParserConfig

    config = ParserConfig.for_wiki(wiki) if wiki != "default" else None
    prefix = "[[Datei:a.jpg|" if wiki != "default" else "[[File:a.jpg|"
    n = 1_000
    small = _serialised_chars(prefix * n + "x" + "]]" * n, renderer, config)
    large = _serialised_chars(prefix * (2 * n) + "x" + "]]" * (2 * n), renderer, config)
    assert large <= 2.3 * max(small, 1), (small, large)


#: Pieces of option text: option words (English and dewiki's), their values, sizes in two
#: scripts, whitespace, case changes and markup that starts a caption.
_OPTION_PIECES = st.sampled_from([
    "thumb", "Thumb", "mini", "MINI", "hochkant", "upright", "=", " ", "\u2003", "\n", "1.5",
    "200", "\u0662\u0660\u0660", "\u0662\u0660px", "200px", "x", "px", "pks", "alt=", "link=",
    "page", "left", "links",
    "text-top", "rahmenlos", "[[File:b.jpg|x]]", "''", "<!--c-->", "a", "{{t}}", "muted",
])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_OPTION_PIECES, max_size=5).map("".join), max_size=4),
    st.sampled_from(["default", "dewiki"]),
    st.sampled_from(["a.jpg", "a.ogg"]),
)
def test_option_short_cut_reads_options_as_reading_them_whole(
    options: list[str], wiki: str, target: str
) -> None:
    """Ruling an option out by its first characters (the linear path of nested file links)
    reads every link exactly as reading each option whole does."""
    from wikiparse import _mw
    from wikiparse import file_options as presets
    from wikiparse.config import ParserConfig

    config = ParserConfig.for_wiki(wiki) if wiki != "default" else None
    text = f"[[File:{target}|" + "|".join(options) + "]]"
    links = wikiparse.parse(text, config=config).find_files()
    fast = [presets.interpret_file_options(link, config) for link in links]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_mw, "could_be_option", lambda head: True)
        patch.setattr(presets.FileOptionWords, "could_rewrite", lambda self, head: True)
        whole = [presets.interpret_file_options(link, config) for link in links]
    assert [{k: str(v) for k, v in d.items()} for d in fast] == [
        {k: str(v) for k, v in d.items()} for d in whole
    ]
    assert [id(d["caption"]) for d in fast] == [id(d["caption"]) for d in whole]
