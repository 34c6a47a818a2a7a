"""Magic variables and parser functions: MediaWiki core's and ParserFunctions'.

Each parser function is registered with MediaWiki's calling convention: *plain* functions get
their arguments expanded and trimmed (``name=value`` parts as one string), *object-argument*
functions (``#if``, ``#switch``, ``#tag``, ``#invoke``...) get the raw parts and expand only
what they need, which is what makes ``#if`` lazy.  The pure string, number, date and
expression work lives in sibling modules (``_expr``, ``_phpdate``, ``_strfuncs``,
``_numbers``, ``_titles``); this module is the glue.  What needs a live wiki (statistics,
revision data, Wikidata) has a documented offline answer (see ``docs/expand.md``).
"""

from __future__ import annotations

import datetime
import html
import importlib
import re
import sys
import urllib.parse
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._expander import STRIP_COMMENTS, kill_markers, php_trim, skip_markers
from ._names import Title, make_title, urlencode_query, wfurlencode
from ._preprocessor import Part

if TYPE_CHECKING:
    from ._expander import Expander, Frame

__all__ = ["FUNCTIONS", "VARIABLES", "FunctionEntry"]

PlainFn = Callable[["Expander", "Frame", list[str]], str]
ObjectFn = Callable[["Expander", "Frame", str, list[Part]], str]


class FunctionEntry:
    __slots__ = ("case_sensitive", "fn", "object_args")

    def __init__(self, fn: Any, *, object_args: bool = False, case_sensitive: bool = False) -> None:
        self.fn = fn
        self.object_args = object_args
        self.case_sensitive = case_sensitive


FUNCTIONS: dict[str, FunctionEntry] = {}
VARIABLES: dict[str, Callable[[Expander, Frame], str]] = {}


def _plain(*names: str, case_sensitive: bool = False) -> Callable[[PlainFn], PlainFn]:
    def register(fn: PlainFn) -> PlainFn:
        for name in names:
            FUNCTIONS[name if case_sensitive else name.lower()] = FunctionEntry(
                fn, case_sensitive=case_sensitive
            )
        return fn

    return register


def _object(*names: str) -> Callable[[ObjectFn], ObjectFn]:
    def register(fn: ObjectFn) -> ObjectFn:
        for name in names:
            FUNCTIONS[name.lower()] = FunctionEntry(fn, object_args=True)
        return fn

    return register


def _variable(
    *names: str,
) -> Callable[[Callable[[Expander, Frame], str]], Callable[[Expander, Frame], str]]:
    def register(fn: Callable[[Expander, Frame], str]) -> Callable[[Expander, Frame], str]:
        for name in names:
            VARIABLES[name] = fn
        return fn

    return register


_MODULES: dict[str, ModuleType | None] = {}


def _helper(name: str) -> ModuleType | None:
    """A sibling module written separately (expressions, dates, strings, numbers, titles),
    imported once (a missing one is not searched for again on every call)."""
    return _optional_module(f"wikiparse.expand.{name}")


def _optional_module(name: str) -> ModuleType | None:
    if name not in _MODULES:
        try:
            _MODULES[name] = importlib.import_module(name)
        except ImportError:
            _MODULES[name] = None
    return _MODULES[name]


def _missing(what: str) -> str:
    return f'<strong class="error">{what} is not available in this build of wikiparse</strong>'


# -- ParserFunctions: control -------------------------------------------------------------


def _arg(frame: Frame, parts: list[Part], i: int) -> str:
    return php_trim(frame.expand_part(parts[i])) if i < len(parts) else ""


@_object("#if")
def _if(exp: Expander, frame: Frame, test: str, parts: list[Part]) -> str:
    return _arg(frame, parts, 0 if php_trim(test) else 1)


_NUMERIC = re.compile(
    r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*\Z"
)


def php_loose_equal(a: str, b: str) -> bool:
    """PHP 8's ``==`` on two strings: numerically when both are numeric strings."""
    if _NUMERIC.match(a) and _NUMERIC.match(b):
        try:
            return float(a) == float(b)
        except ValueError:
            return a == b
    return a == b


def _decode_trim(text: str) -> str:
    return php_trim(html.unescape(text)) if "&" in text else php_trim(text)


@_object("#ifeq")
def _ifeq(exp: Expander, frame: Frame, left: str, parts: list[Part]) -> str:
    right = _decode_trim(frame.expand_part(parts[0])) if parts else ""
    return _arg(frame, parts, 1 if php_loose_equal(_decode_trim(left), right) else 2)


_ERROR = re.compile(
    r'<(?:strong|span|p|div)\s(?:[^\s>]*\s+)*?class="(?:[^"\s>]*\s+)*?error(?:\s[^">]*)?"'
)


@_object("#iferror")
def _iferror(exp: Expander, frame: Frame, test: str, parts: list[Part]) -> str:
    test = php_trim(test)
    if _ERROR.search(test):
        return _arg(frame, parts, 0)
    if len(parts) < 2:
        return test
    return _arg(frame, parts, 1)


@_object("#switch")
def _switch(exp: Expander, frame: Frame, primary_text: str, parts: list[Part]) -> str:
    primary = _decode_trim(primary_text)
    found = default_found = False
    default: Part | None = None
    last_no_equals = False
    last_item = ""
    for part in parts:
        if part.name is not None:
            last_no_equals = False
            if found:
                return php_trim(frame.expand(part.value))
            test = _decode_trim(frame.expand(part.name))
            if php_loose_equal(test, primary):
                return php_trim(frame.expand(part.value))
            if default_found or test.lower() in exp.words.default_words:
                default = part
                default_found = False
        else:
            last_no_equals = True
            expanded = frame.expand(part.value)
            last_item = php_trim(expanded)
            decoded = _decode_trim(expanded)
            if php_loose_equal(decoded, primary):
                found = True
            elif decoded.lower() in exp.words.default_words:
                default_found = True
    if last_no_equals:
        return last_item
    if default is not None:
        return php_trim(frame.expand(default.value))
    return ""


def _expr_module() -> ModuleType | None:
    return _helper("_expr")


@_plain("#expr")
def _expr(exp: Expander, frame: Frame, args: list[str]) -> str:
    mod = _expr_module()
    if mod is None:
        return _missing("#expr")
    try:
        return str(mod.evaluate(args[0]))
    except mod.ExprError as err:
        return str(mod.error_html(str(err)))


@_object("#ifexpr")
def _ifexpr(exp: Expander, frame: Frame, expr: str, parts: list[Part]) -> str:
    mod = _expr_module()
    if mod is None:
        return _missing("#ifexpr")
    try:
        result = str(mod.evaluate(php_trim(expr)))
    except mod.ExprError as err:
        return str(mod.error_html(str(err)))
    truth = mod.is_true(result)
    return _arg(frame, parts, 0 if truth else 1)


@_object("#ifexist")
def _ifexist(exp: Expander, frame: Frame, target: str, parts: list[Part]) -> str:
    title = make_title(php_trim(target), exp.config, 0)
    exists = False
    if title is not None:
        if title.namespace == -1:
            exists = True
        elif title.namespace == -2:
            exists = exp.increment_expensive() and exp.wiki.file_exists(title.text)
        elif title.prefixed == exp.page_title.prefixed:
            exists = exp.wiki.store.exists(title.prefixed)
        else:
            exists = exp.increment_expensive() and exp.wiki.store.exists(title.prefixed)
    return _arg(frame, parts, 0 if exists else 1)


@_object("#time")
def _time(exp: Expander, frame: Frame, fmt: str, parts: list[Part]) -> str:
    return _time_common(exp, frame, fmt, parts, local=False)


@_object("#timel")
def _timel(exp: Expander, frame: Frame, fmt: str, parts: list[Part]) -> str:
    return _time_common(exp, frame, fmt, parts, local=True)


def _time_common(exp: Expander, frame: Frame, fmt: str, parts: list[Part], *, local: bool) -> str:
    """``#time``/``#timel``: format, date, language, local flag (``_phpdate.expand_time``)."""
    date = _arg(frame, parts, 0)
    lang = _arg(frame, parts, 1) or "en"
    local_arg = _arg(frame, parts, 2)
    if local_arg and local_arg not in ("0", "false"):
        local = True
    return _with_phpdate(
        "#time",
        lambda mod: mod.expand_time(
            php_trim(fmt),
            date,
            exp.wiki.clock,
            local_zone=exp.wiki.local_timezone,
            local=local,
            lang=lang,
        ),
    )


def _timef(local: bool) -> ObjectFn:
    def run(exp: Expander, frame: Frame, date: str, parts: list[Part]) -> str:
        kind = _arg(frame, parts, 0)
        lang = _arg(frame, parts, 1) or exp.wiki.site.language
        return _with_phpdate(
            "#timef",
            lambda mod: mod.expand_timef(
                php_trim(date),
                kind,
                exp.wiki.clock,
                local_zone=exp.wiki.local_timezone,
                local=local,
                lang=lang,
            ),
        )

    return run


def _with_phpdate(function: str, call: Callable[[Any], object]) -> str:
    """Run one of ``_phpdate``'s formatters.  A missing helper reads as a missing function and
    a bug inside it as MediaWiki's invalid-time error: neither may break the page."""
    mod = _helper("_phpdate")
    if mod is None:
        return _missing(function)
    try:
        return str(call(mod))
    except Exception:
        return '<strong class="error">Error: Invalid time.</strong>'


_object("#timef")(_timef(False))
_object("#timefl")(_timef(True))


@_plain("#titleparts")
def _titleparts(exp: Expander, frame: Frame, args: list[str]) -> str:
    mod = _helper("_titles")
    if mod is None:
        return _missing("#titleparts")
    parts = args[1] if len(args) > 1 else "0"
    first = args[2] if len(args) > 2 else "0"
    return str(mod.titleparts(args[0], parts, first, config=exp.config))


@_plain("#rel2abs")
def _rel2abs(exp: Expander, frame: Frame, args: list[str]) -> str:
    mod = _helper("_titles")
    if mod is None:
        return _missing("#rel2abs")
    base = args[1] if len(args) > 1 and php_trim(args[1]) else exp.page_title.prefixed
    return str(mod.rel2abs(args[0], base))


def _int_or(text: str, default: int) -> int:
    m = re.match(r"\s*[+-]?\d+", text)
    return int(m.group()) if m else default


def _string_function(name: str, helper_name: str) -> PlainFn:
    def run(exp: Expander, frame: Frame, args: list[str]) -> str:
        if not exp.wiki.string_functions:
            return ""
        mod = _helper("_strfuncs")
        if mod is None:
            return _missing("#" + name)
        fn = getattr(mod, helper_name)
        return str(fn(*args))

    return run


for _name, _helper_name in (
    ("len", "len_"),
    ("pos", "pos"),
    ("rpos", "rpos"),
    ("sub", "sub"),
    ("count", "count"),
    ("replace", "replace"),
    ("explode", "explode"),
    ("urldecode", "urldecode"),
):
    _plain("#" + _name)(_string_function(_name, _helper_name))


# -- core: #tag, #invoke ----------------------------------------------------------------------

_ATTR_SPLIT = re.compile(r"\s*=\s*")


_QUOTED = re.compile(r"""(?:["'](.+)["']|""|'')\Z""", re.S)


@_object("#tag")
def _tag(exp: Expander, frame: Frame, name: str, parts: list[Part]) -> str:
    name = php_trim(name).lower()
    content = frame.expand_part(parts[0]) if parts else None
    attrs: dict[str, str] = {}
    for part in parts[1:]:
        if part.name is None:
            continue
        key = php_trim(frame.expand(part.name, STRIP_COMMENTS))
        value = php_trim(frame.expand(part.value))
        m = _QUOTED.match(value)
        if m:
            value = m.group(1) or ""
        attrs[key] = value
    if name not in exp.wiki.ext_tags:
        # not an extension tag: MediaWiki re-emits it as an ordinary tag
        attr_text = "".join(f' {_specialchars(k)}="{_specialchars(v)}"' for k, v in attrs.items())
        return (
            f"<{name}{attr_text}/>" if content is None else f"<{name}{attr_text}>{content}</{name}>"
        )
    return exp.make_tag(name, content, attrs)


def _specialchars(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


@_object("#invoke")
def _invoke(exp: Expander, frame: Frame, module: str, parts: list[Part]) -> str:
    module = php_trim(module)
    exp.lua_calls += 1
    if not parts:
        return _script_error(exp, "Script error: You must specify a function to call.")
    fname = php_trim(frame.expand_part(parts[0]))
    title = make_title(module, exp.config, 828)
    if title is None or title.namespace != 828:
        return _script_error(exp, f'Script error: No such module "{module}".')
    child = frame.new_child(title.prefixed, {})
    child.args = exp.child_args(parts[1:], frame, index_offset=1 if parts[0].name is None else 0)
    engine_mod = sys.modules.get("wikiparse.lua.engine") or _optional_module("wikiparse.lua.engine")
    if engine_mod is None:
        return _script_error(exp, "Script error: Lua is not available in this build of wikiparse.")
    try:
        from ..lua.host import ScriptError

        if exp.lua_engine is None:
            exp.lua_engine = engine_mod.ScribuntoEngine(exp, config=exp.config)
        return str(exp.lua_engine.invoke(title.prefixed, fname, child, shown_name=module))
    except ScriptError as err:
        exp.warn("script-error", str(err))
        return _script_error(exp, str(err))
    except RecursionError:
        raise
    except Exception as err:  # the engine must not take the page down
        exp.warn("script-error", repr(err))
        return _script_error(exp, "Script error: internal error in the Lua engine.")


def _script_error(exp: Expander, message: str) -> str:
    """Scribunto's error output (ids count up per page, as MediaWiki's do).

    ``message`` is the whole shown text: ``Script error: …`` for a bad call, ``Lua error …``
    for an error raised while the module ran (the engine's messages come complete).  It is
    escaped as PHP's ``htmlspecialchars`` does (``&quot;``, ``&#039;``), not as ``html.escape``.
    """
    n = exp.script_errors
    exp.script_errors += 1
    escaped = html.escape(message, quote=False).replace('"', "&quot;").replace("'", "&#039;")
    return (
        f'<strong class="error"><span class="scribunto-error" id="mw-scribunto-error-{n}">'
        f"{escaped}</span></strong>"
    )


# -- core: case and encoding --------------------------------------------------------------


def _ucfirst(text: str) -> str:
    if not text:
        return text
    up = text[0].upper()
    return (up if len(up) == 1 else text[0]) + text[1:]


def _lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


_plain("lc")(lambda exp, frame, args: skip_markers(args[0], str.lower))
_plain("uc")(lambda exp, frame, args: skip_markers(args[0], str.upper))
#: First letters whose case pair differs in the content language (MediaWiki's LanguageTr,
#: LanguageAz, LanguageKaa): Turkish ``{{ucfirst:ix}}`` is ``İx``, ``{{lcfirst:Ix}}`` ``ıx``.
_LOCAL_UCFIRST: dict[str, dict[str, str]] = {
    "tr": {"i": "İ", "ı": "I"}, "az": {"i": "İ"}, "kaa": {"i": "İ"},
}
_LOCAL_LCFIRST: dict[str, dict[str, str]] = {"tr": {"I": "ı", "İ": "i"}, "kaa": {"I": "ı"}}


def _first_letter(table: dict[str, dict[str, str]], exp: Expander, text: str) -> str | None:
    """``text`` with its first letter changed by the content language's own rule, or None."""
    local = table.get(exp.config.language)
    first = local.get(text[:1]) if local else None
    return first + text[1:] if first is not None else None


_plain("lcfirst")(lambda exp, frame, args: _first_letter(_LOCAL_LCFIRST, exp, args[0]) or _lcfirst(args[0]))
_plain("ucfirst")(
    lambda exp, frame, args: _first_letter(_LOCAL_UCFIRST, exp, args[0]) or args[0][:1].upper() + args[0][1:]
)


@_plain("urlencode")
def _urlencode(exp: Expander, frame: Frame, args: list[str]) -> str:
    kind = args[1].upper() if len(args) > 1 else ""
    text = kill_markers(args[0])
    if kind == "WIKI":
        return wfurlencode(text.replace(" ", "_"))
    if kind == "PATH":
        return urllib.parse.quote(text, safe="-_.~")
    return urlencode_query(text)


@_plain("anchorencode")
def _anchorencode(exp: Expander, frame: Frame, args: list[str]) -> str:
    args = [kill_markers(args[0])]
    text = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", args[0])
    text = re.sub(r"'''?", "", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text)
    text = re.sub(r"[ \t\n\r\f\v]+", "_", text.strip())
    return html.escape(text, quote=True).replace("'", "&#039;")


# -- core: titles and URLs ----------------------------------------------------------------


def _title_arg(exp: Expander, text: str) -> Title | None:
    """The title a page-name function is given (``{{PAGENAME:}}`` with nothing is empty)."""
    return make_title(text, exp.config, 0) if text else None


_PAGE_NAME_FNS: dict[str, Callable[[Title], str]] = {
    "PAGENAME": lambda t: t.text,
    "FULLPAGENAME": lambda t: t.prefixed,
    "BASEPAGENAME": lambda t: t.base_text(),
    "ROOTPAGENAME": lambda t: t.root_text(),
    "SUBPAGENAME": lambda t: t.subpage_text(),
    "NAMESPACE": lambda t: t.ns_name,
}


def _wiki_escape(text: str) -> str:
    from ._expander import _escape_wikitext

    return _escape_wikitext(text)


def _page_variable(value: Callable[[Title], str]) -> Callable[[Expander, Frame], str]:
    def variable(exp: Expander, frame: Frame) -> str:
        return value(exp.page_title)

    return variable


def _related_variable(value: Callable[[Expander, Title], str]) -> Callable[[Expander, Frame], str]:
    def variable(exp: Expander, frame: Frame) -> str:
        return value(exp, exp.page_title)

    return variable


def _register_page_names() -> None:
    for base, getter in _PAGE_NAME_FNS.items():
        for encoded in (False, True):
            name = base + ("E" if encoded else "")

            def value(
                title: Title, getter: Callable[[Title], str] = getter, encoded: bool = encoded
            ) -> str:
                text = getter(title)
                return wfurlencode(text.replace(" ", "_")) if encoded else _wiki_escape(text)

            VARIABLES[name] = _page_variable(value)

            def fn(
                exp: Expander, frame: Frame, args: list[str], value: Callable[[Title], str] = value
            ) -> str:
                title = _title_arg(exp, args[0])
                return value(title) if title is not None else ""

            FUNCTIONS[name] = FunctionEntry(fn, case_sensitive=True)


_register_page_names()


def _talk_title(exp: Expander, t: Title) -> Title:
    ns = t.talk_namespace()
    return Title(ns, exp.config.namespace_name(ns), t.text)


def _subject_title(exp: Expander, t: Title) -> Title:
    ns = t.subject_namespace()
    return Title(ns, exp.config.namespace_name(ns), t.text)


def _register_related() -> None:
    related: dict[str, Callable[[Expander, Title], str]] = {
        "TALKSPACE": lambda exp, t: exp.config.namespace_name(t.talk_namespace()),
        "SUBJECTSPACE": lambda exp, t: exp.config.namespace_name(t.subject_namespace()),
        "ARTICLESPACE": lambda exp, t: exp.config.namespace_name(t.subject_namespace()),
        "TALKPAGENAME": lambda exp, t: _talk_title(exp, t).prefixed,
        "SUBJECTPAGENAME": lambda exp, t: _subject_title(exp, t).prefixed,
        "ARTICLEPAGENAME": lambda exp, t: _subject_title(exp, t).prefixed,
    }
    for base, getter in related.items():
        for encoded in (False, True):
            name = base + ("E" if encoded else "")

            def value(
                exp: Expander,
                title: Title,
                getter: Callable[[Expander, Title], str] = getter,
                encoded: bool = encoded,
            ) -> str:
                text = getter(exp, title)
                return wfurlencode(text.replace(" ", "_")) if encoded else _wiki_escape(text)

            VARIABLES[name] = _related_variable(value)

            def fn(exp: Expander, frame: Frame, args: list[str], value: Any = value) -> str:
                title = _title_arg(exp, args[0])
                return str(value(exp, title)) if title is not None else ""

            FUNCTIONS[name] = FunctionEntry(fn, case_sensitive=True)


_register_related()

VARIABLES["NAMESPACENUMBER"] = lambda exp, frame: str(exp.page_title.namespace)


@_plain("NAMESPACENUMBER", case_sensitive=True)
def _nsnumber(exp: Expander, frame: Frame, args: list[str]) -> str:
    title = _title_arg(exp, args[0])
    return str(title.namespace) if title is not None else ""


@_plain("ns")
def _ns(exp: Expander, frame: Frame, args: list[str]) -> str:
    key = args[0]
    if re.fullmatch(r"-?\d+", key.strip()):
        ns: int | None = int(key)
    else:
        ns = exp.config.namespace_id(key)
    if ns is None or (ns not in exp.config.namespaces and ns > 15):
        return ""
    return exp.config.namespace_name(ns)


@_plain("nse")
def _nse(exp: Expander, frame: Frame, args: list[str]) -> str:
    return wfurlencode(_ns(exp, frame, args).replace(" ", "_"))


def _local_url(exp: Expander, title: Title, query: str) -> str:
    key = wfurlencode(title.prefixed.replace(" ", "_"))
    if exp.wiki.site.article_path and not query:
        return exp.wiki.site.article_path.replace("$1", key)
    return f"{exp.wiki.site.script_path}/index.php?title={key}" + (f"&{query}" if query else "")


def _url_function(kind: str, escape: bool) -> PlainFn:
    def run(exp: Expander, frame: Frame, args: list[str]) -> str:
        title = make_title(args[0], exp.config, 0) if args[0] else None
        if title is None:
            return ""
        query = args[1] if len(args) > 1 else ""
        url = _local_url(exp, title, query)
        if title.fragment:
            url += "#" + wfurlencode(title.fragment.replace(" ", "_"))
        if kind == "full":
            url = exp.wiki.site.server + url
        elif kind == "canonical":
            server = exp.wiki.site.server
            url = ("https:" + server if server.startswith("//") else server) + url
        return html.escape(url, quote=True) if escape else url

    return run


for _kind, _base in (("local", "localurl"), ("full", "fullurl"), ("canonical", "canonicalurl")):
    _plain(_base)(_url_function(_kind, False))
    _plain(_base + "e")(_url_function(_kind, True))


@_plain("filepath")
def _filepath(exp: Expander, frame: Frame, args: list[str]) -> str:
    return ""  # offline: no file repository


@_plain("#special")
def _special(exp: Expander, frame: Frame, args: list[str]) -> str:
    name = args[0]
    return f"{exp.config.namespace_name(-1)}:{_ucfirst(name)}"


@_plain("#speciale")
def _speciale(exp: Expander, frame: Frame, args: list[str]) -> str:
    return wfurlencode(_special(exp, frame, args).replace(" ", "_"))


# -- core: numbers, grammar, language -------------------------------------------------------


@_plain("formatnum")
def _formatnum(exp: Expander, frame: Frame, args: list[str]) -> str:
    mod = _helper("_numbers")
    flag = args[1].upper() if len(args) > 1 else ""
    if mod is None:
        return args[0]
    return str(
        mod.formatnum(args[0], raw=flag in ("R", "RAW"), nocommafy=flag in ("NOSEP", "NOCOMMAFY"))
    )


def _pad(left: bool) -> PlainFn:
    def run(exp: Expander, frame: Frame, args: list[str]) -> str:
        mod = _helper("_numbers")
        if mod is None:
            return args[0]
        length = args[1] if len(args) > 1 else "0"
        pad_with = args[2] if len(args) > 2 else "0"
        return str(mod.pad(args[0], length, pad_with, left=left))

    return run


_plain("padleft")(_pad(True))
_plain("padright")(_pad(False))


@_plain("plural")
def _plural(exp: Expander, frame: Frame, args: list[str]) -> str:
    forms = args[1:]
    if not forms:
        return ""
    number = args[0].replace(",", "")
    try:
        one = abs(float(number)) == 1
    except ValueError:
        one = False
    if one or len(forms) == 1:
        return forms[0]
    return forms[1]


_plain("grammar")(lambda exp, frame, args: args[1] if len(args) > 1 else "")


@_plain("gender")
def _gender(exp: Expander, frame: Frame, args: list[str]) -> str:
    forms = args[1:]
    if not forms:
        return ""
    return forms[2] if len(forms) > 2 else forms[0]


_LANGUAGE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "français",
    "es": "español",
    "it": "italiano",
    "nl": "Nederlands",
    "pl": "polski",
    "pt": "português",
    "ru": "русский",
    "ja": "日本語",
    "zh": "中文",
    "ar": "العربية",
    "sv": "svenska",
    "fi": "suomi",
    "he": "עברית",
    "la": "Latina",
    "el": "Ελληνικά",
    "cs": "čeština",
    "da": "dansk",
    "no": "norsk",
    "uk": "українська",
    "hu": "magyar",
    "tr": "Türkçe",
    "ko": "한국어",
    "fa": "فارسی",
    "hi": "हिन्दी",
}


@_plain("#language")
def _language(exp: Expander, frame: Frame, args: list[str]) -> str:
    return _LANGUAGE_NAMES.get(args[0].lower(), args[0])


_plain("bidi")(lambda exp, frame, args: "\u202a" + args[0] + "\u202c" if args[0] else "")


#: Languages written right to left (MediaWiki's RTL language list, main codes).
_RTL = frozenset(
    "ar arc arq ary arz azb bcc bgn bqi ckb dv fa glk he khw kk-arab kk-cn ks ks-arab ku-arab "
    "lki lrc luz mzn nqo ota pnb ps sd sdh skr ug ug-arab ur uz-arab yi".split()
)


@_plain("#dir")
def _dir(exp: Expander, frame: Frame, args: list[str]) -> str:
    """``{{#dir:code}}`` (MediaWiki 1.41+, as the parser tests describe): ``rtl`` or ``ltr``."""
    return "rtl" if args[0].strip().lower() in _RTL else "ltr"


@_plain("int")
def _int(exp: Expander, frame: Frame, args: list[str]) -> str:
    key = args[0]
    text = exp.wiki.store.get("MediaWiki:" + _ucfirst(key.replace("_", " ")))
    if text is None:
        return f"⧼{html.escape(key, quote=False)}⧽"
    for i, arg in enumerate(args[1:], 1):
        text = text.replace(f"${i}", arg)
    return frame.expand(exp.dom(text, False))


@_plain("displaytitle", case_sensitive=False)
def _displaytitle(exp: Expander, frame: Frame, args: list[str]) -> str:
    exp.display_title = args[0]
    return ""


@_plain("defaultsort", "defaultsortkey", "defaultcategorysort")
def _defaultsort(exp: Expander, frame: Frame, args: list[str]) -> str:
    exp.default_sort = args[0]
    return ""


_MONTHS = (
    "January February March April May June July August September October November December".split()
)


_ISO_DATE = re.compile(r"(-?\d{4})-(\d{2})-(\d{2})\Z")
_MONTH_NAMES = "|".join(_MONTHS)
_DMY = re.compile(rf"(\d{{1,2}})\s+({_MONTH_NAMES})(?:,?\s+(-?\d{{1,4}}))?\Z", re.I)
_MDY = re.compile(rf"({_MONTH_NAMES})\s+(\d{{1,2}})(?:,?\s+(-?\d{{1,4}}))?\Z", re.I)


def _year_text(year: str) -> str:
    """A year as MediaWiki writes it: ISO year 0 is 1 BC, -1 is 2 BC."""
    number = int(year)
    return f"{1 - number} BC" if number <= 0 else str(number)


def _month_number(name: str) -> int:
    return _MONTHS.index(name.capitalize()) + 1


@_plain("#formatdate", "#dateformat")
def _formatdate(exp: Expander, frame: Frame, args: list[str]) -> str:
    """``{{#formatdate:}}``: a recognised date in the asked format (the input's own format by
    default), in the span MediaWiki marks dates with."""
    text = args[0]
    fmt = args[1].lower() if len(args) > 1 else ""
    stripped = text.strip()
    year: str | None
    if m := _ISO_DATE.match(stripped):
        year, month, day, own = m.group(1), int(m.group(2)), int(m.group(3)), "iso8601"
    elif m := _DMY.match(stripped):
        day, month, year, own = int(m.group(1)), _month_number(m.group(2)), m.group(3), "dmy"
    elif m := _MDY.match(stripped):
        month, day, year, own = _month_number(m.group(1)), int(m.group(2)), m.group(3), "mdy"
    else:
        return text
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return text
    if fmt not in ("mdy", "dmy", "ymd", "iso8601"):
        fmt = own
    if fmt == "iso8601" and year is None:
        fmt = "mdy"
    name = _MONTHS[month - 1]
    iso = (f"{year}-" if year is not None else "") + f"{month:02d}-{day:02d}"
    shown_year = _year_text(year) if year is not None else None
    if fmt == "mdy":
        shown = f"{name} {day}" + (f", {shown_year}" if shown_year else "")
    elif fmt == "dmy":
        shown = f"{day} {name}" + (f" {shown_year}" if shown_year else "")
    elif fmt == "ymd":
        shown = (f"{shown_year} " if shown_year else "") + f"{name} {day}"
    else:
        shown = iso
    return f'<span class="mw-formatted-date" title="{iso}">{shown}</span>'


# -- offline answers ------------------------------------------------------------------------

for _stat in (
    "NUMBEROFPAGES",
    "NUMBEROFUSERS",
    "NUMBEROFACTIVEUSERS",
    "NUMBEROFARTICLES",
    "NUMBEROFFILES",
    "NUMBEROFADMINS",
    "NUMBEROFEDITS",
):
    VARIABLES[_stat] = lambda exp, frame: "0"
    FUNCTIONS[_stat] = FunctionEntry(lambda exp, frame, args: "0", case_sensitive=True)

for _zero in ("pagesincategory", "pagesinnamespace", "pagesinns"):
    _plain(_zero)(lambda exp, frame, args: "0")


@_plain("PAGESIZE", case_sensitive=True)
def _pagesize(exp: Expander, frame: Frame, args: list[str]) -> str:
    title = make_title(args[0], exp.config, 0)
    text = exp.wiki.store.get(title.prefixed) if title is not None else None
    return str(len(text.encode())) if text is not None else "0"


_plain("PROTECTIONLEVEL", "PROTECTIONEXPIRY", case_sensitive=True)(lambda exp, frame, args: "")
_plain(
    "#property", "#statements", "#coordinates", "#babel", "#categorytree", "#commaseparatedlist"
)(lambda exp, frame, args: "")

#: Revision facts of the page being rendered: offline, the page is an unsaved edit made at
#: the wiki's clock (MediaWiki's answer when previewing); no revision id, no user.
_REVISION_CLOCK: dict[str, Callable[[datetime.datetime], str]] = {
    "REVISIONDAY": lambda t: str(t.day),
    "REVISIONDAY2": lambda t: f"{t.day:02d}",
    "REVISIONMONTH": lambda t: f"{t.month:02d}",
    "REVISIONMONTH1": lambda t: str(t.month),
    "REVISIONYEAR": lambda t: str(t.year),
    "REVISIONTIMESTAMP": lambda t: t.strftime("%Y%m%d%H%M%S"),
}


def _revision_entry(
    fn: Callable[[datetime.datetime], str],
) -> tuple[Callable[[Expander, Frame], str], PlainFn]:
    def variable(exp: Expander, frame: Frame) -> str:
        return fn(exp.wiki.clock.astimezone(datetime.UTC))

    def function(exp: Expander, frame: Frame, args: list[str]) -> str:
        title = _title_arg(exp, args[0])
        if title is None or title.prefixed != exp.page_title.prefixed:
            return ""
        return variable(exp, frame)

    return variable, function


for _rev, _fn in _REVISION_CLOCK.items():
    VARIABLES[_rev], _revision_fn = _revision_entry(_fn)
    FUNCTIONS[_rev] = FunctionEntry(_revision_fn, case_sensitive=True)

for _rev in ("REVISIONID", "REVISIONUSER", "REVISIONSIZE"):
    VARIABLES[_rev] = lambda exp, frame: ""
    FUNCTIONS[_rev] = FunctionEntry(lambda exp, frame, args: "", case_sensitive=True)

VARIABLES["PAGEID"] = lambda exp, frame: "0"
_plain("pageid")(lambda exp, frame, args: "0")


# -- variables: punctuation, site, time -----------------------------------------------------

VARIABLES["!"] = lambda exp, frame: "|"
VARIABLES["="] = lambda exp, frame: "="
VARIABLES["SITENAME"] = lambda exp, frame: exp.wiki.site.sitename
VARIABLES["SERVER"] = lambda exp, frame: exp.wiki.site.server
VARIABLES["SERVERNAME"] = lambda exp, frame: re.sub(r"^[a-z]*:?//", "", exp.wiki.site.server).split(
    ":"
)[0]
VARIABLES["SCRIPTPATH"] = lambda exp, frame: exp.wiki.site.script_path
VARIABLES["STYLEPATH"] = lambda exp, frame: exp.wiki.site.script_path + "/skins"
VARIABLES["CURRENTVERSION"] = lambda exp, frame: exp.wiki.site.version
VARIABLES["CONTENTLANGUAGE"] = VARIABLES["CONTENTLANG"] = lambda exp, frame: exp.wiki.site.language
VARIABLES["DIRECTIONMARK"] = VARIABLES["DIRMARK"] = lambda exp, frame: "\u200e"
VARIABLES["NUMBEROFARTICLES"] = lambda exp, frame: "0"
VARIABLES["PAGELANGUAGE"] = lambda exp, frame: exp.wiki.site.language
VARIABLES["ARTICLEPATH"] = lambda exp, frame: exp.wiki.site.article_path

_DAYS = "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split()
_GENITIVE = _MONTHS


def _time_variables(prefix: str, local: bool) -> None:
    def now(exp: Expander) -> datetime.datetime:
        clock = exp.wiki.clock
        return (
            clock.astimezone(exp.wiki.local_timezone) if local else clock.astimezone(datetime.UTC)
        )

    table: dict[str, Callable[[datetime.datetime], str]] = {
        "YEAR": lambda t: f"{t.year}",
        "MONTH": lambda t: f"{t.month:02d}",
        "MONTH2": lambda t: f"{t.month:02d}",
        "MONTH1": lambda t: f"{t.month}",
        "MONTHNAME": lambda t: _MONTHS[t.month - 1],
        "MONTHNAMEGEN": lambda t: _GENITIVE[t.month - 1],
        "MONTHABBREV": lambda t: _MONTHS[t.month - 1][:3],
        "DAY": lambda t: f"{t.day}",
        "DAY2": lambda t: f"{t.day:02d}",
        "DOW": lambda t: f"{(t.weekday() + 1) % 7}",
        "DAYNAME": lambda t: _DAYS[(t.weekday() + 1) % 7],
        "TIME": lambda t: f"{t.hour:02d}:{t.minute:02d}",
        "HOUR": lambda t: f"{t.hour:02d}",
        "WEEK": lambda t: f"{t.isocalendar()[1]}",
        "TIMESTAMP": lambda t: t.strftime("%Y%m%d%H%M%S"),
    }

    def make(fn: Callable[[datetime.datetime], str]) -> Callable[[Expander, Frame], str]:
        def variable(exp: Expander, frame: Frame) -> str:
            return fn(now(exp))

        return variable

    for suffix, fn in table.items():
        VARIABLES[prefix + suffix] = make(fn)


_time_variables("CURRENT", False)
_time_variables("LOCAL", True)
