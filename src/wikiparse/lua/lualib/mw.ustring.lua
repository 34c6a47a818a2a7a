-- wikiparse: mw.ustring (MIT).  Pattern functions run in Python (Lua patterns translated to
-- Unicode regexes, as MediaWiki does); the rest are UTF-8 walks in Lua with ASCII fast paths.
local internals = ...
local php = internals.php
local util = internals.loadLibrary( 'libraryUtil' )
local checkType = util.checkType
local S = string
local byte, char, sub, find = string.byte, string.char, string.sub, string.find
local floor = math.floor

local ustring = {}
ustring.maxStringLength = 2097152
ustring.maxPatternLength = 10000
ustring.byte = string.byte
ustring.format = string.format
ustring.rep = string.rep

local function isAscii( s )
	return not find( s, '[\128-\255]' )
end

-- Code points and their byte offsets, or nil when s is not valid UTF-8.
local function explode( s )
	local cps, pos = {}, {}
	local i, n, len = 1, #s, 0
	while i <= n do
		local c = byte( s, i )
		local cp, size
		if c < 0x80 then
			cp, size = c, 1
		elseif c >= 0xc2 and c < 0xe0 then
			cp, size = c - 0xc0, 2
		elseif c >= 0xe0 and c < 0xf0 then
			cp, size = c - 0xe0, 3
		elseif c >= 0xf0 and c < 0xf5 then
			cp, size = c - 0xf0, 4
		else
			return nil
		end
		for k = 1, size - 1 do
			local cc = byte( s, i + k )
			if not cc or cc < 0x80 or cc > 0xbf then
				return nil
			end
			cp = cp * 64 + ( cc - 0x80 )
		end
		if ( size == 3 and ( cp < 0x800 or ( cp >= 0xd800 and cp <= 0xdfff ) ) ) or
			( size == 4 and ( cp < 0x10000 or cp > 0x10ffff ) ) then
			return nil
		end
		len = len + 1
		cps[len] = cp
		pos[len] = i
		i = i + size
	end
	pos[len + 1] = n + 1
	return { codepoints = cps, bytepos = pos, len = len }
end

local function checkString( name, s )
	if type( s ) == 'number' then
		s = tostring( s )
	end
	if type( s ) ~= 'string' then
		error( "bad argument #1 to '" .. name .. "' (string expected, got " .. type( s ) .. ')', 3 )
	end
	if #s > ustring.maxStringLength then
		error( "bad argument #1 to '" .. name .. "' (string is longer than " ..
			ustring.maxStringLength .. ' bytes)', 3 )
	end
	return s
end

local function utf8Error( name )
	error( "bad argument #1 for '" .. name .. "' (string is not UTF-8)", 3 )
end

function ustring.isutf8( s )
	s = checkString( 'isutf8', s )
	return explode( s ) ~= nil
end

function ustring.len( s )
	s = checkString( 'len', s )
	if isAscii( s ) then
		return #s
	end
	local cps = explode( s )
	return cps and cps.len or nil
end

function ustring.sub( s, i, j )
	s = checkString( 'sub', s )
	checkType( 'sub', 2, i, 'number', true )
	checkType( 'sub', 3, j, 'number', true )
	if isAscii( s ) then
		return sub( s, i or 1, j or -1 )
	end
	local cps = explode( s )
	if not cps then
		utf8Error( 'sub' )
	end
	local len = cps.len
	i, j = i or 1, j or -1
	if i < 0 then i = len + i + 1 end
	if j < 0 then j = len + j + 1 end
	if j < i then
		return ''
	end
	i = math.max( 1, math.min( i, len + 1 ) )
	j = math.max( 1, math.min( j, len + 1 ) )
	return sub( s, cps.bytepos[i], cps.bytepos[j + 1] and cps.bytepos[j + 1] - 1 or #s )
end

function ustring.codepoint( s, i, j )
	s = checkString( 'codepoint', s )
	checkType( 'codepoint', 2, i, 'number', true )
	checkType( 'codepoint', 3, j, 'number', true )
	local cps = explode( s )
	if not cps then
		utf8Error( 'codepoint' )
	end
	i = i or 1
	if i < 0 then i = cps.len + i + 1 end
	j = j or i
	if j < 0 then j = cps.len + j + 1 end
	if j < i then
		return
	end
	i = math.max( 1, math.min( i, cps.len + 1 ) )
	j = math.max( 1, math.min( j, cps.len + 1 ) )
	return unpack( cps.codepoints, i, j )
end

function ustring.gcodepoint( s, i, j )
	s = checkString( 'gcodepoint', s )
	checkType( 'gcodepoint', 2, i, 'number', true )
	checkType( 'gcodepoint', 3, j, 'number', true )
	local cps = explode( s )
	if not cps then
		utf8Error( 'gcodepoint' )
	end
	i = i or 1
	if i < 0 then i = cps.len + i + 1 end
	j = j or -1
	if j < 0 then j = cps.len + j + 1 end
	i = math.max( 1, i )
	j = math.min( j, cps.len )
	local k = i - 1
	return function ()
		k = k + 1
		if k <= j then
			return cps.codepoints[k]
		end
	end
end

function ustring.byteoffset( s, l, i )
	s = checkString( 'byteoffset', s )
	checkType( 'byteoffset', 2, l, 'number', true )
	checkType( 'byteoffset', 3, i, 'number', true )
	local cps = explode( s )
	if not cps then
		utf8Error( 'byteoffset' )
	end
	l = l or 1
	i = i or 1
	if i < 0 then i = #s + i + 1 end
	if i < 1 or i > #s then
		return nil
	end
	-- the character containing byte i
	local p = 1
	while cps.bytepos[p + 1] and cps.bytepos[p + 1] <= i do
		p = p + 1
	end
	if l > 0 and cps.bytepos[p] == i then
		l = l - 1
	end
	if p + l > cps.len or p + l < 1 then
		return nil
	end
	return cps.bytepos[p + l]
end

function ustring.char( ... )
	local out = {}
	for k = 1, select( '#', ... ) do
		local cp = select( k, ... )
		if type( cp ) ~= 'number' then
			error( "bad argument #" .. k .. " to 'char' (number expected, got " .. type( cp ) .. ')', 2 )
		end
		if cp < 0 or cp > 0x10ffff then
			error( "bad argument #" .. k .. " to 'char' (value out of range)", 2 )
		end
		cp = floor( cp )
		if cp < 0x80 then
			out[k] = char( cp )
		elseif cp < 0x800 then
			out[k] = char( 0xc0 + floor( cp / 64 ), 0x80 + cp % 64 )
		elseif cp < 0x10000 then
			out[k] = char( 0xe0 + floor( cp / 4096 ), 0x80 + floor( cp / 64 ) % 64, 0x80 + cp % 64 )
		else
			out[k] = char( 0xf0 + floor( cp / 262144 ), 0x80 + floor( cp / 4096 ) % 64,
				0x80 + floor( cp / 64 ) % 64, 0x80 + cp % 64 )
		end
	end
	return table.concat( out )
end

function ustring.upper( s )
	s = checkString( 'upper', s )
	if isAscii( s ) then
		return S.upper( s )
	end
	return php.ustringUpper( s )
end

function ustring.lower( s )
	s = checkString( 'lower', s )
	if isAscii( s ) then
		return S.lower( s )
	end
	return php.ustringLower( s )
end

local function checkPattern( name, pattern )
	if type( pattern ) == 'number' then
		pattern = tostring( pattern )
	end
	if type( pattern ) ~= 'string' then
		error( "bad argument #2 to '" .. name .. "' (string expected, got " .. type( pattern ) .. ')', 3 )
	end
	return pattern
end

function ustring.find( s, pattern, init, plain )
	if pattern == nil then
		error( 'too few arguments to mw.ustring.find', 2 )
	end
	s = checkString( 'find', s )
	pattern = checkPattern( 'find', pattern )
	checkType( 'find', 3, init, 'number', true )
	if plain ~= nil and type( plain ) ~= 'boolean' then
		plain = not not plain
	end
	return php.ustringFind( s, pattern, init, plain )
end

function ustring.match( s, pattern, init )
	if pattern == nil then
		error( 'too few arguments to mw.ustring.match', 2 )
	end
	s = checkString( 'match', s )
	pattern = checkPattern( 'match', pattern )
	checkType( 'match', 3, init, 'number', true )
	return php.ustringMatch( s, pattern, init )
end

function ustring.gmatch( s, pattern )
	checkType( 'gmatch', 1, s, 'string' )
	checkType( 'gmatch', 2, pattern, 'string' )
	local all = php.ustringGmatch( s, pattern )
	local k = 0
	return function ()
		k = k + 1
		local m = all[k]
		if m then
			return unpack( m )
		end
	end
end

function ustring.gsub( s, pattern, repl, n )
	if repl == nil then
		error( 'too few arguments to mw.ustring.gsub', 2 )
	end
	s = checkString( 'gsub', s )
	pattern = checkPattern( 'gsub', pattern )
	checkType( 'gsub', 4, n, 'number', true )
	if n ~= nil and n < 1 then
		return s, 0
	end
	local tr = type( repl )
	if tr == 'string' or tr == 'number' then
		return php.ustringGsubString( s, pattern, tostring( repl ), n )
	end
	if tr ~= 'table' and tr ~= 'function' then
		error( "bad argument #3 to 'gsub' (string/function/table expected, got " .. tr .. ')', 2 )
	end
	local pieces, found = php.ustringGsubMatches( s, pattern, n )
	local out, count = internals.gsubReplace( pieces, found, repl, tr )
	return out, count
end

for _, form in ipairs( { 'NFC', 'NFD', 'NFKC', 'NFKD' } ) do
	ustring['to' .. form] = function ( s )
		s = checkString( 'to' .. form, s )
		if isAscii( s ) then
			return s
		end
		return php.ustringNormalize( form, s )
	end
end

return ustring
