"""``<ref>`` and ``<references/>`` as the Cite extension renders them.

Footnotes are numbered per group in order of first use; a named ref used again gets another
back-link, labelled as Cite's default messages label them: footnote 6 used twice has the
back-links ``6.0`` and ``6.1`` (the use counted from 0 and zero-padded to the width of the
highest, so ``1.00`` ... ``1.10``).  English Wikipedia relabels them ``a``, ``b``, ... in its
own MediaWiki-namespace messages, which are site configuration, not Cite's output.  A named
ref never given a text, or given two different texts, gets Cite's error in the list.  Refs
that no ``<references/>`` lists are shown at the end of the page, as Cite does.  A list is
wrapped in a ``div`` unless its tag says ``responsive="0"``, as ``{{Reflist}}`` does when it
sets its own columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._html_text import anchor_id, escape_attr, escape_text

__all__ = ["CiteState"]

#: A responsive list of more notes than this is marked for columns (``mw-references-columns``).
_COLUMNS_PAST = 10


@dataclass
class _Footnote:
    number: int
    key: str  # the id stem: "1" or "name_1"
    note_id: str
    text: str = ""
    uses: list[str] = field(default_factory=list)  # cite_ref ids, in order
    name: str = ""  # as written in the ref's name= (quoted in Cite's errors)
    conflict: bool = False  # defined again with another text


@dataclass
class _Group:
    notes: list[_Footnote] = field(default_factory=list)
    named: dict[str, _Footnote] = field(default_factory=dict)
    count: int = 0


class CiteState:
    """Footnotes seen so far, per group, and the ``<references>`` nesting."""

    def __init__(self) -> None:
        self.groups: dict[str, _Group] = {}
        self.in_references: list[str] = []
        self._serial = 0

    def enter_references(self, group: str) -> None:
        self.in_references.append(group.strip())

    def _group(self, name: str) -> _Group:
        grp = self.groups.get(name)
        if grp is None:
            grp = self.groups[name] = _Group()
        return grp

    def ref(self, text: str, *, name: str, group: str, has_body: bool) -> str:
        """Record one ``<ref>``; return its superscript marker ("" inside ``<references>``)."""
        if self.in_references:
            group = group or self.in_references[-1]
            grp = self._group(group)
            note = grp.named.get(name) if name else None
            if note is None and name:
                self._serial += 1
                note = _Footnote(
                    0,
                    f"{anchor_id(name)}_{self._serial}",
                    f"cite_note-{anchor_id(name)}-{self._serial}",
                    name=name,
                )
                grp.named[name] = note
            if note is not None and text:
                note.text = text
            return ""
        grp = self._group(group)
        note = grp.named.get(name) if name else None
        if note is None:
            self._serial += 1
            number = grp.count + 1
            grp.count += 1
            if name:
                stem = anchor_id(name)
                note = _Footnote(
                    number, f"{stem}_{self._serial}", f"cite_note-{stem}-{self._serial}", name=name
                )
                grp.named[name] = note
            else:
                note = _Footnote(number, str(self._serial), f"cite_note-{self._serial}")
            grp.notes.append(note)
        elif note.number == 0:
            note.number = grp.count + 1
            grp.count += 1
            grp.notes.append(note)
        if has_body and text and not note.text:
            note.text = text
        elif has_body and text and name and text.strip() != note.text.strip():
            note.conflict = True
        ref_id = f"cite_ref-{note.key}" if not name else f"cite_ref-{note.key}-{len(note.uses)}"
        note.uses.append(ref_id)
        label = f"{escape_text(group)} {note.number}" if group else str(note.number)
        return (
            f'<sup id="{escape_attr(ref_id)}" class="reference">'
            f'<a href="#{escape_attr(note.note_id)}">'
            f'<span class="cite-bracket">&#91;</span>{label}'
            f'<span class="cite-bracket">&#93;</span></a></sup>'
        )

    def references(self, group: str, responsive: bool = True) -> str:
        """The numbered list of the group's footnotes (then forgotten, as Cite does).

        ``responsive`` (Cite's default, and the tag's ``responsive`` unless it is ``0``) wraps
        the list in a ``div``, marked for columns past ten notes; ``{{Reflist}}`` turns it off
        when it sets its own columns."""
        if self.in_references:
            self.in_references.pop()
        grp = self.groups.pop(group, None)
        if grp is None or not grp.notes:
            return ""
        items = []
        for note in grp.notes:
            if len(note.uses) == 1:
                back = f'<a href="#{escape_attr(note.uses[0])}">↑</a>'
            else:
                width = len(str(len(note.uses) - 1))
                links = " ".join(
                    f'<sup><a href="#{escape_attr(u)}">{note.number}.{i:0{width}d}</a></sup>'
                    for i, u in enumerate(note.uses)
                )
                back = f"↑ {links}"
            if note.text or not note.name:
                error = (
                    ' <span class="error mw-ext-cite-error" lang="en" dir="ltr">Cite error: '
                    f"Invalid <code>&lt;ref&gt;</code> tag; name &quot;{escape_text(note.name)}"
                    "&quot; defined multiple times with different content</span>"
                    if note.conflict
                    else ""
                )
                body = f'<span class="reference-text">{note.text}{error}</span>\n'
            else:
                body = (
                    '<span class="error mw-ext-cite-error" lang="en" dir="ltr">Cite error: '
                    "Invalid <code>&lt;ref&gt;</code> tag; no text was provided for refs named "
                    f"<code>{escape_text(note.name)}</code></span>"
                )
            items.append(
                f'<li id="{escape_attr(note.note_id)}"><span class="mw-cite-backlink">{back}'
                f"</span> {body}</li>"
            )
        listing = '<ol class="references">\n' + "\n".join(items) + "\n</ol>"
        if not responsive:
            return listing
        columns = " mw-references-columns" if len(grp.notes) > _COLUMNS_PAST else ""
        return f'<div class="mw-references-wrap{columns}">{listing}</div>'

    def leftover(self) -> str:
        """Lists for groups whose refs were never listed by a ``<references/>``."""
        out = []
        for group in list(self.groups):
            listing = self.references(group)
            if listing:
                out.append(listing)
        return ("\n" + "\n".join(out)) if out else ""
