"""The expander's magic words in the wiki's own spellings.

MediaWiki registers every parser function, variable and template modifier under a magic-word
id (``if``, ``lc``, ``pagename``, ``subst``...) and matches all of that id's synonyms on the
wiki (dewiki: ``{{#wechsle:}}`` is ``{{#switch:}}``, ``{{KLEIN:}}`` is ``{{lc:}}``,
``{{SEITENNAME}}`` is ``{{PAGENAME}}``, ``{{ERS:X}}`` is ``{{subst:X}}``), each word with its
own case rule.  :func:`local_words` builds those tables once per config from its
``magic_words`` (see docs/wikis.md); a config without magic words gets English MediaWiki's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..config import ParserConfig

if TYPE_CHECKING:
    from ._expander import Expander, Frame
    from ._functions import FunctionEntry

__all__ = ["LocalWords", "local_words"]

VariableFn = Callable[["Expander", "Frame"], str]

#: Magic variables English MediaWiki matches in any case (``{{sErVeR}}``); the others are exact.
ENGLISH_CASE_INSENSITIVE_VARIABLES = frozenset(
    {"SERVER", "SERVERNAME", "SCRIPTPATH", "STYLEPATH", "ARTICLEPATH"}
)

#: English spellings of the template modifiers (each followed by a colon).
_ENGLISH_MODIFIERS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "subst": (False, ("SUBST:",)),
    "safesubst": (False, ("SAFESUBST:",)),
    "msgnw": (False, ("MSGNW:",)),
    "msg": (False, ("MSG:",)),
    "raw": (False, ("RAW:",)),
}


class LocalWords:
    """One wiki's function, variable and modifier tables (see :func:`local_words`)."""

    __slots__ = ("ci_variables", "default_words", "functions", "msg", "msgnw", "raw", "subst", "variables")

    def __init__(
        self,
        functions: dict[str, FunctionEntry],
        variables: dict[str, VariableFn],
        ci_variables: dict[str, VariableFn],
        words: dict[str, tuple[bool, tuple[str, ...]]],
        default_words: frozenset[str],
    ) -> None:
        #: Parser-function name (as written when case-sensitive, else lower-cased) -> entry.
        self.functions = functions
        #: ``{{NAME}}`` spelled exactly, and upper-cased for the case-insensitive ones.
        self.variables = variables
        self.ci_variables = ci_variables
        #: ``subst:``/``safesubst:`` at the start of a call (group ``kind`` says which).
        self.subst = re.compile(
            "(?:(?P<subst>" + _alternation(words["subst"]) + ")|"
            "(?P<safesubst>" + _alternation(words["safesubst"]) + r"))\s*:"
        )
        self.msgnw = re.compile("(?:" + _alternation(words["msgnw"]) + r")\s*:")
        self.msg = re.compile("(?:" + _alternation(words["msg"]) + r")\s*:")
        self.raw = re.compile("(?:" + _alternation(words["raw"]) + r")\s*:")
        #: ``#default`` of ``#switch`` and its local spellings, lower-cased (``#standard``).
        self.default_words = default_words

    def variable(self, name: str) -> VariableFn | None:
        """The variable ``{{name}}`` names, by each word's case rule; None if none."""
        found = self.variables.get(name)
        return found if found is not None else self.ci_variables.get(name.upper())


def _alternation(word: tuple[bool, tuple[str, ...]]) -> str:
    """The synonyms without their colon, longest first; ``(?i:…)`` for a case-insensitive word."""
    case_sensitive, aliases = word
    spellings = sorted({a[:-1] if a.endswith(":") else a for a in aliases if a.strip(":")},
                       key=lambda a: (-len(a), a))
    body = "|".join(re.escape(a) for a in spellings) or "(?!)"
    return body if case_sensitive else "(?i:" + body + ")"


def _word_id(key: str) -> str:
    """The magic-word id of an English registration key (``#if`` -> ``if``)."""
    return key.lstrip("#").lower()


def _localized_functions(
    base: dict[str, FunctionEntry], config: ParserConfig, entry_cls: type[FunctionEntry]
) -> dict[str, FunctionEntry]:
    """``base`` plus every synonym of each function's magic word, spelled as MediaWiki's
    setFunctionHook keys it: colon dropped, ``#`` kept for hash functions, lower-cased unless
    the word is case-sensitive."""
    out = dict(base)
    for key, entry in base.items():
        word = config.magic_words.get(_word_id(key))
        if word is None:
            continue
        case_sensitive, aliases = word
        hash_prefix = "#" if key.startswith("#") else ""
        for alias in aliases:
            name = alias[:-1] if alias.endswith(":") else alias
            if not name:
                continue
            if not case_sensitive:
                name = name.lower()
            if not name.startswith("#"):  # a word spelled with its '#' (``#言語``) keeps it
                name = hash_prefix + name
            if name not in out:
                out[name] = entry_cls(
                    entry.fn, object_args=entry.object_args, case_sensitive=case_sensitive
                )
    return out


def _localized_variables(
    base: dict[str, VariableFn], config: ParserConfig
) -> tuple[dict[str, VariableFn], dict[str, VariableFn]]:
    exact = dict(base)
    ci = {name: base[name] for name in ENGLISH_CASE_INSENSITIVE_VARIABLES if name in base}
    for key, fn in base.items():
        word = config.magic_words.get(_word_id(key))
        if word is None:
            continue
        case_sensitive, aliases = word
        for alias in aliases:
            exact.setdefault(alias, fn)
            if not case_sensitive:
                ci.setdefault(alias.upper(), fn)
    return exact, ci


def _spellings(config: ParserConfig, name: str, english: Iterable[str]) -> frozenset[str]:
    return frozenset(a.lower() for a in (*config.magic_word(name), *english))


def local_words(config: ParserConfig) -> LocalWords:
    """The expander's tables for ``config``, built on first use and kept on the config."""
    found = config.derived.get("expand_words")
    if isinstance(found, LocalWords):
        return found
    from ._functions import FUNCTIONS, VARIABLES, FunctionEntry

    if config.magic_words:
        functions = _localized_functions(FUNCTIONS, config, FunctionEntry)
        variables, ci = _localized_variables(VARIABLES, config)
    else:
        functions, variables = FUNCTIONS, VARIABLES
        ci = {n: VARIABLES[n] for n in ENGLISH_CASE_INSENSITIVE_VARIABLES if n in VARIABLES}
    modifiers = {
        name: (config.magic_words.get(name, (case, ()))[0], (*config.magic_word(name), *aliases))
        for name, (case, aliases) in _ENGLISH_MODIFIERS.items()
    }
    words = LocalWords(functions, variables, ci, modifiers, _spellings(config, "default", ["#default"]))
    config.derived["expand_words"] = words
    return words
