"""``wikiparse.edit.Editor``: many edits of one document through a parent index, parsing new
values with the document's config, so that the edited tree equals a re-parse."""

from __future__ import annotations

import pytest

import wikiparse
from conftest import DUMPS_DIR, main_pages
from wikiparse.config import DEFAULT_CONFIG, ParserConfig
from wikiparse.dumps import iter_pages
from wikiparse.edit import Editor
from wikiparse.nodes import FileLink, Template, Text, Wikilink
from wikiparse.testing import assert_same_tree

BGWIKI = next(DUMPS_DIR.glob("bgwiki-*.bz2"))


@pytest.fixture(scope="module")
def bg_config() -> ParserConfig:
    return iter_pages(BGWIKI).config


def test_a_document_carries_its_config(bg_config: ParserConfig) -> None:
    assert wikiparse.parse("x").config is DEFAULT_CONFIG
    assert wikiparse.parse("x", config=bg_config).config is bg_config


def test_edits_parse_values_with_the_documents_config(bg_config: ParserConfig) -> None:
    text = "{{Инфокутия|име=А}}\n"
    doc = wikiparse.parse(text, config=bg_config)
    tpl = doc.find_templates()[0]
    Editor(doc).set_param(tpl, "img", "[[Файл:B.jpg|thumb]]")
    value = tpl.get("img").value
    assert [type(n) for n in value.nodes] == [FileLink]
    assert_same_tree(doc, wikiparse.parse(str(doc), config=bg_config))


def test_generic_edits_on_a_document_use_its_config(bg_config: ParserConfig) -> None:
    doc = wikiparse.parse("a [[x]] b\n", config=bg_config)
    link = doc.find_nodes(Wikilink)[0]
    wikiparse.edit.replace(doc, link, "[[Файл:C.png]]")
    assert type(doc.find_nodes(Wikilink)[0]) is FileLink
    assert_same_tree(doc, wikiparse.parse(str(doc), config=bg_config))


def test_the_default_config_reads_the_bulgarian_name_as_a_plain_link() -> None:
    """The case the Editor fixes: without the document's config the value is a Wikilink."""
    tpl = wikiparse.parse("{{T}}").find_templates()[0]
    tpl.add("img", "[[Файл:B.jpg|thumb]]")
    assert type(tpl.get("img").value.nodes[0]) is Wikilink


def _edit_many(doc: wikiparse.Document, editor: Editor | None) -> None:
    """200 link edits and 20 template edits, through ``editor`` or the module functions."""
    links = doc.find_wikilinks()
    assert len(links) > 200
    for link in links[:200:2]:
        editor.replace(link, "[[Replaced]]") if editor else wikiparse.edit.replace(doc, link, "[[Replaced]]")
    for link in links[1:200:2]:
        editor.remove(link) if editor else wikiparse.edit.remove(doc, link)
    for tpl in doc.find_templates()[:20]:
        if editor:
            editor.set_param(tpl, "edited", "yes")
            editor.insert_after(tpl, " ''after''")
        else:
            wikiparse.edit.set_param(tpl, "edited", "yes")
            wikiparse.edit.insert_after(doc, tpl, " ''after''")


def test_many_edits_through_the_index_equal_the_same_edits_by_walking() -> None:
    page = max(main_pages(), key=lambda p: p.text.count("[["))
    indexed = wikiparse.parse(page.text)
    _edit_many(indexed, Editor(indexed))
    walked = wikiparse.parse(page.text)
    _edit_many(walked, None)
    assert str(indexed) == str(walked)
    assert_same_tree(indexed, walked)


def test_replacements_equal_a_reparse() -> None:
    page = max(main_pages(), key=lambda p: p.text.count("[["))
    doc = wikiparse.parse(page.text)
    editor = Editor(doc)
    for link in doc.find_wikilinks()[:200]:
        editor.replace(link, "[[Replaced|label]]")
    assert_same_tree(doc, wikiparse.parse(str(doc)))


def test_parent_index_follows_the_edits() -> None:
    doc = wikiparse.parse("a {{T|x=[[L]]}} b")
    editor = Editor(doc)
    tpl = doc.find_templates()[0]
    (new,) = editor.replace(tpl, "{{U|y=[[M]]}}")
    assert isinstance(new, Template)
    inner = new.find_nodes(Wikilink)[0]
    assert editor.parent(inner) is not None
    editor.set_link_target(inner, "N")
    editor.remove(new)
    assert str(doc) == "a  b"
    assert editor.parent(new) is None
    with pytest.raises(ValueError):
        editor.remove(doc)
    text = doc.find_nodes(Text)[0]
    with pytest.raises(ValueError):
        editor.remove(wikiparse.parse("z").find_nodes(Text)[0])
    assert editor.parent(text) is not None
