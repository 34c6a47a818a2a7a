"""After every kind of edit, on every sample article, parsing ``str(doc)`` gives the edited
tree (issue 15): the edit API keeps the tree what the text says, removals included."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import wikiparse
from conftest import Page, main_pages
from wikiparse import edit
from wikiparse.nodes import Document, ExtensionTag, Heading
from wikiparse.testing import assert_same_tree

ARTICLES = [p for p in main_pages() if not p.text.lstrip().upper().startswith("#REDIRECT")]

Edit = Callable[[Document], None]


def _set_existing(doc: Document) -> None:
    for t in doc.find_templates()[:5]:
        if t.params:
            key = t.param_items()[0][0]
            edit.set_param(t, key, "X")


def _add_param(doc: Document) -> None:
    for t in doc.find_templates()[:5]:
        edit.set_param(t, "added", "yes")


def _remove_param(doc: Document) -> None:
    for t in doc.find_templates()[:5]:
        if t.params:
            edit.remove_param(t, t.param_items()[-1][0])


def _rename(doc: Document) -> None:
    for t in doc.find_templates()[:5]:
        edit.rename_template(t, "Renamed")


def _assign_value(doc: Document) -> None:
    for t in doc.find_templates()[:5]:
        for p in t.params[:2]:
            p.value = "[[Assigned]] {{x}}"


def _replace_links(doc: Document) -> None:
    for link in doc.find_wikilinks()[:10]:
        edit.replace(doc, link, "[[Replaced|label]]")


def _remove_links(doc: Document) -> None:
    for link in doc.find_wikilinks()[:10]:
        edit.remove(doc, link)


def _retarget(doc: Document) -> None:
    for link in doc.find_wikilinks()[:10]:
        edit.set_link_target(link, "Elsewhere", keep_text=True)


def _remove_refs(doc: Document) -> None:
    for tag in doc.find_nodes(ExtensionTag):
        if tag.name == "ref":
            try:
                edit.remove(doc, tag)
            except ValueError:  # inside a ref removed before it
                pass


def _replace_urls(doc: Document) -> None:
    for link in doc.find_external_links()[:10]:
        edit.replace(doc, link.url, "https://example.org/replaced")


def _remove_templates(doc: Document) -> None:
    for t in doc.find_templates(recursive=False)[:5]:
        edit.remove(doc, t)


def _relevel(doc: Document) -> None:
    for h in doc.find_headings():
        h.level = min(h.level + 1, 6)


def _add_section(doc: Document) -> None:
    headings = doc.find_headings(recursive=False)
    if headings:
        edit.insert_before(doc, headings[-1], "== Added ==\nNew text.\n\n")


def _remove_heading(doc: Document) -> None:
    headings = [h for h in doc.find_headings(recursive=False)]
    if headings:
        edit.remove(doc, headings[0])


EDITS: dict[str, Edit] = {
    f.__name__.lstrip("_"): f
    for f in (
        _set_existing, _add_param, _remove_param, _rename, _assign_value, _replace_links,
        _remove_links, _retarget, _remove_refs, _replace_urls, _remove_templates, _relevel,
        _add_section, _remove_heading,
    )
}


@pytest.mark.parametrize("kind", list(EDITS))
@pytest.mark.parametrize("page", ARTICLES, ids=lambda p: p.title)
def test_the_edited_tree_is_the_tree_of_the_edited_text(page: Page, kind: str) -> None:
    doc = wikiparse.parse(page.text)
    EDITS[kind](doc)
    doc.sections  # noqa: B018 - regroups after edits made through node fields
    assert_same_tree(doc, wikiparse.parse(str(doc)))
