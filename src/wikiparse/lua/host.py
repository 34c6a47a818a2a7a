"""What the Lua engine needs from the template expander, as protocols.

The engine (this package) sits below the expander in the layers: it never imports
``wikiparse.expand``.  The expander hands it objects that satisfy these protocols, and Lua
code reaches the wiki only through them (and through the engine's own ``mw`` libraries).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol


class ScriptError(Exception):
    """A Lua error that MediaWiki shows as a script error (``Lua error in Module:X …``).

    The expander turns it into MediaWiki's error output; the rest of the page still renders.
    """


class LuaFrame(Protocol):
    """One expansion frame as Scribunto's ``frame`` object sees it."""

    def get_title(self) -> str:
        """The full title of the page or template this frame expands (``frame:getTitle()``)."""
        ...

    def argument_names(self) -> Iterable[str | int]:
        """The names of the frame's arguments (numbered ones as ``int``), in call order."""
        ...

    def get_argument(self, name: str | int) -> str | None:
        """The expanded value of one argument (lazy and memoized, as MediaWiki), or None."""
        ...

    def get_parent(self) -> LuaFrame | None:
        """The calling template's frame (``frame:getParent()``), or None at the page."""
        ...

    def new_child(self, title: str, args: Mapping[str | int, str]) -> LuaFrame:
        """A child frame with these (already expanded) arguments (``frame:newChild``)."""
        ...

    def expand_template(self, title: str, args: Mapping[str | int, str]) -> str:
        """``frame:expandTemplate{title=…, args=…}``: the template's expanded text."""
        ...

    def call_parser_function(self, name: str, args: list[str]) -> str:
        """``frame:callParserFunction``: name without ``#``/colon handling done by the caller."""
        ...

    def preprocess(self, text: str) -> str:
        """``frame:preprocess``: expand wikitext in this frame."""
        ...

    def extension_tag(self, name: str, content: str, attrs: Mapping[str, str]) -> str:
        """``frame:extensionTag``: the strip-marked output of an extension tag."""
        ...


class LuaHost(Protocol):
    """The wiki as the Lua engine sees it: pages, titles and the page being rendered."""

    def page_text(self, title: str) -> str | None:
        """The wikitext of a page (``Module:X``, a data page…), redirects followed; None if absent."""
        ...

    def title_exists(self, title: str) -> bool:
        """Whether the page exists (an expensive call in MediaWiki; the host counts it)."""
        ...

    def current_title(self) -> str:
        """The title of the page being rendered (``mw.title.getCurrentTitle``)."""
        ...

    def current_time(self) -> float:
        """The page's clock as a Unix time (``os.time()`` and ``{{CURRENTTIME}}`` agree)."""
        ...


class LuaStripState(Protocol):
    """Optional: a host that also has these gives ``mw.text.unstrip``/``unstripNoWiki`` their
    MediaWiki meaning (the engine checks for them at run time; without them strip markers
    pass through ``unstripNoWiki`` unchanged and ``unstrip`` removes them).
    """

    def unstrip_nowiki(self, text: str) -> str:
        """Replace ``<nowiki>`` strip markers by their content; leave the others."""
        ...

    def unstrip_general(self, text: str) -> str:
        """Replace every strip marker by the text it stands for (``mw.text.unstrip``)."""
        ...


class LuaSite(Protocol):
    """Optional: a host with ``lua_site()`` gives ``mw.site`` and the URL functions of
    ``mw.uri``/``mw.title`` its wiki's facts: an object with ``sitename``, ``server``
    (``https://en.wikipedia.org`` or protocol-relative ``//wiki.local``), ``script_path``
    and ``article_path`` (``/wiki/$1``), as :class:`wikiparse.expand.SiteInfo`.  Without it
    Lua sees the reference wiki's (``http://localhost``, ``/w/index.php/$1``)."""

    def lua_site(self) -> object:
        """The wiki's site facts."""
        ...
