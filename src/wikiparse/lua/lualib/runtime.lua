-- wikiparse: the sandboxed Scribunto-compatible runtime (MIT licence, written for wikiparse).
--
-- Python runs this chunk once per fresh Lua state with one argument: the bridge, a Python
-- callable.  The bridge lives only in this chunk's locals; module code runs in environments
-- built from an allow-list and never sees it, `debug`, `io`, the real `os` or the real `_G`.
-- The chunk returns a table of Lua functions that Python calls: invoke, setBudget, stats.

local bridge = ...

-- Everything the sandbox needs from the real globals, captured before they are hidden.
local type, pairs, ipairs, next, error, pcall, xpcall, select, unpack, tostring, tonumber =
	type, pairs, ipairs, next, error, pcall, xpcall, select, unpack, tostring, tonumber
local setmetatable, getmetatable, rawget, rawset, rawequal, assert =
	setmetatable, getmetatable, rawget, rawset, rawequal, assert
local loadstring, setfenv = loadstring, setfenv
local sethook, traceback, getinfo = debug.sethook, debug.traceback, debug.getinfo
local clock, osdate, ostime, difftime = os.clock, os.date, os.time, os.difftime
local string, table, math = string, table, math
local huge = math.huge
local strfind, strsub, strformat, strmatch = string.find, string.sub, string.format, string.match
local concat, insert = table.concat, table.insert

-- `string` is shared with every string's metatable: nothing in it may produce bytecode.
string.dump = nil

---------------------------------------------------------------------------------------------
-- Limits.  A count hook checks the CPU clock every few thousand VM instructions; once the
-- budget is spent it raises on every check, and the sandbox's pcall/xpcall re-raise, so
-- module code cannot swallow the timeout.  The memory limit is lupa's allocator limit;
-- "not enough memory" is re-raised the same way.
---------------------------------------------------------------------------------------------
local deadline = huge
local killed = false
local TIMEOUT = 'wikiparse:timeout'
local OOM = 'wikiparse:oom'

local function hook()
	if killed then
		error( killed, 0 )
	end
	if clock() > deadline then
		killed = TIMEOUT
		error( TIMEOUT, 0 )
	end
end
sethook( hook, '', 1000 )

local function rethrowIfKilled( ok, ... )
	if killed then
		error( killed, 0 )
	end
	if not ok and ... == 'not enough memory' then
		killed = OOM
		error( OOM, 0 )
	end
	return ok, ...
end

local function safePcall( f, ... )
	return rethrowIfKilled( pcall( f, ... ) )
end

local function safeXpcall( f, handler )
	return rethrowIfKilled( xpcall( f, function ( e )
		if killed or e == 'not enough memory' then
			return e
		end
		return handler( e )
	end ) )
end

---------------------------------------------------------------------------------------------
-- The bridge to Python, wrapped in Lua closures (module code sees only Lua functions).
-- Python answers (true, results...) or (false, message).  Time spent in Python does not
-- count against the Lua budget: the deadline moves by the time the call took.
---------------------------------------------------------------------------------------------
local hostOps = {
	getExpandedArgument = true, getAllExpandedArguments = true, expandTemplate = true,
	callParserFunction = true, extensionTag = true, preprocess = true,
}

local function bridgeResult( level, t0, ok, ... )
	if t0 then
		deadline = deadline + ( clock() - t0 )
	end
	if killed then
		error( killed, 0 )
	end
	if ok then
		return ...
	end
	error( ..., level )
end

local function makeCaller( op, level )
	level = level or 3
	if hostOps[op] then
		return function ( ... )
			return bridgeResult( level, clock(), bridge( op, ... ) )
		end
	end
	return function ( ... )
		return bridgeResult( level, false, bridge( op, ... ) )
	end
end

local php = setmetatable( {}, {
	__index = function ( t, op )
		local f = makeCaller( op )
		rawset( t, op, f )
		return f
	end,
} )

---------------------------------------------------------------------------------------------
-- tostring without pointers, deep clone (as Scribunto's mw.clone).
---------------------------------------------------------------------------------------------
local nonPointer = { number = true, string = true, boolean = true, ['nil'] = true }
local function safeTostring( v )
	local mt = getmetatable( v )
	if mt and mt.__tostring then
		return mt.__tostring( v )
	end
	if nonPointer[type( v )] then
		return tostring( v )
	end
	return type( v )
end

local function clone( val, refs )
	refs = refs or {}
	local function rec( v )
		if type( v ) ~= 'table' then
			return v
		end
		if refs[v] then
			return refs[v]
		end
		local ret = {}
		refs[v] = ret
		for k, x in pairs( v ) do
			ret[rec( k )] = rec( x )
		end
		local mt = getmetatable( v )
		if mt ~= nil then
			setmetatable( ret, rec( mt ) )
		end
		return ret
	end
	return rec( val )
end

-- pairs/ipairs that honour __pairs/__ipairs (Lua 5.2 behaviour Scribunto adds).
local rawpairs, rawipairs = pairs, ipairs
local function mwPairs( t )
	local mt = getmetatable( t )
	local f, s, v = ( mt and mt.__pairs or rawpairs )( t )
	return f, s, v
end
local function mwIpairs( t )
	local mt = getmetatable( t )
	local f, s, v = ( mt and mt.__ipairs or rawipairs )( t )
	return f, s, v
end

-- unpack with Scribunto's guard against huge result counts (errors name it 'old_unpack',
-- as Scribunto's do).
local old_unpack = unpack
local function safeUnpack( t, i, j )
	if type( t ) == 'table' then
		local iv, jv = i or 1, j or #t
		if type( iv ) == 'number' and type( jv ) == 'number' and
			( math.abs( iv ) > 2147483647 or math.abs( jv ) > 2147483647 or jv - iv > 8000 ) then
			error( 'too many results to unpack', 2 )
		end
	end
	return old_unpack( t, i, j )
end

-- string.rep guarded so that a huge repeat count fails fast instead of looping in C.
local strrep = string.rep
string.rep = function ( s, n, ... )
	if type( n ) == 'number' and type( s ) ~= 'table' then
		local len = #tostring( s )
		if n > 0 and ( len == 0 and n > 1e8 or len * n > 100 * 2 ^ 20 ) then
			error( 'not enough memory', 0 )
		end
	end
	return strrep( s, n, ... )
end

-- C pattern matching cannot be interrupted by the count hook, and Lua patterns backtrack:
-- `string.find( s, '.-.-.-x' )` on a long s would run for hours inside one C call.  When the
-- subject is long enough for the pattern's quantifiers to make that possible, the match
-- runs in Python instead (the same semantics, with a time limit).
local cfind, cmatch, cgmatch, cgsub = string.find, string.match, string.gmatch, string.gsub

local function risky( s, p )
	local n = #s
	if n < 40 or not cfind( p, '[%*%+%-%?%%]' ) then
		return false
	end
	local _, q = cgsub( p, '[%*%+%-%?]', '' )
	local _, b = cgsub( p, '%%b', '' )
	q = q + b
	return q > 0 and n ^ ( q + 1 ) > 1e8
end

local function slowCase( s, p )
	return type( s ) == 'string' and type( p ) == 'string' and risky( s, p )
end

string.find = function ( s, p, init, plain )
	if plain or not slowCase( s, p ) then
		return cfind( s, p, init, plain )
	end
	return php.stringSlow( 'find', s, p, init, nil )
end

string.match = function ( s, p, init )
	if not slowCase( s, p ) then
		return cmatch( s, p, init )
	end
	return php.stringSlow( 'match', s, p, init, nil )
end

string.gmatch = function ( s, p )
	if not slowCase( s, p ) then
		return cgmatch( s, p )
	end
	local all = php.stringSlow( 'gmatch', s, p, nil, nil )
	local k = 0
	return function ()
		k = k + 1
		local m = all[k]
		if m then
			return unpack( m )
		end
	end
end

-- The result of a gsub whose replacement is a table or a function, from the text between the
-- matches (`pieces`) and the captures of each match (`found`): shared by string.gsub's slow
-- path and mw.ustring.gsub.  Errors name the caller of gsub (level 3; gsub must not tail-call
-- this, or that frame would be gone).
local function gsubReplace( pieces, found, repl, tr )
	local out = { pieces[1] }
	for k = 1, #found do
		local m = found[k]
		local v
		if tr == 'table' then
			v = repl[m[2] == nil and m[1] or m[2]]
		elseif #m > 1 then
			v = repl( unpack( m, 2 ) )
		else
			v = repl( m[1] )
		end
		if v == nil or v == false then
			v = m[1]
		elseif type( v ) ~= 'string' and type( v ) ~= 'number' then
			error( 'invalid replacement value (a ' .. type( v ) .. ')', 3 )
		end
		out[#out + 1] = v
		out[#out + 1] = pieces[k + 1]
	end
	return concat( out ), #found
end

string.gsub = function ( s, p, repl, n )
	local tr = type( repl )
	if not slowCase( s, p ) or ( tr ~= 'string' and tr ~= 'number' and tr ~= 'table' and tr ~= 'function' ) then
		return cgsub( s, p, repl, n )
	end
	if tr == 'string' or tr == 'number' then
		return php.stringSlow( 'gsub', s, p, n, tostring( repl ) )
	end
	local pieces, found = php.stringSlow( 'gsub', s, p, n, nil )
	local out, count = gsubReplace( pieces, found, repl, tr )
	return out, count
end

local function osClock()
	return math.floor( clock() * 50000 + 0.5 ) / 50000
end

local function osTime( t )
	if t == nil then
		return php.currentTime()
	end
	return ostime( t )
end

local function osDate( format, t )
	if t == nil then
		t = php.currentTime()
	end
	return osdate( format, t )
end

---------------------------------------------------------------------------------------------
-- The base environment: Scribunto's allow-list.  Each #invoke gets a deep clone of it.
---------------------------------------------------------------------------------------------
-- The string metatable stays hidden: modules get a copy of `string` and cannot reach the
-- table behind ("").x.
local function safeGetmetatable( v )
	if type( v ) == 'string' then
		return nil
	end
	return getmetatable( v )
end

local base = {
	assert = assert, error = error, getmetatable = safeGetmetatable, ipairs = mwIpairs, next = next,
	pairs = mwPairs, pcall = safePcall, rawequal = rawequal, rawget = rawget, rawset = rawset,
	select = select, setmetatable = setmetatable, tonumber = tonumber, type = type,
	unpack = safeUnpack, xpcall = safeXpcall, _VERSION = _VERSION,
	tostring = safeTostring,
	table = clone( table ), math = clone( math ),
	os = { date = osDate, time = osTime, clock = osClock, difftime = difftime },
	debug = { traceback = function ( msg, level )
		if type( msg ) ~= 'string' and msg ~= nil then
			return msg
		end
		return ( msg and msg .. '\n' or '' ) .. 'stack traceback:\n\t[C]: ?'
	end },
}
base.string = clone( string )
base.table.unpack = nil
base._G = base

local mw = {}
base.mw = mw

-- Loads one of our .lua libraries in the base environment; `php` and helpers are passed in.
local libCache = {}
local internals = {
	php = php, clone = clone, makeCaller = makeCaller, tostring = safeTostring,
	gsubReplace = gsubReplace,
}
local function loadLibrary( name )
	local lib = libCache[name]
	if lib == nil then
		local src = php.librarySource( name )
		local chunk = assert( loadstring( src, '=' .. name .. '.lua' ) )
		setfenv( chunk, base )
		lib = chunk( internals ) or false
		libCache[name] = lib
	end
	return lib
end
internals.loadLibrary = loadLibrary

---------------------------------------------------------------------------------------------
-- Frames: pure Lua tables whose methods reach Python through `php`.
---------------------------------------------------------------------------------------------
local frameObjects = {}

-- MediaWiki hands a frame's arguments to Lua as a table constructor `{[k1]=v1,...}` and
-- pairs() walks that table; building the same constructor gives the same order (Lua 5.1's
-- string hashes are not seeded), which modules such as CS1 show in their messages.
local constructors = {}
local function hashOrder( names )
	local n = #names
	if n == 0 then
		return names
	end
	local ctor = constructors[n]
	if not ctor then
		local parts = {}
		for i = 1, n do
			parts[i] = '[a[' .. i .. ']]=true'
		end
		ctor = loadstring( 'local a = ... return {' .. concat( parts, ',' ) .. '}' )
		constructors[n] = ctor
	end
	local ordered = {}
	for k in next, ctor( names ) do
		ordered[#ordered + 1] = k
	end
	return ordered
end

local function newFrame( frameId, parentId )
	if frameId == nil then
		return nil
	end
	local frame = {}
	local argCache = {}
	local argNames
	local argsMt = {}

	local function checkSelf( self, method )
		if self ~= frame then
			error( 'frame:' .. method .. ': invalid frame object. ' ..
				'Did you call ' .. method .. ' with a dot instead of a colon, i.e. ' ..
				'frame.' .. method .. '() instead of frame:' .. method .. '()?', 3 )
		end
	end

	local function getExpandedArgument( dummy, name )
		name = tostring( name )
		local v = argCache[name]
		if v == nil then
			v = php.getExpandedArgument( frameId, name )
			if v == nil then
				v = false
			end
			argCache[name] = v
		end
		return v or nil
	end

	argsMt.__index = getExpandedArgument
	argsMt.__pairs = function ()
		if not argNames then
			local names, values = php.getAllExpandedArguments( frameId )
			for i = 1, #names do
				argCache[tostring( names[i] )] = values[i]
			end
			argNames = hashOrder( names )
		end
		local index = 0
		return function ()
			index = index + 1
			local name = argNames[index]
			if name ~= nil then
				return name, argCache[tostring( name )]
			end
		end
	end
	argsMt.__ipairs = function ()
		return function ( dummy, i )
			local v = getExpandedArgument( dummy, i + 1 )
			if v then
				return i + 1, v
			end
		end, nil, 0
	end
	argsMt.__newindex = function ( t, k, v )
		rawset( t, k, v )
	end

	frame.args = setmetatable( {}, argsMt )

	local function parserValue( callback )
		local value = {}
		local cache
		function value:expand()
			if not cache then
				cache = callback()
			end
			return cache
		end
		return value
	end

	local function checkArgs( name, args )
		local ret = {}
		for k, v in mwPairs( args ) do
			local tk = type( k )
			if tk ~= 'string' and tk ~= 'number' then
				error( name .. ': arg keys must be strings or numbers, ' .. tk .. ' given', 3 )
			end
			local tv = type( v )
			if tv == 'boolean' then
				ret[k] = v and '1' or ''
			elseif tv == 'string' or tv == 'number' then
				ret[k] = tostring( v )
			else
				error( name .. ': invalid type ' .. tv .. " for arg '" .. k .. "'", 3 )
			end
		end
		return ret
	end

	function frame:getArgument( opt )
		checkSelf( self, 'getArgument' )
		local name = opt
		if type( opt ) == 'table' then
			name = opt.name
		end
		return parserValue( function () return getExpandedArgument( nil, name ) end )
	end

	function frame:getParent()
		checkSelf( self, 'getParent' )
		if parentId == nil then
			return nil
		end
		local p = frameObjects[parentId]
		if p == nil then
			p = newFrame( parentId, php.parentFrameId( parentId ) )
			frameObjects[parentId] = p
		end
		return p
	end

	function frame:getTitle()
		checkSelf( self, 'getTitle' )
		return php.getFrameTitle( frameId )
	end

	function frame:newChild( opt )
		checkSelf( self, 'newChild' )
		if type( opt ) ~= 'table' then
			error( 'frame:newChild: the first parameter must be a table', 2 )
		end
		local title, args = false, {}
		if opt.title ~= nil then
			title = tostring( opt.title )
		end
		if opt.args ~= nil then
			if type( opt.args ) ~= 'table' then
				error( 'frame:newChild: args must be a table', 2 )
			end
			args = checkArgs( 'frame:newChild', opt.args )
		end
		local id = php.newChildFrame( frameId, title, args )
		return newFrame( id, frameId )
	end

	function frame:expandTemplate( opt )
		checkSelf( self, 'expandTemplate' )
		if type( opt ) ~= 'table' then
			error( 'frame:expandTemplate: the first parameter must be a table' )
		end
		local title
		if opt.title == nil then
			error( 'frame:expandTemplate: a title is required' )
		elseif type( opt.title ) == 'table' and opt.title.namespace == 0 then
			title = ':' .. tostring( opt.title )
		else
			title = tostring( opt.title )
		end
		local args = {}
		if opt.args ~= nil then
			if type( opt.args ) ~= 'table' then
				error( 'frame:expandTemplate: args must be a table' )
			end
			args = checkArgs( 'frame:expandTemplate', opt.args )
		end
		return php.expandTemplate( frameId, title, args )
	end

	function frame:callParserFunction( name, args, ... )
		checkSelf( self, 'callParserFunction' )
		if type( name ) == 'table' then
			name, args = name.name, name.args
			if type( args ) ~= 'table' then
				args = { args }
			end
		elseif type( args ) ~= 'table' then
			args = { args, ... }
		end
		if name == nil then
			error( 'frame:callParserFunction: a function name is required', 2 )
		elseif type( name ) == 'string' or type( name ) == 'number' then
			name = tostring( name )
		else
			error( 'frame:callParserFunction: function name must be a string or number', 2 )
		end
		args = checkArgs( 'frame:callParserFunction', args )
		return php.callParserFunction( frameId, name, args )
	end

	function frame:extensionTag( name, content, args )
		checkSelf( self, 'extensionTag' )
		if type( name ) == 'table' then
			name, content, args = name.name, name.content, name.args
		end
		if name == nil then
			error( 'frame:extensionTag: a function name is required', 2 )
		elseif type( name ) == 'string' or type( name ) == 'number' then
			name = tostring( name )
		else
			error( 'frame:extensionTag: tag name must be a string or number', 2 )
		end
		if content == nil then
			content = ''
		elseif type( content ) == 'string' or type( content ) == 'number' then
			content = tostring( content )
		else
			error( 'frame:extensionTag: content must be a string or number', 2 )
		end
		local attrs = {}
		if type( args ) == 'table' then
			attrs = checkArgs( 'frame:extensionTag', args )
		elseif args ~= nil and type( args ) ~= 'string' and type( args ) ~= 'number' then
			error( 'frame:extensionTag: args must be a string, number, or table', 2 )
		end
		return php.extensionTag( frameId, name, content, attrs )
	end

	function frame:preprocess( opt )
		checkSelf( self, 'preprocess' )
		local text = opt
		if type( opt ) == 'table' then
			text = opt.text
		end
		return php.preprocess( frameId, tostring( text ) )
	end

	function frame:newParserValue( opt )
		checkSelf( self, 'newParserValue' )
		local text = opt
		if type( opt ) == 'table' then
			text = opt.text
		end
		return parserValue( function () return self:preprocess( text ) end )
	end

	function frame:newTemplateParserValue( opt )
		checkSelf( self, 'newTemplateParserValue' )
		if type( opt ) ~= 'table' then
			error( 'frame:newTemplateParserValue: the first parameter must be a table' )
		end
		if opt.title == nil then
			error( 'frame:newTemplateParserValue: a title is required' )
		end
		return parserValue( function () return self:expandTemplate( opt ) end )
	end

	function frame:argumentPairs()
		checkSelf( self, 'argumentPairs' )
		return mwPairs( self.args )
	end

	return frame
end

---------------------------------------------------------------------------------------------
-- Modules: compiled once per page, executed in a fresh clone of the base environment.
---------------------------------------------------------------------------------------------
local chunkCache = {}

-- The compiled chunk of a Module: page, or nil, or raises on a syntax error.
local function compileModule( title )
	local cached = chunkCache[title]
	if cached == nil then
		local src = php.moduleSource( title )
		if src == nil then
			cached = false
		else
			local chunk, err = loadstring( src, '=' .. title )
			if not chunk then
				error( err, 0 )
			end
			cached = chunk
		end
		chunkCache[title] = cached
	end
	return cached or nil
end

-- The pure-Lua libraries Scribunto puts on require's path (its lualib and luabit folders).
local builtinPackages = { libraryUtil = 'libraryUtil', bit32 = 'bit32', bit = 'bit', hex = 'hex' }
local loadedData = {}

local function makeEnvironment( frame )
	local env = clone( base )
	local loaded = {}
	env.package = { loaded = loaded, loaders = {}, preload = {} }
	for _, lib in rawipairs( { 'string', 'table', 'math', 'mw', 'os', 'debug', 'package' } ) do
		loaded[lib] = env[lib]
	end
	loaded._G = env

	env.require = function ( name )
		if type( name ) ~= 'string' and type( name ) ~= 'number' then
			error( "bad argument #1 to 'require' (string expected, got " .. type( name ) .. ')', 2 )
		end
		name = tostring( name )
		local v = loaded[name]
		if v ~= nil then
			return v
		end
		if name == 'strict' then
			-- Globals must be declared in a main chunk; reading an undeclared one errors.
			local declared = {}
			setmetatable( env, {
				__newindex = function ( t, k, v )
					if not declared[k] then
						local w = getinfo( 2, 'S' ).what
						if w ~= 'main' and w ~= 'C' then
							error( "assign to undeclared variable '" .. tostring( k ) .. "'", 2 )
						end
						declared[k] = true
					end
					rawset( t, k, v )
				end,
				__index = function ( t, k )
					if not declared[k] and getinfo( 2, 'S' ).what ~= 'C' then
						error( "variable '" .. tostring( k ) .. "' is not declared", 2 )
					end
					return nil
				end,
			} )
			loaded[name] = true
			return true
		end
		if builtinPackages[name] then
			v = clone( loadLibrary( builtinPackages[name] ) )
			loaded[name] = v
			return v
		end
		local title = php.normalizeModuleTitle( name )
		local chunk = title and compileModule( title )
		if not chunk then
			error( "module '" .. name .. "' not found", 2 )
		end
		setfenv( chunk, env )
		v = chunk( name )
		if v == nil then
			v = true
		end
		loaded[name] = v
		return v
	end

	env.mw.getCurrentFrame = function ()
		return frame
	end
	return env
end

-- mw.loadData: the module runs once per page in its own environment; callers get a
-- read-only view of it.
local function dataWrapper( data, seen, fname )
	local t = {}
	seen = seen or { [data] = t }
	local mt = {
		mw_loadData = true,
		__index = function ( tt, k )
			local v = data[k]
			if type( v ) == 'table' then
				seen[v] = seen[v] or dataWrapper( v, seen, fname )
				return seen[v]
			end
			return v
		end,
		__newindex = function ()
			error( 'table from ' .. fname .. ' is read-only', 2 )
		end,
		__pairs = function ( tt )
			return function ( s, k )
				k = next( data, k )
				if k ~= nil then
					return k, t[k]
				end
			end, t, nil
		end,
		__ipairs = function ( tt )
			return function ( s, i )
				i = i + 1
				if data[i] ~= nil then
					return i, t[i]
				end
			end, t, 0
		end,
	}
	mt.__metatable = mt
	return setmetatable( t, mt )
end

local function validateData( d, seen )
	local tp = type( d )
	if tp == 'nil' or tp == 'boolean' or tp == 'number' or tp == 'string' then
		return nil
	elseif tp == 'table' then
		if seen[d] then
			return nil
		end
		seen[d] = true
		if getmetatable( d ) ~= nil then
			return 'data for mw.loadData contains a table with a metatable'
		end
		for k, v in rawpairs( d ) do
			if type( k ) == 'table' then
				return 'data for mw.loadData contains a table as a key'
			end
			local err = validateData( k, seen ) or validateData( v, seen )
			if err then
				return err
			end
		end
		return nil
	end
	return "data for mw.loadData contains unsupported data type '" .. tp .. "'"
end

function mw.loadData( module )
	local data = loadedData[module]
	if type( data ) == 'string' then
		error( data, 2 )
	end
	if not data then
		local env = makeEnvironment( newFrame( 'empty' ) )
		data = env.require( module )
		local err
		if type( data ) == 'table' then
			err = validateData( data, {} )
		else
			err = tostring( module ) .. ' returned ' .. type( data ) .. ', table expected'
		end
		if err then
			loadedData[module] = err
			error( err, 2 )
		end
		loadedData[module] = data
	end
	return dataWrapper( data, nil, 'mw.loadData' )
end

local loadedJsonData = {}
function mw.loadJsonData( module )
	if type( module ) ~= 'string' then
		error( strformat( "bad argument #1 to 'mw.loadJsonData' (string expected, got %s)",
			type( module ) ), 2 )
	end
	local data = loadedJsonData[module]
	if type( data ) == 'string' then
		error( data, 2 )
	end
	if not data then
		data = php.loadJsonData( module )
		if type( data ) ~= 'table' then
			local err = module .. ' returned ' .. type( data ) .. ', table expected'
			loadedJsonData[module] = err
			error( err, 2 )
		end
		loadedJsonData[module] = data
	end
	return dataWrapper( data, nil, 'mw.loadJsonData' )
end

---------------------------------------------------------------------------------------------
-- The rest of `mw`'s core.
---------------------------------------------------------------------------------------------
mw.clone = clone

function mw.allToString( ... )
	local t = { ... }
	for i = 1, select( '#', ... ) do
		t[i] = safeTostring( t[i] )
	end
	return concat( t, '\t' )
end

function mw.log( ... )
	php.log( mw.allToString( ... ) )
end

function mw.dumpObject( object )
	local done, names, counts = {}, {}, {}
	local function sorter( a, b )
		local ta, tb = type( a ), type( b )
		if ta ~= tb then
			return ta < tb
		end
		if ta == 'string' or ta == 'number' then
			return a < b
		end
		if ta == 'boolean' then
			return tostring( a ) < tostring( b )
		end
		return false
	end
	local function dump( obj, indent, expand )
		local tp = type( obj )
		if tp == 'number' or tp == 'nil' or tp == 'boolean' then
			return tostring( obj )
		elseif tp == 'string' then
			return strformat( '%q', obj )
		elseif tp == 'table' then
			if not names[obj] then
				local s = safeTostring( obj )
				if s == 'table' then
					counts[tp] = ( counts[tp] or 0 ) + 1
					names[obj] = 'table#' .. counts[tp]
				else
					names[obj] = s
					done[obj] = true
				end
			end
			if done[obj] or not expand then
				return names[obj]
			end
			done[obj] = true
			local pad = strrep( '  ', indent + 2 )
			local ret = { names[obj], ' {\n' }
			local mt = getmetatable( obj )
			if mt then
				ret[#ret + 1] = pad .. 'metatable = ' .. dump( mt, indent + 2, false ) .. '\n'
			end
			local doneKeys = {}
			for k, v in rawipairs( obj ) do
				doneKeys[k] = true
				ret[#ret + 1] = pad .. dump( v, indent + 2, true ) .. ',\n'
			end
			local keys = {}
			for k in rawpairs( obj ) do
				if not doneKeys[k] then
					keys[#keys + 1] = k
				end
			end
			table.sort( keys, sorter )
			for i = 1, #keys do
				local k = keys[i]
				ret[#ret + 1] = pad .. '[' .. dump( k, indent + 3, false ) .. '] = ' ..
					dump( obj[k], indent + 2, true ) .. ',\n'
			end
			ret[#ret + 1] = strrep( '  ', indent ) .. '}'
			return concat( ret )
		end
		if not names[obj] then
			counts[tp] = ( counts[tp] or 0 ) + 1
			names[obj] = tp .. '#' .. counts[tp]
		end
		return names[obj]
	end
	return dump( object, 0, true )
end

function mw.logObject( object, prefix )
	if prefix and prefix ~= '' then
		php.log( prefix .. ' = ' .. mw.dumpObject( object ) )
	else
		php.log( mw.dumpObject( object ) )
	end
end

function mw.isSubsting()
	return false
end

function mw.incrementExpensiveFunctionCount()
	php.incrementExpensiveFunctionCount()
end

function mw.addWarning( text )
	if type( text ) ~= 'string' and type( text ) ~= 'number' then
		error( "bad argument #1 to 'addWarning' (string expected)", 2 )
	end
	php.addWarning( tostring( text ) )
end

-- The libraries, loaded into the base environment (every module sees a clone).
mw.site = loadLibrary( 'mw.site' )
mw.ustring = loadLibrary( 'mw.ustring' )
mw.text = loadLibrary( 'mw.text' )
mw.html = loadLibrary( 'mw.html' )
mw.title = loadLibrary( 'mw.title' )
mw.uri = loadLibrary( 'mw.uri' )
mw.language = loadLibrary( 'mw.language' )
mw.getContentLanguage = mw.language.getContentLanguage
mw.getLanguage = mw.language.new
mw.message = loadLibrary( 'mw.message' )
mw.hash = loadLibrary( 'mw.hash' )
mw.ext = {}
mw.wikibase = nil
base.package = { loaded = {} }

---------------------------------------------------------------------------------------------
-- The entry points Python calls.  Errors come back as (false, kind, message).
---------------------------------------------------------------------------------------------
local depth = 0

-- An error value as text, converted while the deadline still applies (a module's
-- __tostring could loop).
local function errorText( err )
	if type( err ) == 'string' then
		return err
	end
	local ok, text = pcall( safeTostring, err )
	if ok and type( text ) == 'string' then
		return text
	end
	return type( err )
end

local function finish( ok, ... )
	local err = not ok and not killed and ... ~= 'not enough memory' and errorText( ... ) or nil
	depth = depth - 1
	if depth == 0 then
		deadline = huge
	end
	if killed then
		return false, killed, killed
	end
	if ok then
		return true, ...
	end
	if err == nil then
		killed = OOM
		return false, OOM, OOM
	end
	return false, 'lua', err
end

local function run( moduleTitle, functionName, frameId, parentId )
	local frame = newFrame( frameId, parentId )
	frameObjects[frameId] = frame
	local chunk = compileModule( moduleTitle )
	if not chunk then
		return 'nomodule'
	end
	local env = makeEnvironment( frame )
	setfenv( chunk, env )
	local exports = chunk()
	if type( exports ) ~= 'table' then
		return 'notable', type( exports )
	end
	local fn = exports[functionName]
	if fn == nil then
		return 'nofunction'
	end
	if type( fn ) ~= 'function' then
		local mt = getmetatable( fn )
		if not ( mt and mt.__call ) then
			return 'notafunction'
		end
	end
	if depth == 1 then
		math.randomseed( 1 )
	end
	local results = { fn( frame ) }
	local out = {}
	for i, r in rawipairs( results ) do
		out[i] = safeTostring( r )
	end
	return 'ok', concat( out )
end

local api = {}

-- Runs one #invoke; `budget` is the Lua CPU time left for the page (seconds).
function api.invoke( moduleTitle, functionName, frameId, parentId, budget )
	if killed then
		return false, killed, killed
	end
	depth = depth + 1
	if depth == 1 then
		deadline = clock() + budget
	end
	return finish( pcall( run, moduleTitle, functionName, frameId, parentId ) )
end

function api.killed()
	return killed
end

function api.forgetFrame( frameId )
	frameObjects[frameId] = nil
end

-- For the test harness: run a chunk in a fresh module environment.
function api.runChunk( src, name, frameId, budget )
	if killed then
		return false, killed, killed
	end
	depth = depth + 1
	if depth == 1 then
		deadline = clock() + budget
	end
	return finish( pcall( function ()
		local chunk, err = loadstring( src, '=' .. name )
		if not chunk then
			error( err, 0 )
		end
		local frame = newFrame( frameId, nil )
		frameObjects[frameId] = frame
		setfenv( chunk, makeEnvironment( frame ) )
		return chunk()
	end ) )
end

api.TIMEOUT = TIMEOUT
api.OOM = OOM
return api
