"""Runs Scribunto's LuaCommon ``*Tests.lua`` suites (fixtures/scribunto/) on our engine.

Scribunto's suites return ``testframework.getTestProvider(tests)``, a list of
``{name, func, args, expect, type}``.  Our stand-in ``Module:TestFramework`` returns the list
itself, and a runner module (Lua, below) calls each test in the sandbox and compares its
results with ``expect`` the way Scribunto's harness does: deep equality of the returned
values, ``type = 'ToString'`` compares ``tostring`` of each, ``type = 'Iterator'`` collects
the iterator's tuples, and a string ``expect`` means the call must fail with that message
(location prefix aside).  ``python3 tests/scribunto_suites.py`` prints passes per suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

from wikiparse.config import DEFAULT_CONFIG
from wikiparse.expand import SiteInfo
from wikiparse.lua.engine import ScribuntoEngine
from wikiparse.lua.host import ScriptError

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from lua_fakes import FakeFrame, FakeHost

SUITES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "scribunto"
SUITES = [
    "CommonTests", "TextLibraryTests", "UstringLibraryTests", "HtmlLibraryTests",
    "TitleLibraryTests", "UriLibraryTests", "LanguageLibraryTests", "SiteLibraryTests",
    "LibraryUtilTests", "HashLibraryTests",
]  # fmt: skip

TEST_FRAMEWORK = r"""
local tf = {}
-- true, or false with the path to the first difference and the two values there
local function deepEquals( a, b, seen, path )
	path = path or {}
	if type( a ) ~= type( b ) or type( a ) ~= 'table' then
		if a == b or ( a ~= a and b ~= b ) then
			return true
		end
		return false, path, a, b
	end
	seen = seen or {}
	if seen[a] == b then
		return true
	end
	seen[a] = b
	local keys = {}
	for k in pairs( a ) do
		keys[#keys + 1] = k
	end
	for k in pairs( b ) do
		if a[k] == nil then
			keys[#keys + 1] = k
		end
	end
	for _, k in ipairs( keys ) do
		local sub = { unpack( path ) }
		sub[#sub + 1] = k
		local ok, p, x, y = deepEquals( a[k], b[k], seen, sub )
		if not ok then
			return false, p, x, y
		end
	end
	return true
end
tf.deepEquals = deepEquals
function tf.getTestProvider( tests )
	return tests
end
return tf
"""

RUNNER = r"""
local tf = require( 'Module:TestFramework' )
local p = {}

local function pack( ... )
	return { n = select( '#', ... ), ... }
end

local function results( t )
	local args = t.args or {}
	if t.type == 'Iterator' then
		local out = {}
		local f, s, v = t.func( unpack( args, 1, table.maxn( args ) ) )
		while true do
			local r = pack( f( s, v ) )
			if r[1] == nil then
				break
			end
			v = r[1]
			r.n = nil
			out[#out + 1] = r
		end
		return out
	end
	local r = pack( t.func( unpack( args, 1, table.maxn( args ) ) ) )
	local n = r.n
	r.n = nil
	if t.type == 'ToString' then
		for i = 1, n do
			r[i] = tostring( r[i] )
		end
	end
	return r
end

local function show( v )
	if type( v ) == 'table' then
		local parts = {}
		for k, x in pairs( v ) do
			parts[#parts + 1] = tostring( k ) .. '=' .. show( x )
		end
		table.sort( parts )
		return '{' .. table.concat( parts, ',' ) .. '}'
	end
	return tostring( v )
end

function p.count( frame )
	mw.title.testPageId = 1
	return #require( 'Module:' .. frame.args[1] )
end

function p.run( frame )
	mw.title.testPageId = 1
	local tests = require( 'Module:' .. frame.args[1] )
	local out = {}
	local first = tonumber( frame.args[2] ) or 1
	for i = first, tonumber( frame.args[3] ) or #tests do
		local t = tests[i]
		local ok, got = pcall( results, t )
		local pass, detail
		if type( t.expect ) == 'string' then
			local msg = ok and '(no error)' or tostring( got )
			local bare = msg:gsub( '^[^\n]-:%d+: ', '' )
			pass = not ok and ( msg == t.expect or bare == t.expect )
			detail = msg
		else
			pass = ok and tf.deepEquals( got, t.expect )
			detail = ok and show( got ) or ( 'error: ' .. tostring( got ) )
		end
		out[#out + 1] = ( pass and 'PASS' or 'FAIL' ) .. '\t' .. tostring( t.name ) .. '\t' ..
			( pass and '' or ( detail:gsub( '[\t\n]', ' ' ) .. ' expected ' .. show( t.expect ):gsub( '[\t\n]', ' ' ) ) )
	end
	return table.concat( out, '\n' )
end
return p
"""

# Support pages the suites load (Scribunto's PHP test classes define them).
SUPPORT = {
    "Module:CommonTests-data": "local d = { ['true'] = true, ['false'] = false, NaN = 0/0, "
    "inf = 1/0, num = 12.5, str = 'foo bar', table = { 'one', 'two', 'three', foo = 'bar' } } "
    "d.t = d d.table2 = d.table return d",
    "Module:CommonTests-data-fail1": "return 'string'",
    "Module:CommonTests-data-fail2": "return { f = function() end }",
    "Module:CommonTests-data-fail3": "return setmetatable( {}, {} )",
    "Module:CommonTests-data-fail4": "return { [function() end] = 1 }",
    "Module:CommonTests-data-fail5": "return { [setmetatable( {}, {} )] = 1 }",
    "Module:CommonTests-data.json": '{"true":true,"false":false,"num":12.5,"str":"foo bar",'
    '"table":["one","two","three"]}',
}


#: The harness wiki's interwiki table has ``interwikiprefix`` (an external wiki).
SUITE_CONFIG = attrs.evolve(
    DEFAULT_CONFIG,
    interwiki_prefixes=DEFAULT_CONFIG.interwiki_prefixes | {"interwikiprefix"},
    interwiki_urls={
        **DEFAULT_CONFIG.interwiki_urls,
        "interwikiprefix": "//test.wikipedia.org/wiki/$1",
    },
)


class SuiteHost(FakeHost):
    """The wiki of Scribunto's PHPUnit harness: its server and paths (a site configuration,
    given to the engine as any host gives its wiki's)."""

    def lua_site(self) -> SiteInfo:
        return SiteInfo(
            sitename="Wikipedia", server="//wiki.local", script_path="/w", article_path="/wiki/$1"
        )


def run_suite(name: str) -> list[tuple[bool, str, str]]:
    """(passed, test name, detail) for each test of one suite."""
    pages = dict(SUPPORT)
    pages["Module:TestFramework"] = TEST_FRAMEWORK
    pages["Module:WikiparseSuiteRunner"] = RUNNER
    pages[f"Module:{name}"] = (SUITES_DIR / f"{name}.lua").read_text("utf-8")
    engine = ScribuntoEngine(
        SuiteHost(pages, title="Main Page"), cpu_seconds=60, expensive_limit=10, config=SUITE_CONFIG
    )
    runner = "Module:WikiparseSuiteRunner"
    try:
        count = int(engine.invoke(runner, "count", FakeFrame(runner, {1: name})))
    except ScriptError as exc:
        return [(False, "(suite failed to load)", str(exc))]
    rows = []
    for index in range(1, count + 1):
        engine.reset()  # each test is a page of its own, as in Scribunto's PHPUnit harness
        frame = FakeFrame(runner, {1: name, 2: str(index), 3: str(index)})
        try:
            line = engine.invoke(runner, "run", frame)
        except ScriptError as exc:
            line = f"FAIL\t(test {index})\t{exc}"
        status, test, detail = [*line.split("\t", 2), "", ""][:3]
        rows.append((status == "PASS", test, detail))
    return rows


def main() -> None:
    total = passed = 0
    verbose = "-v" in sys.argv
    for suite in SUITES:
        rows = run_suite(suite)
        ok = sum(1 for r in rows if r[0])
        total += len(rows)
        passed += ok
        print(f"{suite:28} {ok:4}/{len(rows):<4}")
        if verbose:
            for good, test, detail in rows:
                if not good:
                    print(f"    FAIL {test}: {detail[:300]}")
    print(f"{'overall':28} {passed:4}/{total:<4} ({100 * passed / max(total, 1):.1f}%)")


def known_failures() -> dict[str, list[str]]:
    """The failing test names per suite, as recorded in fixtures/scribunto/known_failures.json."""
    import json

    path = SUITES_DIR / "known_failures.json"
    data: dict[str, list[str]] = json.loads(path.read_text("utf-8"))
    return data


def record_known_failures() -> None:
    """Rewrite known_failures.json from a fresh run (after fixing something)."""
    import json

    data = {suite: sorted({t for ok, t, _ in run_suite(suite) if not ok}) for suite in SUITES}
    (SUITES_DIR / "known_failures.json").write_text(
        json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8"
    )


if __name__ == "__main__":
    if "--record" in sys.argv:
        record_known_failures()
    main()
