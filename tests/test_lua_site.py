"""What Lua modules see of the wiki: its site facts, interwiki titles, the bitwise libraries and
module redirects, run through :class:`wikiparse.Wiki` as a page would run them."""

from __future__ import annotations

import pytest

import wikiparse
from wikiparse.expand import SiteInfo

MODULE = """
local p = {}
function p.url(frame) return tostring(mw.uri.fullUrl(frame.args[1])) .. ' ' .. mw.site.server end
function p.title(frame)
    local t = mw.title.new(frame.args[1])
    return table.concat({t.interwiki, t.prefixedText, tostring(t.isLocal), t:fullUrl()}, '|')
end
function p.bits() local bit, bit32 = require('bit'), require('bit32')
    return bit32.band(12, 10) .. ' ' .. bit32.bxor(5, 3) .. ' ' .. bit32.lshift(1, 31) .. ' '
        .. bit32.arshift(0x80000000, 4) .. ' ' .. bit32.rrotate(1, 1) .. ' ' .. bit32.bnot(0)
        .. ' ' .. bit.bor(1, bit.bor(2, 4)) .. ' ' .. bit.blshift(3, 2) .. ' '
        .. require('hex').to_hex(255)
end
function p.bad() local x = require('bit32').band('x') return x end
function p.target(frame)
    local t = mw.title.new(frame.args[1]).redirectTarget
    return t and t.prefixedText or 'none'
end
return p
"""


@pytest.fixture(scope="module")
def wiki() -> wikiparse.Wiki:
    pages = {"Module:M": MODULE, "Module:Alias": "return require [[Module:M]]"}
    site = SiteInfo(server="https://example.org", article_path="/wiki/$1")
    return wikiparse.Wiki(pages=pages, site=site)


def test_urls_follow_the_wiki_site(wiki: wikiparse.Wiki) -> None:
    assert wiki.expand("{{#invoke:M|url|A b}}") == "//example.org/wiki/A_b https://example.org"


def test_interwiki_titles(wiki: wikiparse.Wiki) -> None:
    got = wiki.expand("{{#invoke:M|title|wikt:foo bar}}")
    assert got == "wikt|wikt:foo bar|false|https://en.wiktionary.org/wiki/foo_bar"
    assert wiki.expand("{{#invoke:M|title|Help:x}}").startswith("|Help:X|true|")


def test_bitwise_libraries(wiki: wikiparse.Wiki) -> None:
    assert wiki.expand("{{#invoke:M|bits}}") == (
        "8 6 2147483648 4160749568 2147483648 4294967295 7 12 0xFF"
    )


def test_library_errors_name_the_caller(wiki: wikiparse.Wiki) -> None:
    assert "Lua error in Module:M at line 14: bad argument #1 to &#039;band&#039;" in (
        wiki.expand("{{#invoke:M|bad}}")
    )


def test_module_redirects(wiki: wikiparse.Wiki) -> None:
    assert wiki.expand("{{#invoke:M|target|Module:Alias}}") == "Module:M"
    assert wiki.expand("{{#invoke:M|target|Module:M}}") == "none"
    assert wiki.expand("{{#invoke:Alias|target|Module:Alias}}") == "Module:M"
