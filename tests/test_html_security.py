"""The HTML renderer's output is safe to serve: no script execution path, whatever the input.

Every vector is rendered and the output parsed with an HTML5 parser (html5lib, as a browser
would parse it); :func:`assert_safe` then walks the real element tree.  A hypothesis property
does the same for random wikitext built from markup pieces.
"""

from __future__ import annotations

import html
import re
from typing import Any

import html5lib  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikiparse
from wikiparse.render.html import to_html
from wikiparse.render.sanitizer import clean_css, is_safe_url, sanitize_attributes

_DANGEROUS_TAGS = frozenset(
    """script iframe object embed style base form frame frameset applet svg math template
    textarea xmp plaintext noscript isindex button select option marquee portal""".split()
)
_URL_ATTRS = frozenset(
    "href src action formaction xlink:href background poster cite data srcset itemtype "
    "itemid about resource dynsrc lowsrc".split()
)
_BAD_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|livescript|data|mocha):", re.I)
_BAD_CSS_RE = re.compile(
    r"expression|url\s*\(|javascript|vbscript|behavior|-moz-binding|image\s*\(|image-set", re.I
)
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\ufeff]+")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def assert_safe(markup: str) -> None:
    """Fail if the HTML5 parse of ``markup`` holds any way to run script."""
    root = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = _local(el.tag)
        assert tag not in _DANGEROUS_TAGS, f"<{tag}> element in {markup!r}"
        if tag in ("meta", "link"):
            assert "itemprop" in el.attrib and "http-equiv" not in el.attrib, markup
        if tag == "input":
            assert el.attrib.get("type") == "checkbox", markup
        for raw_name, value in el.attrib.items():
            name = _local(raw_name)
            assert not name.startswith("on"), f"{name}= in {markup!r}"
            assert name not in ("srcdoc", "formaction", "xmlns"), markup
            if name in _URL_ATTRS:
                probe = _INVISIBLE_RE.sub("", html.unescape(value))
                assert not _BAD_SCHEME_RE.match(probe), f"{name}={value!r} in {markup!r}"
            if name == "style":
                assert not _BAD_CSS_RE.search(value), f"style={value!r} in {markup!r}"


def _files(name: str, width: int | None) -> str:
    return f"https://upload.example/{name}"


VECTORS: list[str] = [
    # -- tags ---------------------------------------------------------------------------------
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    "<body onload=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<marquee onstart=alert(1)>x</marquee>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<textarea><script>alert(1)</script></textarea>",
    "<div/onmouseover='alert(1)'>x</div>",
    # -- attributes of allowed tags -----------------------------------------------------------
    "<div onmouseover=alert(1)>x</div>",
    '<span ONCLICK="alert(1)">x</span>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    '<div style="x:\\65xpression(alert(1))">x</div>',
    '<div style="background:u\\rl(javascript:alert(1))">x</div>',
    '<div style="behavior:url(x.htc)">x</div>',
    '<div style="-moz-binding:url(http://evil.example/x.xml#x)">x</div>',
    '<span style="x:/**/expression(alert(1))">x</span>',
    '<span style="&#x65;xpression(alert(1))">x</span>',
    '<span style="x:\uff45\uff58\uff50\uff52\uff45\uff53\uff53\uff49\uff4f\uff4e(alert(1))">x</span>',
    "<span style=\"background-image:image-set('javascript:alert(1)' 1x)\">x</span>",
    '<div style="x:expression\\28 alert(1)\\29">x</div>',
    '<div style="background:url&#40;javascript:alert(1)&#41;">x</div>',
    '<span style="color:red;}</style><script>alert(1)</script>">x</span>',
    "<div title='\"onmouseover=alert(1) x=\"'>x</div>",
    '<div id="x" formaction="javascript:alert(1)">x</div>',
    '<q cite="javascript:alert(1)">x</q>',
    '<blockquote cite="vbscript:msgbox(1)">x</blockquote>',
    '<span itemscope itemtype="javascript:alert(1)">x</span>',
    '<div xmlns="http://www.w3.org/1999/xhtml" onclick="alert(1)">x</div>',
    '{| onclick="alert(1)" style="background:url(javascript:alert(1))"\n|x\n|}',
    '{|\n|- onmouseover="alert(1)"\n| onclick="alert(1)" | cell\n|}',
    '{|\n| style="x:expression(alert(1))" | y\n|}',
    '{|\n|+ onclick="alert(1)" | caption\n|}',
    # -- URLs -----------------------------------------------------------------------------------
    "[javascript:alert(1) click]",
    "[[javascript:alert(1)]]",
    "[[:javascript:alert(1)|x]]",
    "[data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg== x]",
    "[vbscript:msgbox(1) y]",
    "[jav&#x09;ascript:alert(1) x]",
    '[http://example.com" onmouseover="alert(1) label]',
    "[http://example.com/<script>alert(1)</script> label]",
    'http://example.com/"onmouseover=alert(1)//',
    "http://example.com/'onmouseover='alert(1)'",
    '[[Foo" onmouseover="alert(1)]]',
    "[[Foo|<script>alert(1)</script>]]",
    "[[Foo|x]]<script>alert(1)</script>",
    # -- files --------------------------------------------------------------------------------
    "[[File:X.jpg|link=javascript:alert(1)]]",
    "[[File:X.jpg|link=vbscript:alert(1)|thumb|cap]]",
    '[[File:X.jpg|alt="><script>alert(1)</script>]]',
    "[[File:X.jpg|thumb|<img src=x onerror=alert(1)>]]",
    '[[File:X.jpg|class=" onload=alert(1)]]',
    '[[File:X.jpg|link=http://example.com" onmouseover="alert(1)]]',
    '[[File:"><script>alert(1)</script>.jpg]]',
    "<gallery>\nFile:X.jpg|<script>alert(1)</script>\nFile:Y.jpg|[javascript:alert(1) x]\n</gallery>",
    # -- extension tags, headings, entities ---------------------------------------------------
    "<ref name='\"><script>alert(1)</script>'>x</ref><references/>",
    '<ref group="<script>alert(1)</script>">x</ref><references group="<script>alert(1)</script>"/>',
    "<math><script>alert(1)</script></math>",
    "<syntaxhighlight lang='\"><script>alert(1)</script>'>x</syntaxhighlight>",
    "<pre><script>alert(1)</script></pre>",
    "<pre onmouseover=alert(1)>x</pre>",
    "<nowiki><script>alert(1)</script></nowiki>",
    "<poem><script>alert(1)</script></poem>",
    "==<script>alert(1)</script>==",
    '== "onmouseover=alert(1) x= ==',
    "__TOC__\n==a<img src=x onerror=alert(1)>==\n==b==\n==c==\n==d==",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    '<span title="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;">x</span>',
    "{{tpl|<script>alert(1)</script>}}",
    "{{{1|<script>alert(1)</script>}}}",
    '#REDIRECT [[Foo"><script>alert(1)</script>]]',
    "ISBN 0<script>alert(1)</script>",
]


def test_at_least_sixty_vectors() -> None:
    assert len(VECTORS) >= 60


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_safe(vector: str) -> None:
    out = to_html(vector, title="Test", file_url=_files)
    assert_safe(out)


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_safe_with_placeholders_and_second_line(vector: str) -> None:
    page = to_html(vector, templates="placeholder", standalone=True)
    head, _, body = page.partition('<div class="mw-content-ltr mw-parser-output" lang="en" dir="ltr">')
    assert body
    assert "<script" not in page.lower() and head.lower().count("<style") == 1
    assert_safe(body)
    assert_safe(to_html(vector, nh3=True, tidy=True))


def test_hostile_title_and_callbacks() -> None:
    def bad_url(name: str, width: int | None) -> str:
        return "javascript:alert(1)"

    def boom(title: str) -> bool:
        raise RuntimeError("callback failed")

    out = to_html(
        "==a==\n[[File:X.jpg|thumb|c]] [[Foo]]",
        title='"><script>alert(1)</script>',
        page_exists=boom,
        file_url=bad_url,
    )
    assert_safe(out)


def test_script_is_shown_as_text() -> None:
    out = to_html("<script>alert(1)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_event_handler_dropped_but_tag_kept() -> None:
    out = to_html('<span class="x" onclick="alert(1)">y</span>')
    assert '<span class="x">y</span>' in out


@pytest.mark.parametrize(
    ("css", "safe"),
    [
        ("color: red", True),
        ("width: expression(alert(1))", False),
        ("background: url(http://x)", False),
        ("x: \\65 xpression(1)", False),
        ("x: e/**/xpression(1)", False),
        ("color: red; /* unterminated", True),
    ],
)
def test_clean_css(css: str, safe: bool) -> None:
    cleaned = clean_css(css)
    assert (cleaned != "/* insecure input */") is safe
    assert not _BAD_CSS_RE.search(cleaned)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://example.com", True),
        ("//example.com/x", True),
        ("/wiki/Foo", True),
        ("#frag", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        (" javascript:alert(1)", False),
        ("mailto:a@b.c", True),
    ],
)
def test_url_allow_list(url: str, ok: bool) -> None:
    assert is_safe_url(url) is ok


def test_attribute_allow_list_per_tag() -> None:
    kept = dict(sanitize_attributes("td", 'colspan="2" onclick="x" foo="y" data-x="1" data-mw="z"'))
    assert kept == {"colspan": "2", "data-x": "1"}


# -- property: random wikitext never yields a script path ------------------------------------

_PIECES = [
    "{{",
    "}}",
    "{{{",
    "}}}",
    "[[",
    "]]",
    "[",
    "]",
    "|",
    "||",
    "!!",
    "=",
    "==",
    "''",
    "'''",
    "\n",
    "\n*",
    "\n#",
    "\n:",
    "\n;",
    "\n ",
    "\n{|",
    "\n|-",
    "\n|}",
    "\n!",
    "\n|+",
    "----",
    "<ref>",
    "</ref>",
    "<references/>",
    "<nowiki>",
    "</nowiki>",
    "<pre>",
    "</pre>",
    "<div",
    "<span",
    "</div>",
    "</span>",
    ">",
    "/>",
    '"',
    "'",
    " ",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "onclick=",
    "onmouseover=",
    "style=",
    "javascript:",
    "alert(1)",
    "expression(",
    "url(",
    "&#",
    "&amp;",
    "&lt;",
    "x",
    "File:",
    "Category:",
    "http://",
    "//",
    "href=",
    "src=",
    "<img",
    "<a ",
    "<svg",
    "<math>",
    "</math>",
    "<poem>",
    "<gallery>",
    "</gallery>",
    "__TOC__",
    "\\",
    "&#106;",
    "thumb",
    "link=",
    "alt=",
]


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=40))
def test_random_wikitext_is_safe(pieces: list[str]) -> None:
    text = "".join(pieces)
    out = to_html(text, file_url=_files, templates="placeholder")
    assert_safe(out)


def test_vectors_parse_without_diagnostics_crash() -> None:
    for vector in VECTORS:
        doc: Any = wikiparse.parse(vector)
        assert str(doc) == vector
