"""The Scribunto engine: frame API, mw libraries, sandbox limits, and CS1 against MediaWiki."""

from __future__ import annotations

import bz2
import json
from pathlib import Path
from typing import Any

import pytest

from lua_fakes import FakeFrame, FakeHost
from wikiparse.lua.engine import ScribuntoEngine, lua_error_message
from wikiparse.lua.host import ScriptError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lua"

MODULE = r"""
local p = {}
function p.args(frame) return (frame.args[1] or '?') .. '/' .. (frame.args.x or '?') end
function p.parent(frame) return frame:getParent().args[1] .. frame:getParent():getTitle() end
function p.types(frame)
  return type(frame.getParent) .. type(frame.args) .. type(mw.getCurrentFrame) .. type(frame.expandTemplate)
end
function p.pairs(frame)
  local t = {} for k, v in pairs(frame.args) do t[#t + 1] = tostring(k) .. '=' .. v end
  table.sort(t) return table.concat(t, ',')
end
function p.tmpl(frame) return frame:expandTemplate{title = 'X', args = {'a', b = 'c'}} end
function p.pp(frame) return frame:preprocess('{{x}}') .. frame:callParserFunction('#if', 'a', 'b') end
function p.tag(frame) return frame:extensionTag('ref', 'body') end
function p.child(frame) return frame:newChild{title = 'C', args = {'z'}}.args[1] end
function p.nilcall() local x = nil; return x() end
function p.req() return require('Module:Lib').x .. mw.loadData('Module:Data').y end
function p.ro() local d = mw.loadData('Module:Data'); d.y = 1 end
function p.ustring()
  return mw.ustring.gsub('héllo wörld', '%a+', string.upper) .. mw.ustring.len('héllo')
    .. mw.ustring.match('ab12', '%d+') .. mw.ustring.sub('日本語', 2, 2)
end
function p.html()
  return tostring(mw.html.create('div'):addClass('a'):css('color', 'red'):wikitext('x'):tag('br'):done())
end
function p.title()
  local t = mw.title.new('talk:foo_bar#x')
  return t.prefixedText .. '|' .. t.fullText .. '|' .. tostring(t.exists) .. '|' .. mw.title.getCurrentTitle().text
end
function p.text()
  return mw.text.trim('  a b  ') .. mw.text.nowiki('[[x]]') .. mw.text.jsonEncode({1, 2})
    .. table.concat(mw.text.split('a,b,c', ','), ';')
end
function p.lang()
  local l = mw.getContentLanguage()
  return l:formatNum(1234567.5) .. ' ' .. l:formatDate('j F Y', '2020-03-05') .. ' ' .. l:ucfirst('élan')
end
function p.misc()
  return tostring(mw.wikibase) .. mw.hash.hashValue('md5', 'a') .. mw.uri.encode('a b&c') .. mw.site.siteName
end
function p.leak() x_global = (x_global or 0) + 1 return x_global end
function p.osx() return os.execute('ls') end
function p.ioopen() return io.open('/etc/passwd') end
function p.reqos() return require('os').execute('ls') end
function p.sethook() return debug.sethook() end
function p.load() return loadstring('return 1')() end
function p.dump() return ('x').dump(function() end) end
function p.rep() local s = string.rep('x', 1e9) return #s end
function p.grow() local t = {} for i = 1, 1e8 do t[i] = tostring(i) .. 'abcdefgh' end return #t end
function p.loop() while true do end end
function p.pcallloop() while true do pcall(function() while true do end end) end end
function p.recursion() local function f(n) return 1 + f(n + 1) end return f(1) end
function p.python() return python.eval('1') end
function p.getfenv() return getfenv(mw.text.trim) end
return p
"""


def make_engine(**kwargs: Any) -> tuple[ScribuntoEngine, FakeFrame]:
    host = FakeHost(
        {"Module:Test": MODULE, "Module:Lib": "return {x = 'L'}", "Module:Data": "return {y = 'D'}"}
    )
    engine = ScribuntoEngine(host, **kwargs)
    parent = FakeFrame("Template:T", {1: "P1"})
    return engine, FakeFrame("Module:Test", {1: "one", "x": "X"}, parent)


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("args", "one/X"),
        ("parent", "P1Template:T"),
        ("types", "functiontablefunctionfunction"),
        ("pairs", "1=one,x=X"),
        ("tmpl", "[T:X|1=a|b=c]"),
        ("pp", "[PP:{{x}}][PF:#if|a|b]"),
        ("tag", "<ref>body</ref>"),
        ("child", "z"),
        ("req", "LD"),
        ("ustring", "HéLLO WöRLD512本"),
        ("html", '<div class="a" style="color:red">x<br /></div>'),
        ("title", "Talk:Foo bar|Talk:Foo bar#x|false|Test page"),
        ("text", "a b&#91;&#91;x&#93;&#93;[1,2]a;b;c"),
        ("lang", "1,234,567.5 5 March 2020 Élan"),
        ("misc", "nil0cc175b9c0f1b6a831c399e269772661a+b%26cWikipedia"),
    ],
)
def test_frame_api_and_libraries(function: str, expected: str) -> None:
    engine, frame = make_engine()
    assert engine.invoke("Module:Test", function, frame) == expected


@pytest.mark.parametrize(
    ("module", "function", "message"),
    [
        ("Module:Nope", "f", 'Script error: No such module "Nope".'),
        ("Module:Module:Test", "args", 'Script error: No such module "Module:Test".'),
        ("Module:Test", "missing", 'Script error: The function "missing" does not exist.'),
        # MediaWiki looks an empty name up like any other (Module:Unsubst exports p[''])
        ("Module:Test", "", 'Script error: The function "" does not exist.'),
        (
            "Module:Test",
            "nilcall",
            "Lua error in Module:Test at line 16: attempt to call local 'x' (a nil value).",
        ),
        (
            "Module:Test",
            "ro",
            "Lua error in Module:Test at line 18: table from mw.loadData is read-only.",
        ),
    ],
)
def test_script_errors(module: str, function: str, message: str) -> None:
    engine, frame = make_engine()
    with pytest.raises(ScriptError) as info:
        engine.invoke(module, function, frame)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("function", "fragment"),
    [
        ("osx", "attempt to call field 'execute' (a nil value)"),
        ("ioopen", "attempt to index global 'io' (a nil value)"),
        ("reqos", "attempt to call field 'execute' (a nil value)"),
        ("sethook", "attempt to call field 'sethook' (a nil value)"),
        ("load", "attempt to call global 'loadstring' (a nil value)"),
        ("dump", "attempt to call field 'dump' (a nil value)"),
        ("python", "attempt to index global 'python' (a nil value)"),
        ("getfenv", "attempt to call global 'getfenv' (a nil value)"),
        ("rep", "The amount of memory allowed for running scripts has been exceeded"),
        ("grow", "The amount of memory allowed for running scripts has been exceeded"),
        ("loop", "The time allocated for running scripts has expired"),
        ("pcallloop", "The time allocated for running scripts has expired"),
        ("recursion", "stack overflow"),
    ],
)
def test_sandbox_turns_attacks_into_script_errors(function: str, fragment: str) -> None:
    engine, frame = make_engine(cpu_seconds=0.5, memory_bytes=20 * 2**20)
    with pytest.raises(ScriptError) as info:
        engine.invoke("Module:Test", function, frame)
    assert fragment in str(info.value)
    engine.reset()  # the next page gets a fresh state and budget
    assert engine.invoke("Module:Test", "args", frame) == "one/X"


def test_timeout_is_per_page() -> None:
    engine, frame = make_engine(cpu_seconds=0.3)
    with pytest.raises(ScriptError):
        engine.invoke("Module:Test", "loop", frame)
    with pytest.raises(ScriptError, match="time allocated"):
        engine.invoke("Module:Test", "args", frame)


def test_memory_error_leaves_the_engine_usable_on_the_same_page() -> None:
    engine, frame = make_engine(memory_bytes=20 * 2**20)
    with pytest.raises(ScriptError, match="amount of memory"):
        engine.invoke("Module:Test", "rep", frame)
    assert engine.invoke("Module:Test", "args", frame) == "one/X"


def test_globals_do_not_leak_between_invokes_or_pages() -> None:
    engine, frame = make_engine()
    assert engine.invoke("Module:Test", "leak", frame) == "1"
    assert engine.invoke("Module:Test", "leak", frame) == "1"
    engine.reset()
    assert engine.invoke("Module:Test", "leak", frame) == "1"


def test_bare_invoke_names_are_modules() -> None:
    engine, frame = make_engine()
    assert engine.invoke("test", "args", frame) == "one/X"
    with pytest.raises(ScriptError, match='No such module "Nope"'):
        engine.invoke("Nope", "f", frame)


def test_lua_error_message_format() -> None:
    assert lua_error_message("Module:X:3: boom") == "Lua error in Module:X at line 3: boom."
    assert lua_error_message("plain") == "Lua error: plain."


def _cs1() -> dict[str, Any]:
    with bz2.open(FIXTURES / "cs1.json.bz2", "rt", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


class _TagFrame(FakeFrame):
    def extension_tag(self, name: str, content: str, attrs: Any) -> str:
        attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
        return f"<{name}{attributes}>{content}</{name}>"


@pytest.mark.parametrize("case", range(3))
def test_cite_web_matches_mediawiki(case: int) -> None:
    """Module:Citation/CS1 from English Wikipedia gives MediaWiki's own output."""
    data = _cs1()
    engine = ScribuntoEngine(FakeHost(data["modules"], title="Test"))
    expected = data["cases"][case]
    parent = _TagFrame("Template:Cite web", expected["args"])
    frame = _TagFrame("Module:Citation/CS1", {"CitationClass": "web"}, parent)
    assert engine.invoke("Module:Citation/CS1", "citation", frame) == expected["expanded"]


BACKTRACKING = r"""
local p = {}
local s = ('ab c,d'):rep(200) .. ' end'
local patterns = { '%a+', '(%w+) (%w+)', '^(.-)%s*$', '%s*(.-)%s*,', '()c', '[%p]+', 'e.d$',
  '%f[%w]%w+', '%b()' }
function p.check()
  local out = {}
  for _, pat in ipairs(patterns) do
    out[#out + 1] = table.concat({tostring(string.find(s, pat))}, '|')
    out[#out + 1] = tostring((string.match(s, pat)))
    local g, n = string.gsub(s, pat, '<%0>')
    out[#out + 1] = #g .. ':' .. n .. ':' .. g:sub(1, 40)
    local g2, n2 = string.gsub(s, pat, function(x) return tostring(x):upper() end)
    out[#out + 1] = #g2 .. ':' .. n2 .. g2:sub(-20)
    local k = 0 for a in string.gmatch(s, pat) do k = k + 1 end
    out[#out + 1] = 'gmatch' .. k
  end
  return table.concat(out, '\n')
end
function p.bomb() return tostring(string.find(('a'):rep(20000), '(.-)(.-)(.-)(.-)%4%3%2%1b')) end
return p
"""


def test_long_pattern_matches_leave_c_and_agree_with_it() -> None:
    """Where C matching could backtrack unboundedly the match runs in Python: same results."""
    import lupa.lua51 as lua51  # type: ignore[import-untyped]

    plain = lua51.LuaRuntime().execute(BACKTRACKING)
    engine = ScribuntoEngine(FakeHost({"Module:P": BACKTRACKING}))
    ours = engine.invoke("Module:P", "check", FakeFrame("Module:P"))
    assert ours == plain.check()


def test_backtracking_bomb_is_a_script_error_or_an_answer() -> None:
    engine = ScribuntoEngine(FakeHost({"Module:P": BACKTRACKING}), cpu_seconds=1)
    try:
        result = engine.invoke("Module:P", "bomb", FakeFrame("Module:P"))
    except ScriptError as exc:
        assert "too long" in str(exc) or "time allocated" in str(exc)
    else:
        assert result == "nil"


class _NestingFrame(FakeFrame):
    """``frame:preprocess`` runs another #invoke in the same engine, as the expander would."""

    engine: ScribuntoEngine

    def preprocess(self, text: str) -> str:
        try:
            return self.engine.invoke("Module:Test", text, FakeFrame("Module:Test", {1: "in"}))
        except ScriptError as exc:
            return f"<{exc}>"


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("args", "in/?|one/X"),
        (
            "nilcall",
            "<Lua error in Module:Test at line 16: attempt to call local 'x' (a nil value).>|one/X",
        ),
    ],
)
def test_nested_invokes_share_the_engine(inner: str, expected: str) -> None:
    host = FakeHost(
        {
            "Module:Test": MODULE,
            "Module:Outer": "return {f = function(frame) "
            "return frame:preprocess(frame.args.inner) .. '|' .. "
            "frame:getParent().args[1] .. '/' .. frame:getParent().args.x end}",
        }
    )
    engine = ScribuntoEngine(host)
    frame = _NestingFrame("Module:Outer", {"inner": inner}, FakeFrame("T", {1: "one", "x": "X"}))
    frame.engine = engine
    assert engine.invoke("Module:Outer", "f", frame) == expected


MARKER = "\x7f'\"`UNIQ--nowiki-00000001-QINU`\"'\x7f"


class _StripHost(FakeHost):
    def unstrip_nowiki(self, text: str) -> str:
        return text.replace(MARKER, "NoWiki")

    def unstrip_general(self, text: str) -> str:
        return text.replace(MARKER, "All")


@pytest.mark.parametrize(
    ("host_class", "expected"), [(FakeHost, f"a{MARKER}b|ab|ab"), (_StripHost, "aNoWikib|aAllb|ab")]
)
def test_strip_markers(host_class: type[FakeHost], expected: str) -> None:
    module = (
        "return {f = function(frame) local s = frame.args[1] return mw.text.unstripNoWiki(s) "
        ".. '|' .. mw.text.unstrip(s) .. '|' .. mw.text.killMarkers(s) end}"
    )
    engine = ScribuntoEngine(host_class({"Module:S": module}))
    assert engine.invoke("Module:S", "f", FakeFrame("Module:S", {1: f"a{MARKER}b"})) == expected


def test_error_object_with_endless_tostring_times_out() -> None:
    module = (
        "return {f = function() error(setmetatable({}, "
        "{__tostring = function() while true do end end})) end}"
    )
    engine = ScribuntoEngine(FakeHost({"Module:E": module}), cpu_seconds=0.3)
    with pytest.raises(ScriptError, match="time allocated"):
        engine.invoke("Module:E", "f", FakeFrame("Module:E"))


def test_diagnostics_log_and_limit_report() -> None:
    engine, frame = make_engine()
    with pytest.raises(ScriptError):
        engine.invoke("Module:Test", "nilcall", frame)
    engine.run_chunk("mw.log('hello', 1) mw.logObject({1}, 'x')", "log", frame)
    assert engine.diagnostics == [
        "Module:Test|nilcall: Lua error in Module:Test at line 16: attempt to call local 'x' "
        "(a nil value)."
    ]
    assert engine.log == ["hello\t1", "x = table#1 {\n    1,\n}"]
    report = engine.limit_report()
    assert 0 < report["memory_bytes"] < report["memory_limit"]
    assert 0 <= report["cpu_seconds"] < report["cpu_limit"]
    engine.reset()
    assert engine.diagnostics == [] and engine.log == []


def test_module_code_sees_only_lua_values() -> None:
    """No userdata anywhere in the environment (a Python callable would show up as one)."""
    walk = r"""
    local seen, bad = {}, {}
    local function walk(v, path)
      local t = type(v)
      if t == 'userdata' or t == 'thread' then bad[#bad + 1] = path end
      if t == 'table' and not seen[v] then
        seen[v] = true
        for k, x in next, v do walk(x, path .. '.' .. tostring(k)) end
        local mt = getmetatable(v)
        if type(mt) == 'table' then walk(mt, path .. '<mt>') end
      end
    end
    walk(_G, '_G')
    local frame = mw.getCurrentFrame()
    walk(frame, 'frame')
    walk(frame:getParent(), 'parent')
    walk(mw.title.getCurrentTitle(), 'title')
    walk(mw.html.create('div'), 'html')
    walk(mw.uri.new('http://x.org/?a=1'), 'uri')
    return table.concat(bad, ',')
    """
    engine, frame = make_engine()
    assert engine.run_chunk(walk, "walk", frame) == [b""]
