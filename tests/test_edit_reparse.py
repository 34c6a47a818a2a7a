"""After every kind of edit, on every sample article, parsing ``str(doc)`` gives the edited
tree (issue 15): the edit API keeps the tree what the text says, removals included."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import wikiparse
from conftest import Page, main_pages
from wikiparse import edit
from wikiparse.nodes import Document, ExtensionTag
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
            p.value = "[[Assigned]] {{x}}"  # type: ignore[assignment]


def _replace_links(doc: Document) -> None:
    for link in doc.find_wikilinks()[:10]:
        edit.replace(doc, link, "[[Replaced|label]]")


def _remove_links(doc: Document) -> None:
    # Found again after each removal: one that re-settles a section's blocks makes new nodes.
    for _ in range(10):
        links = doc.find_wikilinks()
        if not links:
            break
        edit.remove(doc, links[0])


def _retarget(doc: Document) -> None:
    for link in doc.find_wikilinks()[:10]:
        edit.set_link_target(link, "Elsewhere", keep_text=True)
    for cat in doc.find_categories()[:3]:
        edit.set_link_target(cat, "Category:Elsewhere")


def _remove_refs(doc: Document) -> None:
    editor = edit.Editor(doc)
    for tag in doc.find_nodes(ExtensionTag):
        if tag.name == "ref" and editor.parent(tag) is not None:  # not in a removed one
            editor.remove(tag)


def _replace_urls(doc: Document) -> None:
    for link in doc.find_external_links()[:10]:
        edit.replace(doc, link.url, "https://example.org/replaced")


def _remove_templates(doc: Document) -> None:
    for _ in range(5):
        templates = doc.find_templates(recursive=False)
        if not templates:
            break
        edit.remove(doc, templates[0])


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


#: Edit kinds in groups: each group's edits are made one after the other on one parse of the
#: page, and the result is compared with a parse of its text (four parses per page, not 28).
GROUPS: dict[str, tuple[Edit, ...]] = {
    "templates": (_set_existing, _add_param, _remove_param, _rename, _assign_value),
    "links": (_replace_links, _remove_links, _retarget, _replace_urls),
    "removals": (_remove_refs, _remove_templates),
    "sections": (_relevel, _add_section, _remove_heading),
}


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("page", ARTICLES, ids=lambda p: p.title)
def test_the_edited_tree_is_the_tree_of_the_edited_text(page: Page, group: str) -> None:
    doc = wikiparse.parse(page.text)
    for make_edits in GROUPS[group]:
        make_edits(doc)
    doc.sections  # noqa: B018 - regroups after edits made through node fields
    assert_same_tree(doc, wikiparse.parse(str(doc)))
