"""Edits: template parameters, template names, links, and generic replace/remove/insert.

The contract: after an edit ``str(doc)`` differs from the source only where the edit was, new
parameters copy their neighbours' layout, and parsing the edited text gives the edited tree.
Hand-built trees pin exact outputs; real pages (the IL-2 fixture, the sample dumps) check
locality and the re-parse on what editors actually write.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import Page, main_pages, tmpl, wc
from wikiparse import edit
from wikiparse.nodes import (
    Bold,
    Document,
    ExternalLink,
    FileLink,
    Heading,
    List,
    ListItem,
    Node,
    Paragraph,
    Section,
    TableCell,
    TableRow,
    Template,
    Text,
    Wikicode,
    Wikilink,
    walk,
)
from wikiparse.testing import assert_same_tree

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def infobox() -> Template:
    return tmpl("Infobox protein\n", (" name   ", " IL-2 receptor\n"), (" symbol ", " IL2R\n"))


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


def test_param_items_numbers_positionals_like_mediawiki() -> None:
    t = tmpl("t", (None, "a"), ("x", "1"), (None, "b"), (" 2 ", "B"), ("y<!-- c -->", "2"))
    assert [k for k, _ in edit.param_items(t)] == ["1", "x", "2", "2", "y"]
    assert str(t.get(2).value) == "B"  # the last duplicate is the one MediaWiki uses
    assert t.has("y") and not t.has("z")
    with pytest.raises(KeyError):
        t.get("z")


def test_set_existing_keeps_surrounding_whitespace() -> None:
    t = infobox()
    p = t.add("symbol", "IL2RA")
    assert str(t) == "{{Infobox protein\n| name   = IL-2 receptor\n| symbol = IL2RA\n}}"
    assert p is t.params[1]


def test_add_copies_aligned_infobox_layout() -> None:
    t = infobox()
    t.add("uniprot", "P01589")
    t.add("gene", "IL2RA", before="symbol")
    t.add("a_very_long_key", "x")
    assert str(t) == (
        "{{Infobox protein\n"
        "| name   = IL-2 receptor\n"
        "| gene   = IL2RA\n"
        "| symbol = IL2R\n"
        "| uniprot = P01589\n"
        "| a_very_long_key = x\n"
        "}}"
    )


def test_add_to_unaligned_infobox_uses_common_spacing() -> None:
    t = tmpl("Infobox\n", (" a ", " 1\n"), (" bb ", " 2\n"))
    t.add("ccc", "3")
    assert str(t) == "{{Infobox\n| a = 1\n| bb = 2\n| ccc = 3\n}}"


def test_add_after_last_param_without_final_newline() -> None:
    t = tmpl("Infobox\n", (" a ", " 1\n"), (" b ", " 2"))
    t.add("c", "3")
    assert str(t) == "{{Infobox\n| a = 1\n| b = 2\n| c = 3}}"


def test_add_to_one_line_citation() -> None:
    t = tmpl("cite journal ", ("title", "IL-2 receptor "), ("journal", "Nature"))
    t.add("year", "1984")
    assert str(t) == "{{cite journal |title=IL-2 receptor |journal=Nature |year=1984}}"


def test_add_to_template_without_params() -> None:
    t = tmpl("Reflist")
    t.add("colwidth", "30em")
    assert str(t) == "{{Reflist|colwidth=30em}}"
    t2 = tmpl("Navbox\n")
    t2.add("name", "IL-2")
    assert str(t2) == "{{Navbox\n|name=IL-2\n}}"


def test_add_positional_continues_numbering() -> None:
    t = tmpl("convert", (None, "3"), (None, "km"))
    t.add(3, "mi")
    t.add(5, "x")  # a gap: written with its number
    assert str(t) == "{{convert|3|km|mi|5=x}}"


def test_positional_value_with_equals_gets_named() -> None:
    t = tmpl("t", (None, "a"))
    t.add(1, "x=y")
    assert str(t) == "{{t|1=x=y}}"
    assert str(t.get(1).value) == "x=y"


def test_add_before_unknown_raises() -> None:
    with pytest.raises(ValueError):
        infobox().add("x", "1", before="nope")


def test_remove_param_variants() -> None:
    t = infobox()
    t.remove("name")
    assert str(t) == "{{Infobox protein\n| symbol = IL2R\n}}"
    t = tmpl("Infobox\n", (" a ", " 1\n"), (" b ", " 2"))
    t.remove("b")  # the last one: its end whitespace goes to the new last
    assert str(t) == "{{Infobox\n| a = 1}}"
    t = tmpl("t", ("x", "1"), ("x", "2"), ("y", "3"))
    t.remove("x")  # every duplicate
    assert str(t) == "{{t|y=3}}"
    t = tmpl("t", (None, "a"), (None, "b"))
    t.remove(1)  # emptied, so that "b" stays parameter 2
    assert str(t) == "{{t||b}}"
    t.remove(2)
    assert str(t) == "{{t|}}"
    with pytest.raises(KeyError):
        t.remove("zzz")
    lone = tmpl("Navbox\n", (" name ", " x\n"))
    lone.remove("name")
    assert str(lone) == "{{Navbox\n}}"


def test_rename_keeps_whitespace_and_comments() -> None:
    t = tmpl(" Infobox_protein <!-- do not rename -->\n", (" a ", " 1\n"))
    t.rename("Infobox receptor")
    assert str(t) == "{{ Infobox receptor <!-- do not rename -->\n| a = 1\n}}"
    assert t.normalized_name == "Infobox receptor"


layouts = st.sampled_from(
    [
        ("Infobox\n", " ", " ", " ", "\n"),  # | key = value\n
        ("cite web ", "", "", "", " "),  # |key=value<space>
        ("t", "", "", "", ""),  # |key=value
        ("Navbox\n", "", " ", " ", "\n"),  # |key = value\n
    ]
)
keys = st.sampled_from(["name", "title", "url", "date", "a", "list1", "2", "1"])
values = st.text(alphabet="abc xyz-", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None)
@given(layouts, st.lists(st.tuples(keys, values), min_size=0, max_size=4, unique_by=lambda kv: kv[0]),
       st.lists(st.tuples(st.sampled_from(["set", "remove"]), keys, values), max_size=6))
def test_param_edits_are_local(
    layout: tuple[str, str, str, str, str],
    initial: list[tuple[str, str]],
    ops: list[tuple[str, str, str]],
) -> None:
    """Any sequence of set/remove on a parsed template: the edited key has the value; the other
    parameters keep their text (only the last one's final whitespace may move, when a
    parameter is appended or the last one removed); re-parsing gives the edited tree."""
    name, nlead, ntrail, vlead, sep = layout
    source = "{{" + name + "".join(f"|{nlead}{k}{ntrail}={vlead}{v}{sep}" for k, v in initial) + "}}"
    doc = wikiparse.parse(source)
    (t,) = doc.find_templates()
    for op, key, value in ops:
        target = edit.get_param(t, key)
        before = {id(p): str(p).rstrip() for p in t.params if p is not target}
        if op == "set":
            p = t.add(key, value)
            assert str(p.value).strip() == value and t.get(key) is p
        elif t.has(key):
            t.remove(key)
            assert not t.has(key) or key.isdigit()
        for p in t.params:
            if id(p) in before:
                assert str(p).rstrip() == before[id(p)]
        text = str(t)
        assert text.startswith("{{" + name) and text.endswith("}}")
    assert_same_tree(wikiparse.parse(str(doc)), doc)


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------


def test_link_target_and_text() -> None:
    lk = Wikilink(target=wc("T cell"), trail="s")
    lk.set_target("T lymphocyte")
    assert str(lk) == "[[T lymphocyte]]s"
    lk.set_target("Lymphocyte")
    edit.set_link_target(lk, "T cell#Activation", keep_text=True)
    assert str(lk) == "[[T cell#Activation|Lymphocyte]]s"
    lk.set_text("T-cell")
    assert str(lk) == "[[T cell#Activation|T-cell]]s" and lk.label == "T-cells"
    lk.set_text(None)
    assert str(lk) == "[[T cell#Activation]]s"
    with pytest.raises(ValueError, match="CategoryLink"):  # the text would be a category
        lk.set_target("category:Immunology")
    assert str(lk) == "[[T cell#Activation]]s"
    lk.set_target(":category:Immunology")
    assert lk.namespace == "Category"


def test_file_caption_edit() -> None:
    f = FileLink(target=wc("File:IL2R.png"), options=[wc("thumb"), wc("Old caption"), wc("200px")])
    edit.set_link_text(f, "The [[IL-2 receptor]]")
    assert str(f) == "[[File:IL2R.png|thumb|The [[IL-2 receptor]]|200px]]"
    edit.set_link_text(f, None)
    assert str(f) == "[[File:IL2R.png|thumb|200px]]"
    edit.set_link_text(f, "New")
    assert str(f) == "[[File:IL2R.png|thumb|200px|New]]"


def test_external_link_text() -> None:
    bare = ExternalLink(url=wc("https://www.ncbi.nlm.nih.gov/gene/3559"), brackets=False)
    edit.set_link_text(bare, "IL2RA gene")
    assert str(bare) == "[https://www.ncbi.nlm.nih.gov/gene/3559 IL2RA gene]"
    edit.set_link_text(bare, None)
    assert str(bare) == "[https://www.ncbi.nlm.nih.gov/gene/3559]"


# --------------------------------------------------------------------------------------------
# Generic edits
# --------------------------------------------------------------------------------------------


def small_doc() -> tuple[Document, dict[str, Node]]:
    lk = Wikilink(target=wc("interleukin-2"))
    b = Bold(open="'''", close="'''", nodes=[Text(value="IL-2 receptor")])
    para = Paragraph(nodes=[b, Text(value=" binds "), lk, Text(value=".")])
    items = [ListItem(prefix="*", content=wc(" a")), ListItem(leading="\n", prefix="*", content=wc(" b"))]
    lst = List(items=items)
    row = TableRow(
        leading="\n", marker="|-",
        cells=[TableCell(leading="\n", content=wc(" x ")), TableCell(leading="", marker="||", content=wc(" y"))],
    )
    heading = Heading(title=wc(" Function "), number=1)
    doc = Document(nodes=[Section(nodes=[para, Text(value="\n"), lst, Text(value="\n"), row, heading])])
    return doc, {"link": lk, "bold": b, "para": para, "item0": items[0], "item1": items[1],
                 "cell0": row.cells[0], "cell1": row.cells[1], "heading": heading, "row": row}


def test_replace_in_node_list_with_text() -> None:
    doc, n = small_doc()
    new = edit.replace(doc, n["link"], "[[Interleukin 2|IL-2]]")
    assert "binds [[Interleukin 2|IL-2]]." in str(doc)
    assert all(isinstance(x, Node) for x in new)


def test_replace_single_fields_and_structural_lists() -> None:
    doc, n = small_doc()
    heading = n["heading"]
    assert isinstance(heading, Heading)
    edit.replace(doc, heading.title, " Role ")
    assert str(heading) == "== Role =="
    cell = TableCell(leading="\n", content=wc(" z"))
    edit.replace(doc, n["cell0"], cell)
    assert str(n["row"]) == "\n|-\n| z|| y"
    with pytest.raises(TypeError):
        edit.replace(doc, n["cell1"], "| text")
    with pytest.raises(ValueError):
        edit.replace(doc, doc, "x")
    with pytest.raises(ValueError):
        edit.replace(doc, Text(value="not in tree"), "x")


def test_remove_first_list_item_and_inline_cell() -> None:
    doc, n = small_doc()
    edit.remove(doc, n["item0"])
    assert str(doc).split("\n")[1] == "* b"
    edit.remove(doc, n["cell0"])
    assert str(n["row"]) == "\n|-\n| y"


def test_remove_optional_and_required_fields() -> None:
    lk = Wikilink(target=wc("A"), text=wc("label"))
    root = Paragraph(nodes=[lk])
    assert lk.text is not None
    edit.remove(root, lk.text)
    assert str(root) == "[[A]]"
    h = Heading(title=wc(" T "))
    edit.remove(Section(nodes=[h]), h.title)
    assert str(h) == "===="


def test_insert_before_and_after() -> None:
    doc, n = small_doc()
    edit.insert_before(doc, n["bold"], "The ")
    edit.insert_after(doc, n["link"], [Text(value=" (IL-2)")])
    assert str(n["para"]) == "The '''IL-2 receptor''' binds [[interleukin-2]] (IL-2)."
    with pytest.raises(ValueError):
        heading = n["heading"]
        assert isinstance(heading, Heading)
        edit.insert_after(doc, heading.title, "x")


def test_generic_edits_on_deep_tree() -> None:
    depth = 50_000
    leaf = Text(value="x")
    node: Node = leaf
    for _ in range(depth):
        node = Bold(open="'''", close="'''", nodes=[node])
    root = Paragraph(nodes=[node])
    edit.replace(root, leaf, "y")
    assert str(root).count("y") == 1


# --------------------------------------------------------------------------------------------
# Real parses: locality and re-parse
# --------------------------------------------------------------------------------------------


def changed_region(a: str, b: str) -> tuple[int, int, int]:
    """(start, end in a, end in b) of the differing middle of two strings."""
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    return p, len(a) - s, len(b) - s


def assert_local_edit(source: str, doc: Document, start: int, end: int) -> None:
    """The edited text differs from ``source`` only inside ``source[start:end]``, and parsing
    it gives the edited tree."""
    out = str(doc)
    lo, hi, _ = changed_region(source, out)
    assert start <= lo and hi <= end, (lo, hi, start, end)
    assert_same_tree(wikiparse.parse(out), doc)


def il2_source() -> str:
    return (FIXTURES / "IL-2_receptor.wiki").read_text(encoding="utf-8")


def test_il2_navbox_edits_are_local_and_reparse() -> None:
    source = il2_source()
    doc = wikiparse.parse(source)
    (nav,) = doc.find_templates("Cytokine receptor navbox")
    span = (nav.start, nav.end)
    nav.add("state", "collapsed", before="group1")
    nav.add("title", "IL-2 receptor family")
    nav.add("below", "[[Interleukin]]")
    assert "| state  = collapsed\n| group1" in str(nav)
    assert "| below  = [[Interleukin]]\n}}" in str(nav)
    assert_local_edit(source, doc, *span)


def test_il2_link_edit_is_local_and_reparses() -> None:
    source = il2_source()
    doc = wikiparse.parse(source)
    lk = next(x for x in doc.find_wikilinks() if x.normalized_title == "Interleukin-2")
    span = (lk.start, lk.end)
    edit.set_link_target(lk, "Interleukin 2", keep_text=True)
    assert str(lk) == "[[Interleukin 2|interleukin-2]]"
    assert_local_edit(source, doc, *span)


def pages_with_named_params(limit: int) -> list[tuple[Page, int]]:
    out: list[tuple[Page, int]] = []
    for page in main_pages():
        doc = wikiparse.parse(page.text)
        for i, t in enumerate(doc.find_templates()):
            if sum(1 for p in t.params if p.showkey) >= 3:
                out.append((page, i))
                break
        if len(out) >= limit:
            break
    return out


@pytest.mark.parametrize(("page", "index"), pages_with_named_params(25), ids=lambda x: getattr(x, "title", str(x)))
def test_real_template_edits_are_local_and_reparse(page: Page, index: int) -> None:
    """Set an existing parameter, add a new one, rename, remove one: the diff stays inside the
    template and re-parsing gives the edited tree."""
    doc = wikiparse.parse(page.text)
    t = doc.find_templates()[index]
    span = (t.start, t.end)
    key = next(k for k, p in t.param_items() if p.showkey and k)
    t.add(key, "edited value")
    t.add("wikiparse_test", "added")
    t.rename(str(t.name).strip() + " edited")
    assert_local_edit(page.text, doc, *span)
    text_before = str(doc)
    t.remove("wikiparse_test")
    assert str(doc) != text_before
    assert_same_tree(wikiparse.parse(str(doc)), doc)


@pytest.mark.parametrize(
    "page", [p for p in main_pages() if "[[" in p.text][:15], ids=lambda p: p.title
)
def test_real_link_edits_are_local(page: Page) -> None:
    doc = wikiparse.parse(page.text)
    links = doc.find_wikilinks()
    assert links
    lk = links[len(links) // 2]
    span = (lk.start, lk.end)
    edit.set_link_target(lk, "Wikiparse test target", keep_text=True)
    assert_local_edit(page.text, doc, *span)


def test_all_nodes_reachable_for_generic_edits() -> None:
    """_locate finds every node of a real page (parents derived by walking)."""
    doc = wikiparse.parse(il2_source())
    nodes = list(walk(doc))[1:]
    for node in nodes[:: max(1, len(nodes) // 60)]:
        slot = edit._locate(doc, node)
        assert slot.parent is not None


def _in_paragraph(doc: Document, cls: type[Node]) -> list[tuple[Paragraph, Node]]:
    return [(p, n) for p in doc.iter_nodes(Paragraph) for n in p.nodes if isinstance(n, cls)]


@pytest.mark.parametrize("page", main_pages()[:30], ids=lambda p: p.title)
def test_real_unlink_and_ref_removal_reparse(page: Page) -> None:
    """Common bot edits with the generic API: unlink a wikilink (replace it by its label) and
    delete a <ref>; each diff stays inside the node and the result re-parses to the tree."""
    from wikiparse.nodes import ExtensionTag

    doc = wikiparse.parse(page.text)
    links = [(p, n) for p, n in _in_paragraph(doc, Wikilink) if type(n) is Wikilink]
    if links:
        _, lk = links[len(links) // 3]
        assert isinstance(lk, Wikilink)
        span = (lk.start, lk.end)
        label = str(lk.text) + lk.trail if lk.text is not None else lk.label
        edit.replace(doc, lk, label)
        assert_local_edit(page.text, doc, *span)
    doc = wikiparse.parse(page.text)
    refs = [(p, n) for p, n in _in_paragraph(doc, ExtensionTag) if n.name == "ref"]  # type: ignore[attr-defined]
    if refs:
        _, ref = refs[-1]
        span = (ref.start, ref.end)
        edit.remove(doc, ref)
        assert_local_edit(page.text, doc, *span)


# --------------------------------------------------------------------------------------------
# wikiparse.testing: the comparison the edit tests rely on
# --------------------------------------------------------------------------------------------


def test_assert_same_tree_finds_each_kind_of_difference() -> None:
    from wikiparse.testing import tree_signature

    a, b = wikiparse.parse(il2_source()), wikiparse.parse(il2_source())
    assert_same_tree(a, b, spans=True)
    assert tree_signature(a) == tree_signature(b)
    b.find_wikilinks()[0].trail = "s"
    with pytest.raises(AssertionError, match=r"trail"):
        assert_same_tree(a, b)
    b = wikiparse.parse(il2_source())
    b.find_templates()[0].params.pop()
    with pytest.raises(AssertionError, match=r"params: length"):
        assert_same_tree(a, b)
    with pytest.raises(AssertionError, match=r"class"):
        assert_same_tree(Text(value="x"), Wikicode())
    shifted = wikiparse.parse(il2_source())
    wikiparse.reindex(shifted, 5)
    assert_same_tree(a, shifted)
    with pytest.raises(AssertionError, match=r"Document\.(start|end)"):
        assert_same_tree(a, shifted, spans=True)
    assert "Template()" in tree_signature(a) and "Heading(level=2" in tree_signature(a)


def test_tree_comparison_is_iterative() -> None:
    from wikiparse.testing import tree_signature

    text = "[[a|" * 30_000 + "]]" * 30_000
    a, b = wikiparse.parse(text), wikiparse.parse(text)
    assert_same_tree(a, b)
    assert tree_signature(a) == tree_signature(b)


def test_edit_inside_ref_keeps_its_raw_body_in_step() -> None:
    from wikiparse.nodes import ExtensionTag

    doc = wikiparse.parse("IL-2<ref>See [[interleukin 2]] and [[CD25]].</ref> binds.")
    (ref,) = doc.find_tags("ref")
    assert isinstance(ref, ExtensionTag)
    edit.replace(doc, doc.find_wikilinks()[1], "[[IL2RA|CD25]]")
    assert ref.body == "See [[interleukin 2]] and [[IL2RA|CD25]]."
    edit.remove(doc, doc.find_wikilinks()[0])
    assert ref.body == str(ref.contents) == "See  and [[IL2RA|CD25]]."
    assert_same_tree(wikiparse.parse(str(doc)), doc)
