"""Built-in meanings for common templates, used when no template store is given.

Most scripts have a page's wikitext but not the wiki's templates.  Dropping every template then
leaves holes in sentences ("covers an area of, with"), and footnotes whose body is a
``{{cite ...}}`` come out empty.  A *handler* gives a template's meaning without its source: it
takes a :class:`TemplateCall` and returns wikitext (which the renderer parses and renders like
the page's own), ``""`` for a template that shows nothing, or None when it cannot tell (the
template is then dropped as before).

The renderers take the registry as ``template_handlers`` (``BUILTIN_TEMPLATES`` by default;
None or ``{}`` switches it off) and the user's own as ``handlers`` (consulted first).  When
real templates are expanded (a template store), the expanded text has no template left for a
handler to see: the real template always wins.

The table of built-ins and what they give is in ``docs/templates-without-a-store.md``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType

from .._mw import normalize_template_name, param_key
from ..config import ParserConfig
from ..nodes import Template, Text, Wikicode
from ._units import convert

__all__ = [
    "BUILTIN_TEMPLATES",
    "TemplateCall",
    "TemplateHandler",
    "call_plain_builtin",
    "citation_fields",
    "expand_call",
    "expand_plain_call",
    "lookup_key",
    "may_expand_in_text",
    "plain_builtin",
]

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_FAMILY = re.compile(r"^[^ -]+[ -]")
_SPACES = re.compile(r"[\s_]+")


class TemplateCall:
    """One template call as a handler sees it: the name, the arguments as wikitext (comments
    removed), the renderer it is for (``"text"``, ``"markdown"`` or ``"html"``) and the date
    that ages are computed against."""

    __slots__ = ("args", "name", "named", "node", "output", "today")

    def __init__(
        self,
        node: Template,
        output: str,
        today: _dt.date,
        name: str | None = None,
        params: Iterable[tuple[str, str, bool]] | None = None,
    ) -> None:
        """``params`` (each ``(key, value, showkey)``, as ``param_items`` gives them) stands
        for the node's own: the text reader calls built-in handlers, which read no node, for
        plain templates without building their node (``expand_plain_call``, which passes
        an empty placeholder node and :func:`_plain_params`; both are keyed here alike)."""
        self.node = node
        self.name = name if name is not None else node.normalized_name
        self.output = output
        self.today = today
        self.args: list[str] = []  # positional values, numbered from 1 (index 0 is "1")
        self.named: dict[str, str] = {}
        positional: dict[int, str] = {}
        for key, value, showkey in _node_params(node) if params is None else params:
            if "<!--" in value:
                value = _COMMENT.sub("", value)
            # isdecimal, not isdigit: "²" is a digit that int() refuses (a name, then)
            if key.isdecimal() and int(key) > 0:
                positional[int(key)] = value.strip() if showkey else value
            else:
                self.named[key] = value.strip()
        self.args = _numbered(positional)

    def arg(self, index: int, default: str = "") -> str:
        """Positional argument ``index`` (1-based), stripped."""
        return self.args[index - 1].strip() if 0 < index <= len(self.args) else default

    def get(self, *names: str, default: str = "") -> str:
        """The first non-empty named argument among ``names``."""
        for name in names:
            value = self.named.get(name, "")
            if value:
                return value
        return default

    def positional(self) -> list[str]:
        """Every positional argument, stripped."""
        return [a.strip() for a in self.args]


TemplateHandler = Callable[[TemplateCall], "str | None"]


def _numbered(positional: dict[int, str]) -> list[str]:
    """Positional values by number as a list from 1 (gaps empty)."""
    if not positional:
        return []
    top = max(positional)
    last = min(top, 200)  # a huge explicit index must not allocate
    if len(positional) == top:  # every number from 1 (the usual case): no gap to fill
        return [positional[i] for i in range(1, last + 1)]
    return [positional.get(i, "") for i in range(1, last + 1)]


def _source(code: Wikicode) -> str:
    """The wikitext of a parameter's name or value: its one text node's value, the usual
    case, without the general writer."""
    nodes = code.nodes
    if len(nodes) == 1:
        first = nodes[0]
        if type(first) is Text:
            return first.value
    return str(code)


def _node_params(node: Template) -> Iterator[tuple[str, str, bool]]:
    """``(key, value, showkey)`` of each parameter of ``node``, keyed as ``param_items``
    keys them (positional ones numbered from 1, names as :func:`param_key` reads them)."""
    position = 0
    for param in node.params:
        name = param._name  # (its written name, or None: one read of the field)
        if name is not None:
            yield param_key(_source(name)), _source(param.value), True
        else:
            position += 1
            yield str(position), _source(param.value), False


#: Handler output without any of these needs no parse: it is one run of plain text.
MARKUP_CHARS = re.compile(r"[\[\]{}<>'&~_:|=\n]|ISBN|RFC|PMID")
_NEEDS_NORMALIZING = re.compile(r"[&%#:<]")


def template_name(node: Template, config: ParserConfig | None = None) -> str:
    """The template's name as a title (the wiki's ``Template:``/``Vorlage:`` dropped, first
    letter upper-cased).  Names without ``& % # : <`` (nearly all) are read directly: the
    full title normalisation is needed only for entities, percent-escapes, namespaces and
    comments."""
    nodes = node.name.nodes
    raw = nodes[0].value if len(nodes) == 1 and isinstance(nodes[0], Text) else str(node.name)
    if _NEEDS_NORMALIZING.search(raw) is not None:
        return normalize_template_name(str(node.name), config=config)
    return _plain_title(raw)


#: How many names :func:`_plain_title`, :func:`lookup_key` and :func:`_person_key` remember
#: (a page calls the same few templates again and again: ``cite book``, ``convert``, ``sfn``;
#: a stream of distinct names must not grow them without end).  ``functools.lru_cache``: its
#: C wrapper answers a name seen before without a Python frame, a little faster than the
#: dictionaries these functions kept themselves.
_REMEMBERED = 4096


@functools.lru_cache(maxsize=_REMEMBERED)
def _plain_title(raw: str) -> str:
    """A name without ``& % # : <`` as a title: spaces and underscores run together, the
    first letter upper-cased."""
    name = _SPACES.sub(" ", raw).strip()
    return name[:1].upper() + name[1:]


@functools.lru_cache(maxsize=_REMEMBERED)
def lookup_key(name: str) -> str:
    """The key a handler is registered under: lower case, runs of spaces and underscores as
    one space (``Birth_date_and age`` -> ``birth date and age``)."""
    return _SPACES.sub(" ", name).strip().lower()


def _find_handler(handlers: Mapping[str, TemplateHandler], key: str) -> tuple[str, TemplateHandler | None]:
    """The handler ``handlers`` gives for a template of this :func:`lookup_key`, and the key
    it is registered under: the key itself, else its family's (``"cite *"`` stands for every
    ``"cite ..."``, ``"lang-*"`` for every ``"lang-..."``)."""
    handler = handlers.get(key)
    if handler is None:
        family = _FAMILY.match(key)
        if family is not None:
            key = family.group() + "*"
            handler = handlers.get(key)
    return key, handler


# -- dates --------------------------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 6 else None


def _date_parts(values: list[str]) -> tuple[int | None, int | None, int | None]:
    """Year, month, day from positional values (``1941|6|24``, or one ``1941-06-24``)."""
    if values and "-" in values[0] and len(values[0]) >= 7:
        values = values[0].split("-") + values[1:]
    year = _int(values[0]) if values else None
    month = _int(values[1]) if len(values) > 1 else None
    day = _int(values[2]) if len(values) > 2 else None
    if month is not None and not 1 <= month <= 12:
        month = None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def _format_date(year: int | None, month: int | None, day: int | None, dmy: bool) -> str:
    if year is None:
        return ""
    if month is None:
        return str(year)
    name = MONTHS[month - 1]
    if day is None:
        return f"{name} {year}"
    return f"{day} {name} {year}" if dmy else f"{name} {day}, {year}"


def _is_dmy(call: TemplateCall) -> bool:
    """Day before month (``df=y``); these templates write month first by default."""
    if call.get("mf").lower() in ("y", "yes"):
        return False
    return call.get("df").lower() in ("y", "yes", "1", "true", "dmy")


def _age(born: tuple[int, int | None, int | None], at: tuple[int, int | None, int | None]) -> int:
    years = at[0] - born[0]
    if (at[1] or 12, at[2] or 31) < (born[1] or 1, born[2] or 1):
        years -= 1
    return years


def _birth_date(call: TemplateCall) -> str | None:
    year, month, day = _date_parts(call.positional())
    return _format_date(year, month, day, _is_dmy(call)) or None


def _birth_date_and_age(call: TemplateCall) -> str | None:
    year, month, day = _date_parts(call.positional())
    if year is None:
        return None
    today = call.today
    age = _age((year, month, day), (today.year, today.month, today.day))
    return f"{_format_date(year, month, day, _is_dmy(call))} (age&nbsp;{age})"


def _death_date_and_age(call: TemplateCall) -> str | None:
    values = call.positional()
    died = _date_parts(values[:3])
    born = _date_parts(values[3:6])
    if died[0] is None:
        return None
    text = _format_date(*died, _is_dmy(call))
    if born[0] is not None:
        text += f" (aged&nbsp;{_age((born[0], born[1], born[2]), (died[0], died[1], died[2]))})"
    return text


def _as_of(call: TemplateCall) -> str | None:
    year, month, day = _date_parts(call.positional())
    if year is None:
        return None
    alt = call.get("alt")
    if alt:
        return alt
    word = "Since" if call.get("since").lower() in ("y", "yes") else "As of"
    if call.get("lc").lower() in ("y", "yes"):
        word = word.lower()
    dmy = call.get("df").lower() not in ("us", "mdy")
    return f"{word} {_format_date(year, month, day, dmy)}"


def _circa(call: TemplateCall) -> str:
    first = call.arg(1)
    second = call.arg(2)
    text = "''c.''&nbsp;" if call.get("i") else "c.&nbsp;"
    if first and second:
        return f"{text}{first}–{second}"
    return f"{text}{first}" if first else text.removesuffix("&nbsp;")


# -- inline wrappers ------------------------------------------------------------------------


def _first(call: TemplateCall) -> str:
    return call.arg(1)


def _nothing(call: TemplateCall) -> str:
    return ""


def _small(call: TemplateCall) -> str:
    return f"<small>{call.arg(1)}</small>" if call.arg(1) else ""


def _abbr(call: TemplateCall) -> str:
    short, long = call.arg(1), call.arg(2)
    if call.output == "html" and long:
        return f'<abbr title="{long.replace(chr(34), "&quot;")}">{short}</abbr>'
    return short


def _frac(call: TemplateCall) -> str | None:
    values = call.positional()
    if len(values) == 1:
        return f"1⁄{values[0]}"
    if len(values) == 2:
        return f"{values[0]}⁄{values[1]}"
    if len(values) >= 3:
        return f"{values[0]}<span class=\"sr-only\">+</span>{values[1]}⁄{values[2]}"
    return None


def _chem(call: TemplateCall) -> str:
    """``{{chem|H|2|O}}``: numbers become subscripts."""
    out = []
    for value in call.positional():
        out.append(f"<sub>{value}</sub>" if value.isdigit() else value)
    return "".join(out)


_LANGUAGES = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gd": "Scottish Gaelic", "gl": "Galician",
    "grc": "Ancient Greek", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "ko": "Korean", "ku": "Kurdish",
    "la": "Latin", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "mn": "Mongolian",
    "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sa": "Sanskrit", "sk": "Slovak", "sl": "Slovene", "so": "Somali",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "yi": "Yiddish", "zh": "Chinese", "zu": "Zulu",
    "ang": "Old English", "non": "Old Norse", "sux": "Sumerian", "akk": "Akkadian",
    "egy": "Egyptian", "got": "Gothic", "pt-br": "Brazilian Portuguese", "kl": "Greenlandic",
    "sme": "Northern Sami", "fo": "Faroese", "lb": "Luxembourgish", "br": "Breton",
    "kw": "Cornish", "gv": "Manx", "oc": "Occitan", "co": "Corsican", "sc": "Sardinian",
    "haw": "Hawaiian", "mi": "Māori", "sm": "Samoan", "to": "Tongan", "fj": "Fijian",
    "ha": "Hausa", "yo": "Yoruba", "ig": "Igbo", "xh": "Xhosa", "st": "Sotho", "tn": "Tswana",
    "rw": "Kinyarwanda", "mg": "Malagasy", "ti": "Tigrinya", "dv": "Maldivian", "si": "Sinhala",
    "pa": "Punjabi", "gu": "Gujarati", "mr": "Marathi", "te": "Telugu", "kn": "Kannada",
    "ml": "Malayalam", "or": "Odia", "bo": "Tibetan", "ug": "Uyghur", "tt": "Tatar",
    "ba": "Bashkir", "cv": "Chuvash", "ce": "Chechen", "os": "Ossetian", "ab": "Abkhaz",
    "tk": "Turkmen", "ky": "Kyrgyz", "tg": "Tajik", "crh": "Crimean Tatar", "lad": "Ladino",
    "sh": "Serbo-Croatian", "hsb": "Upper Sorbian", "dsb": "Lower Sorbian", "fy": "West Frisian",
    "rm": "Romansh", "wa": "Walloon", "nds": "Low German", "gsw": "Swiss German",
    "yue": "Cantonese", "nan": "Hokkien", "qu": "Quechua", "gn": "Guarani", "ay": "Aymara",
    "nv": "Navajo", "chr": "Cherokee", "iu": "Inuktitut", "cr": "Cree", "arc": "Aramaic",
    "syc": "Classical Syriac", "cop": "Coptic", "pi": "Pali", "fro": "Old French",
    "ota": "Ottoman Turkish", "peo": "Old Persian", "pal": "Middle Persian", "jv": "Javanese",
}  # fmt: skip

_LATIN_SCRIPT = re.compile(r"^[\s\x00-\u024f\u1e00-\u1eff\u2000-\u206f'\"’‘“”.,;:!?()\-–—]*$")


def _italic_if_latin(text: str) -> str:
    """Module:Lang shows text in the Latin script in italics (other scripts upright)."""
    if text and _LATIN_SCRIPT.match(text) and "''" not in text:
        return f"''{text}''"
    return text


def _lang(call: TemplateCall) -> str | None:
    text = call.arg(2)
    if not text:
        return None
    if call.get("italic", "italics").lower() in ("no", "n", "off", "unset"):
        return text
    return _italic_if_latin(text)


def _lang_xx(code: str) -> TemplateHandler:
    def handler(call: TemplateCall) -> str | None:
        text = call.arg(1)
        if not text:
            return None
        return _language_label(code, call) + _italic_if_latin(text) + _translit(call)

    return handler


def _langx(call: TemplateCall) -> str | None:
    code, text = call.arg(1), call.arg(2)
    if not text:
        return None
    return _language_label(code, call) + _italic_if_latin(text) + _translit(call, 3)


def _language_label(code: str, call: TemplateCall) -> str:
    if call.get("label").lower() == "none":
        return ""
    name = call.get("label") or _LANGUAGES.get(code.lower(), "")
    return f"{name}: " if name else ""


def _translit(call: TemplateCall, position: int = 2) -> str:
    translit = call.get("translit") or call.arg(position)
    translation = call.get("lit", "trans")
    extra = f", [[Romanization|romanized]]:&nbsp;''{translit}''" if translit else ""
    if translation:
        extra += f", [[Literal translation|lit.]]&nbsp;'{translation}'"
    return extra


def _transl(call: TemplateCall) -> str | None:
    values = call.positional()
    text = values[-1] if values else ""
    return f"''{text}''" if text else None


def _nihongo(call: TemplateCall) -> str | None:
    english, kanji, romaji = call.arg(1), call.arg(2), call.arg(3)
    inside = ", ".join(x for x in (kanji, f"''{romaji}''" if romaji else "") if x)
    if english and inside:
        return f"{english} ({inside})"
    return english or inside or None


# -- pronunciation ----------------------------------------------------------------------------

_IPAC_LABELS = {
    "lang": "English pronunciation:", "local": "locally", "pron": "pronounced",
    "also": "also", "uk": "UK:", "us": "US:", "uklang": "UK English pronunciation:",
    "uslang": "US English pronunciation:", "ca": "Canada:", "au": "Australia:", "nz": "New Zealand:",
    "ie": "Ireland:", "nyc": "New York City:", "ipa": "",
}  # fmt: skip


def _ipac(call: TemplateCall) -> str | None:
    """``{{IPAc-en|ˈ|t|ɒr|ən|t|oʊ}}`` -> ``/ˈtɒrəntoʊ/`` (labels and separators kept)."""
    values = call.positional()
    label = ""
    if values and values[0].lower() in _IPAC_LABELS:
        label = _IPAC_LABELS[values.pop(0).lower()]
    groups: list[list[str]] = [[]]
    separators: list[str] = []
    for value in values:
        if value in (",", ";"):
            separators.append(value)
            groups.append([])
        elif value.lower() in _IPAC_LABELS and value.lower() != "ipa":
            groups[-1].append(_IPAC_LABELS[value.lower()] + " ")
        else:
            groups[-1].append(value.replace(" ", ""))
    parts = []
    for group in groups:
        chunk = "".join(group)
        words = chunk.rsplit(" ", 1)
        parts.append(f"{words[0]} /{words[1]}/" if len(words) == 2 and words[1] else f"/{chunk}/")
    text = parts[0]
    for sep, part in zip(separators, parts[1:], strict=False):
        text += f"{sep} {part}"
    if text.strip("/ ") == "":
        return None
    return f"{label} {text}" if label else text


def _ipa(call: TemplateCall) -> str | None:
    text = call.arg(1)
    return text or None


def _ipa_xx(code: str) -> TemplateHandler:
    def handler(call: TemplateCall) -> str | None:
        text = call.arg(1)
        if not text:
            return None
        if not (text.startswith(("[", "/"))):
            text = f"[{text}]"
        label = call.arg(2).lower()
        if label in ("", "lang", "pron") and code in _LANGUAGES:
            prefix = f"{_LANGUAGES[code]} pronunciation: " if label != "pron" else "pronounced "
            return prefix + text
        return text

    return handler


def _respell(call: TemplateCall) -> str | None:
    parts = [p for p in call.positional() if p]
    if not parts:
        return None
    return "''" + "-".join(p.replace("_", " ") for p in parts) + "''"


# -- hatnotes, maintenance tags, footnotes -----------------------------------------------------


def _hatnote(prefix: str, plural: str | None = None) -> TemplateHandler:
    """A hatnote: dropped from plain text and Markdown by policy (it is navigation, not prose);
    a ``<div class="hatnote">`` in HTML."""

    def handler(call: TemplateCall) -> str:
        if call.output != "html":
            return ""
        targets = [t for t in call.positional() if t]
        links = _and_list([f"[[{t}]]" for t in targets])
        word = plural if plural and len(targets) > 1 else prefix
        return f'<div role="note" class="hatnote navigation-not-searchable">{word}: {links}</div>'

    return handler


def _hatnote_text(call: TemplateCall) -> str:
    """``{{hatnote|text}}`` and the ``{{for}}``/``{{about}}`` family: navigation, dropped from
    plain text and Markdown; in HTML a hatnote with the given text or targets."""
    if call.output != "html":
        return ""
    values = [v for v in call.positional() if v]
    if not values:
        return ""
    if lookup_key(call.name) == "hatnote":
        text = values[0]
    elif lookup_key(call.name) == "for" and len(values) >= 2:
        text = f"For {values[0]}, see {_and_list([f'[[{v}]]' for v in values[1:]])}."
    else:
        text = "See also: " + _and_list([f"[[{v}]]" for v in values])
    return f'<div role="note" class="hatnote navigation-not-searchable">{text}</div>'


def _and_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _inline_tag(label: str) -> TemplateHandler:
    """``{{citation needed}}`` and its kind: a superscript note in HTML, nothing in text."""

    def handler(call: TemplateCall) -> str:
        if call.output != "html":
            return ""
        return f"<sup class=\"noprint Inline-Template\">[<i>{label}</i>]</sup>"

    return handler


def _rp(call: TemplateCall) -> str:
    """A page number after a reference: shown where references are shown."""
    page = call.arg(1) or call.get("p", "page", "pp", "pages")
    return f'<sup class="reference nowrap">:&nbsp;{page}</sup>' if page and call.output == "html" else ""


def _reflist(call: TemplateCall) -> str:
    group = call.get("group")
    return f'<references group="{group}" />' if group else "<references />"


def _efn(call: TemplateCall) -> str | None:
    """An explanatory footnote: a ``<ref>`` in the ``lower-alpha`` group (a named one reused
    when there is no body)."""
    body = call.arg(1) or call.get("text")
    name = call.get("name")
    group = call.get("group") or "lower-alpha"
    attrs = f' name="{name}"' if name else ""
    if not body:
        return f'<ref group="{group}"{attrs} />' if name else None
    return f'<ref group="{group}"{attrs}>{body}</ref>'


def _refn(call: TemplateCall) -> str | None:
    body = call.arg(1)
    if not body:
        return None
    attrs = "".join(f' {k}="{call.get(k)}"' for k in ("name", "group") if call.get(k))
    return f"<ref{attrs}>{body}</ref>"


#: The year a short citation's last positional argument may be (``2001``, ``c. 1900``, ``n.d.``).
_YEAR = re.compile(r"(?:c\.\s*)?\d{3,4}[a-z]?|n\.d\.|nd")
#: What a short citation's reference name leaves out.
_NOT_IN_KEY = re.compile(r"[\s\"<>]+")


def _short_citation(call: TemplateCall, parens: bool) -> str | None:
    """``Smith & Jones 2001, p. 5`` from ``{{sfn|Smith|Jones|2001|p=5}}`` (``parens``: the
    ``Smith & Jones (2001)`` form of ``sfnp``/``harvp``)."""
    values = [v for v in call.positional() if v]
    if not values:
        return None
    year = ""
    if len(values) > 1 and _YEAR.fullmatch(values[-1]):
        year = values.pop()
    names = values[:4]
    if len(names) >= 4:
        who = f"{names[0]} et al."
    elif len(names) == 3:
        who = f"{names[0]}, {names[1]} & {names[2]}"
    else:
        who = " & ".join(names)
    text = f"{who} ({year})" if parens and year else f"{who} {year}".strip()
    page = call.get("p", "page")
    pages = call.get("pp", "pages")
    loc = call.get("loc", "at")
    if page:
        text += f", p.&nbsp;{page}"
    elif pages:
        text += f", pp.&nbsp;{pages}"
    if loc:
        text += f", {loc}"
    return text


def _sfn(call: TemplateCall) -> str | None:
    text = _short_citation(call, parens=call.name.lower().startswith(("sfnp", "harvp")))
    if text is None:
        return None
    key = "FOOTNOTE" + "".join(call.positional()[:5]) + "".join(call.get(k) for k in ("p", "pp", "loc"))
    key = _NOT_IN_KEY.sub("", key)
    return f'<ref name="{key}">{text}.</ref>'


def _harvnb(call: TemplateCall) -> str | None:
    return _short_citation(call, parens=call.name.lower().startswith("harvp"))


def _harv(call: TemplateCall) -> str | None:
    text = _short_citation(call, parens=False)
    return f"({text})" if text else None


def _quote(call: TemplateCall) -> str | None:
    text = call.arg(1) or call.get("text", "quote")
    if not text:
        return None
    author = call.arg(2) or call.get("author", "sign")
    source = call.arg(3) or call.get("source", "title")
    sign = ", ".join(x for x in (author, source) if x)
    tail = f"<br />— {sign}" if sign else ""
    return f"<blockquote>{text}{tail}</blockquote>"


def _flag(call: TemplateCall) -> str | None:
    country = call.arg(1)
    if not country:
        return None
    label = call.arg(2) if call.arg(2) and not call.arg(2).isdigit() else country
    return f"[[{country}|{label}]]" if label != country else f"[[{country}]]"


def _start_date(call: TemplateCall) -> str | None:
    year, month, day = _date_parts(call.positional())
    return _format_date(year, month, day, _is_dmy(call)) or None


def _dash(text: str) -> TemplateHandler:
    def handler(call: TemplateCall) -> str:
        return text

    return handler


def _possessive(call: TemplateCall) -> str:
    return "'s"


def _coord(call: TemplateCall) -> str | None:
    """``{{coord|43|39|N|79|23|W}}`` -> ``43°39′N 79°23′W``; title-only coordinates show
    nothing in the text."""
    if "inline" not in call.get("display", default="inline").lower():
        return ""
    values = [v for v in call.positional() if v and "=" not in v and ":" not in v]
    hemis = [i for i, v in enumerate(values) if v.upper() in ("N", "S", "E", "W")]
    marks = ("°", "′", "″")
    if len(hemis) == 2:
        lat = values[: hemis[0]]
        lon = values[hemis[0] + 1 : hemis[1]]
        if not lat or not lon or len(lat) > 3 or len(lon) > 3:
            return None
        a = "".join(f"{v}{marks[i]}" for i, v in enumerate(lat)) + values[hemis[0]].upper()
        b = "".join(f"{v}{marks[i]}" for i, v in enumerate(lon)) + values[hemis[1]].upper()
        return f"{a} {b}"
    if len(values) >= 2 and not hemis:
        try:
            lat_v, lon_v = float(values[0]), float(values[1])
        except ValueError:
            return None
        ns = "N" if lat_v >= 0 else "S"
        ew = "E" if lon_v >= 0 else "W"
        return f"{values[0].lstrip('-')}°{ns} {values[1].lstrip('-')}°{ew}"
    return None


def _val(call: TemplateCall) -> str | None:
    """``{{val|1.00794|(7)}}``, ``{{val|9.8|0.1|u=m/s2}}``, ``{{val|6.02|e=23}}``."""
    number = call.arg(1)
    if not number:
        return None
    text = call.get("p") + number.replace("-", "−")
    second, third = call.arg(2), call.arg(3)
    if second.startswith("("):
        text += second
    elif second and third:
        text += f"<sup>+{second}</sup><sub>−{third.lstrip('-−')}</sub>"
    elif second:
        text += f"±{second}"
    exponent = call.get("e")
    if exponent:
        text += f"×10<sup>{exponent.replace('-', '−')}</sup>"
    unit = call.get("u", "ul")
    if unit:
        text += f"&nbsp;{unit}"
    return text + call.get("s")


def _times_ten(call: TemplateCall) -> str | None:
    exponent = call.arg(1)
    return f"×10<sup>{exponent.replace('-', '−')}</sup>" if exponent else None


def _angle_brackets(call: TemplateCall) -> str:
    return f"⟨{call.arg(1)}⟩"


def _ship(prefix: str) -> TemplateHandler:
    """``{{USS|Enterprise|CV-6}}`` -> ``USS ''Enterprise'' (CV-6)``."""

    def handler(call: TemplateCall) -> str | None:
        name, ident = call.arg(1), call.arg(2)
        if not name:
            return None
        return f"{prefix} ''{name}''" + (f" ({ident})" if ident else "")

    return handler


def _convert_handler(call: TemplateCall) -> str | None:
    named = dict(call.named)
    if lookup_key(call.name) == "cvt":
        named.setdefault("abbr", "on")
    return convert(call.positional(), named)


# -- citations ----------------------------------------------------------------------------------

#: Citation fields collected by :func:`citation_fields`: the record's key and the template
#: parameters that give it (CS1 spells many fields several ways).
_CITE_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title", "chapter", "script-title", "trans-title")),
    ("url", ("url", "chapter-url", "chapterurl")),
    ("date", ("date", "year", "publication-date")),
    ("publisher", ("publisher", "institution")),
    ("journal", ("journal", "work", "newspaper", "magazine", "website", "periodical", "encyclopedia")),
    ("volume", ("volume",)),
    ("issue", ("issue", "number")),
    ("pages", ("pages", "page", "pp", "p", "at")),
    ("doi", ("doi",)),
    ("isbn", ("isbn", "ISBN")),
    ("issn", ("issn", "ISSN")),
    ("pmid", ("pmid", "PMID")),
    ("access-date", ("access-date", "accessdate")),
    ("archive-url", ("archive-url", "archiveurl")),
    ("archive-date", ("archive-date", "archivedate")),
    ("location", ("location", "place")),
    ("language", ("language",)),
    ("edition", ("edition",)),
)
_PERSON_KEY = re.compile(r"(?P<role>author|editor|)-?(?P<a>last|first|surname|given|)(?P<n>\d*)-?(?P<b>last|first|surname|given|)")


def citation_fields(call: TemplateCall) -> dict[str, object]:
    """The fields of a ``{{cite ...}}``/``{{citation}}`` call, as wikitext, under fixed keys
    (``title``, ``url``, ``authors`` as a list of display names, ``date``, ``publisher``,
    ``journal``, ``doi``, ``isbn``, ``access-date``, ``archive-url`` and a few more); only
    fields that are present."""
    out: dict[str, object] = {}
    named = call.named
    for key, names in _CITE_FIELDS:
        for name in names:
            value = named.get(name, "")
            if value:
                out[key] = value
                break
    people = _people(named)
    authors = _names(people["author"], named, "author")
    if authors:
        out["authors"] = authors
    editors = _names(people["editor"], named, "editor")
    if editors:
        out["editors"] = editors
    return out


@functools.lru_cache(maxsize=_REMEMBERED)
def _person_key(key: str) -> tuple[str, str, int] | None:
    """``last2`` -> ``("author", "last", 2)``; ``editor-first`` -> ``("editor", "first", 1)``."""
    m = _PERSON_KEY.fullmatch(key)
    if m is None or (m["a"] and m["b"]) or not (m["role"] or m["a"] or m["b"]):
        return None
    part = m["a"] or m["b"] or "full"
    part = {"surname": "last", "given": "first"}.get(part, part)
    return m["role"] or "author", part, int(m["n"] or 1)


def _people(named: Mapping[str, str]) -> dict[str, dict[int, dict[str, str]]]:
    """The parts of each person's name by role and number, from one pass over ``named``:
    ``{"author": {1: {"last": ..., "first": ...}}, "editor": {...}}``."""
    people: dict[str, dict[int, dict[str, str]]] = {"author": {}, "editor": {}}
    for key, value in named.items():
        if not value:
            continue
        found = _person_key(key)  # (a few dozen spellings recur in every citation: remembered)
        if found is not None:
            people[found[0]].setdefault(found[2], {})[found[1]] = value
    return people


def _names(people: dict[int, dict[str, str]], named: Mapping[str, str], role: str) -> list[str]:
    """``Last, First`` per person of ``role`` (``author`` or ``editor``, their parts from
    :func:`_people`: ``last1``/``first1``, ``authorN``, ``editorN-last``...), or an
    ``authors``/``vauthors`` list."""
    names: list[str] = []
    for index in sorted(people):
        person = people[index]
        if "full" in person:
            names.append(person["full"])
        elif "last" in person:
            names.append(f"{person['last']}, {person['first']}" if "first" in person else person["last"])
    if not names:
        listed = named.get(f"{role}s", "") or named.get(f"v{role}s", "")
        separator = ";" if ";" in listed else ","
        names = [n.strip() for n in listed.split(separator) if n.strip()]
    return names


def _citation(call: TemplateCall) -> str | None:
    """A readable CS1-style line: ``Last, First (2001). "Title". Journal. 12 (3): 45.
    doi:... ISBN ... Retrieved 5 May 2020.``"""
    f = citation_fields(call)
    if not f:
        return None
    parts: list[str] = []
    authors = f.get("authors")
    head = "; ".join(authors) if isinstance(authors, list) else ""
    date = str(f.get("date", ""))
    if head:
        parts.append(f"{head} ({date})." if date else f"{head}.")
    title = str(f.get("title", ""))
    url = str(f.get("url", ""))
    kind = lookup_key(call.name)
    book = kind in ("cite book", "citation") and "journal" not in f
    if title:
        shown = title if not url else f"[{url} {title}]"
        parts.append(f"''{shown}''." if book else f'"{shown}".')
    journal = str(f.get("journal", ""))
    if journal:
        tail = f"''{journal}''"
        if "volume" in f:
            tail += f". '''{f['volume']}'''"
        if "issue" in f:
            tail += f" ({f['issue']})"
        if "pages" in f:
            tail += f": {f['pages']}"
        parts.append(tail + ".")
    for key in ("edition", "location", "publisher"):
        if key in f:
            parts.append(f"{f[key]}." if key != "edition" else f"{f[key]} ed.")
    if date and not head:
        parts.append(f"{date}.")
    if "pages" in f and not journal:
        parts.append(f"p.&nbsp;{f['pages']}.")
    for key, label in (("doi", "doi"), ("isbn", "ISBN"), ("issn", "ISSN"), ("pmid", "PMID")):
        if key in f:
            # A plain space: "ISBN 1-2..." stays one magic link in every renderer.
            parts.append(f"{label}:{f[key]}." if key == "doi" else f"{label} {f[key]}.")
    if "access-date" in f and url:
        parts.append(f"Retrieved {f['access-date']}.")
    if "archive-url" in f:
        when = f" on {f['archive-date']}" if "archive-date" in f else ""
        parts.append(f"[{f['archive-url']} Archived]{when}.")
    return " ".join(parts) if parts else None


# -- the registry -------------------------------------------------------------------------------

_BUILTINS: dict[str, TemplateHandler] = {
    "convert": _convert_handler, "cvt": _convert_handler,
    "lang": _lang, "langx": _langx, "transl": _transl, "transliteration": _transl,
    "ipa": _ipa, "ipac-en": _ipac, "ipa2": _ipa, "ipa-all": _ipa, "respell": _respell,
    "nowrap": _first, "nobr": _first, "nobreak": _first, "j": _first,
    "as of": _as_of, "circa": _circa, "c.": _circa,
    "abbr": _abbr, "abbreviation": _abbr, "sc": _first, "smallcaps": _first, "small caps": _first,
    "small": _small, "frac": _frac, "fraction": _frac, "sfrac": _frac,
    "birth date": _birth_date, "dob": _birth_date, "death date": _birth_date,
    "birth date and age": _birth_date_and_age, "bda": _birth_date_and_age,
    "death date and age": _death_date_and_age, "dda": _death_date_and_age,
    "start date": _start_date, "end date": _start_date, "start date and age": _birth_date_and_age,
    "flagicon": _nothing, "flag icon": _nothing, "flag": _flag, "flagcountry": _flag,
    "citation": _citation,
    "reflist": _reflist, "references": _reflist, "refbegin": _nothing, "refend": _nothing,
    "main": _hatnote("Main article", "Main articles"),
    "main article": _hatnote("Main article", "Main articles"),
    "see also": _hatnote("See also"), "further": _hatnote("Further information"),
    "further information": _hatnote("Further information"), "details": _hatnote("Further information"),
    "quote": _quote, "blockquote": _quote, "quotation": _quote, "cquote": _quote,
    "sfn": _sfn, "sfnp": _sfn, "sfnm": _sfn, "harvnb": _harvnb, "harvp": _harvnb, "harv": _harv,
    "harvtxt": _harvnb, "harvcoltxt": _harvnb, "harvard citation no brackets": _harvnb,
    "harvard citation": _harv, "harvard citation text": _harvnb, "efn": _efn, "efn-ua": _efn, "efn-lr": _efn, "refn": _refn,
    "rp": _rp,
    "citation needed": _inline_tag("citation needed"), "cn": _inline_tag("citation needed"),
    "fact": _inline_tag("citation needed"), "clarify": _inline_tag("clarification needed"),
    "when": _inline_tag("when?"), "by whom": _inline_tag("by whom?"), "who": _inline_tag("who?"),
    "dead link": _inline_tag("dead link"), "according to whom": _inline_tag("according to whom?"),
    "page needed": _inline_tag("page needed"), "which": _inline_tag("which?"),
    "where": _inline_tag("where?"), "failed verification": _inline_tag("failed verification"),
    "better source": _inline_tag("better source needed"), "better source needed": _inline_tag("better source needed"),
    "qualify evidence": _inline_tag("qualify evidence"), "vague": _inline_tag("vague"),
    "dubious": _inline_tag("dubious – discuss"), "original research inline": _inline_tag("original research?"),
    "verification needed": _inline_tag("verification needed"), "full citation needed": _inline_tag("full citation needed"),
    "specify": _inline_tag("specify"), "update inline": _inline_tag("needs update"),
    "weasel-inline": _inline_tag("weasel words"), "unreliable source?": _inline_tag("unreliable source?"),
    "verify source": _inline_tag("verification needed"), "disputed inline": _inline_tag("disputed – discuss"),
    "sister project links": _nothing, "bots": _nothing, "snds": _dash("&nbsp;– "),
    "hatnote": _hatnote_text, "for": _hatnote_text, "about": _hatnote_text, "other uses": _hatnote_text,
    "redirect": _hatnote_text, "distinguish": _hatnote_text,
    "clear": _nothing, "clear left": _nothing, "clear right": _nothing, "anchor": _nothing, "-": _nothing,
    "ndash": _dash("–"), "mdash": _dash("—"), "snd": _dash("&nbsp;– "), "spaced ndash": _dash("&nbsp;– "),
    "nbsp": _dash("&nbsp;"), "'s": _possessive, "'": _dash("'"), "coord": _coord,
    "chem": _chem, "nihongo": _nihongo, "val": _val, "e": _times_ten, "angbr": _angle_brackets,
    "mdashb": _dash("&nbsp;— "), "' \"": _dash("'&nbsp;\""), "\" '": _dash("\"&nbsp;'"),
    "uss": _ship("USS"), "hms": _ship("HMS"), "hmas": _ship("HMAS"), "hmcs": _ship("HMCS"),
    "rms": _ship("RMS"), "sms": _ship("SMS"), "ss": _ship("SS"),
}  # fmt: skip
for _code, _name in _LANGUAGES.items():
    _BUILTINS[f"lang-{_code}"] = _lang_xx(_code)
    _BUILTINS[f"ipa-{_code}"] = _ipa_xx(_code)
for _kind in ("web", "book", "journal", "news", "magazine", "encyclopedia", "report", "conference",
              "thesis", "press release", "av media", "episode", "map", "arxiv", "interview", "speech",
              "tweet", "video game", "patent", "court", "dictionary", "document", "podcast", "sign",
              "techreport", "mailing list", "newsgroup", "serial", "q", "gnis", "ietf", "doi", "pmid"):
    _BUILTINS[f"cite {_kind}"] = _citation
    _BUILTINS[f"vcite {_kind}"] = _citation
#: Families: any ``{{cite ...}}`` not listed above reads as a citation too; ``{{lang-grc-gre}}``
#: and ``{{IPA-pt-br}}`` read as their language's template.
_BUILTINS["lang-*"] = lambda call: _lang_xx(lookup_key(call.name)[5:].split("-")[0])(call)
_BUILTINS["ipa-*"] = lambda call: _ipa_xx(lookup_key(call.name)[4:].split("-")[0])(call)
_BUILTINS["cite *"] = _citation
#: Redirect categories (``{{R from CamelCase}}``) and page-wide settings (``{{Use dmy dates}}``)
#: show nothing on the page.
_BUILTINS["r *"] = _nothing
_BUILTINS["use *"] = _nothing
_BUILTINS["vcite *"] = _citation

#: Keys whose built-in handler gives ``""`` in plain text and Markdown whatever the call
#: (icons, hatnotes, page settings): a template that one of these handles shows nothing there,
#: so the text reader (``render._text_prose``) drops it without building its node.
TEXT_SILENT_KEYS = frozenset(
    [
        "flagicon", "flag icon", "refbegin", "refend", "main", "main article", "see also", "further",
        "further information", "details", "sister project links", "bots", "hatnote", "for", "about",
        "other uses", "redirect", "distinguish", "clear", "clear left", "clear right", "anchor", "-",
        "r *", "use *",
        # Inline notes (``_inline_tag``) and page numbers after a reference: HTML only.
        "citation needed", "cn", "fact", "clarify", "when", "by whom", "who", "dead link",
        "according to whom", "page needed", "which", "where", "failed verification", "better source",
        "better source needed", "qualify evidence", "vague", "dubious", "original research inline",
        "verification needed", "full citation needed", "specify", "update inline", "weasel-inline",
        "unreliable source?", "verify source", "disputed inline", "rp",
    ]
)  # fmt: skip


#: The node of the calls :func:`expand_plain_call` makes (built-in handlers read none).
_NO_NODE = Template()


def expand_plain_call(
    raw_name: str, args: str, handlers: Mapping[str, TemplateHandler], output: str, today: _dt.date | None
) -> tuple[bool, str | None]:
    """:func:`expand_call` for a template written ``{{raw_name args}}`` whose name is plain
    (no ``& % # : <``) and whose arguments (``args``: ``""`` or ``|a|b=c``) hold no braces or
    tags, no brackets but links without ``|`` or ``=``, and no line starting with ``=``, when
    the handler ``handlers`` gives for it is a built-in one
    (which reads no node): ``(True, what its node would give)``, without the node (each ``|``
    starts a part, the first ``=`` in one names it); ``(False, None)`` for any other handler
    (a registry's own may read ``call.node``: the node must be built)."""
    found = plain_builtin(raw_name, handlers)
    if found is None:
        return False, None
    return True, call_plain_builtin(found, args, output, today or _dt.datetime.now(_dt.UTC).date())


def plain_builtin(raw_name: str, handlers: Mapping[str, TemplateHandler]) -> tuple[str, TemplateHandler] | None:
    """The title and the handler ``handlers`` gives for a template of this plain name (see
    :func:`expand_plain_call`) when it is a built-in one, else None: what a caller that
    expands the same names again and again may remember, by name."""
    name = _plain_title(raw_name)
    key, handler = _find_handler(handlers, lookup_key(name))
    if handler is None or handler is not _BUILTINS.get(key):
        return None
    return name, handler


def call_plain_builtin(found: tuple[str, TemplateHandler], args: str, output: str, today: _dt.date) -> str | None:
    """What the built-in handler ``found`` (from :func:`plain_builtin`) gives for the plain
    arguments ``args`` (as :func:`expand_plain_call`)."""
    name, handler = found
    call = TemplateCall(_NO_NODE, output, today, name, _plain_params(args) if args else ())
    try:
        return handler(call)
    except Exception:  # as expand_call
        return None


def _plain_params(args: str) -> list[tuple[str, str, bool]]:
    """The parameters of plain arguments ``|a|b=c`` (see :func:`expand_plain_call`) as
    :func:`_node_params` gives a node's, for :class:`TemplateCall` to key: each ``|`` starts
    a part, the first ``=`` in one names it (its name trimmed), the others are numbered."""
    params: list[tuple[str, str, bool]] = []
    position = 0
    for part in args[1:].split("|"):
        key, eq, value = part.partition("=")
        if eq:
            params.append((key.strip(), value, True))
        else:
            position += 1
            params.append((str(position), part, False))
    return params


def may_expand_in_text(handlers: Mapping[str, TemplateHandler], key: str) -> bool:
    """May ``handlers`` (without user handlers) expand a template of this :func:`lookup_key`
    into text?  Not when it has no handler for it (as :func:`expand_call` finds one), nor when
    that handler is a built-in one of :data:`TEXT_SILENT_KEYS`."""
    key, handler = _find_handler(handlers, key)
    return handler is not None and not (key in TEXT_SILENT_KEYS and handler is _BUILTINS.get(key))


#: The built-in handlers, by :func:`lookup_key`.  Read-only: pass a dict of your own (``{**BUILTIN_TEMPLATES, ...}``) to change it.
BUILTIN_TEMPLATES: Mapping[str, TemplateHandler] = MappingProxyType(_BUILTINS)


def expand_call(
    node: Template,
    handlers: Mapping[str, TemplateHandler] | None,
    extra: Mapping[str, TemplateHandler] | None,
    output: str,
    today: _dt.date | None = None,
    config: ParserConfig | None = None,
) -> str | None:
    """The wikitext a handler gives for ``node`` (None: no handler, or it could not tell).
    ``extra`` (the user's own, keys as written or as :func:`lookup_key`) come first;
    ``config`` says which namespace prefix names a template (``{{Vorlage:Lang|…}}``)."""
    if not handlers and not extra:
        return None
    name = template_name(node, config)
    key = lookup_key(name)
    handler = None
    if extra:
        handler = extra.get(key) or extra.get(name)
    if handler is None and handlers:
        handler = _find_handler(handlers, key)[1]
    if handler is None:
        return None
    call = TemplateCall(node, output, today or _dt.datetime.now(_dt.UTC).date(), name)
    try:
        return handler(call)
    except Exception:  # a user's handler must not break a render; ours are tested
        return None
