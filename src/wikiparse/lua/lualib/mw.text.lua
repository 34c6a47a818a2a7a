-- wikiparse: mw.text (MIT).
local internals = ...
local php = internals.php
local util = internals.loadLibrary( 'libraryUtil' )
local checkType = util.checkType
local ustring = mw.ustring

local text = {}

local PREFIX = '\127\'"`UNIQ-'
local SUFFIX = '-QINU`"\'\127'

function text.trim( s, charset )
	checkType( 'trim', 1, s, 'string' )
	checkType( 'trim', 2, charset, 'string', true )
	if charset == nil then
		return ( string.gsub( string.gsub( s, '^[\t\r\n\f ]+', '' ), '[\t\r\n\f ]+$', '' ) )
	end
	return ( ustring.gsub( ustring.gsub( s, '^[' .. charset .. ']+', '' ), '[' .. charset .. ']+$', '' ) )
end

local htmlencodeMap = { ['>'] = '&gt;', ['<'] = '&lt;', ['&'] = '&amp;', ['"'] = '&quot;',
	["'"] = '&#039;', ['\194\160'] = '&nbsp;' }

function text.encode( s, charset )
	checkType( 'encode', 1, s, 'string' )
	checkType( 'encode', 2, charset, 'string', true )
	charset = charset or '<>&"\'\194\160'
	return ( ustring.gsub( s, '[' .. charset .. ']', function ( c )
		local r = htmlencodeMap[c]
		if not r then
			r = '&#' .. ustring.codepoint( c ) .. ';'
			htmlencodeMap[c] = r
		end
		return r
	end ) )
end

function text.decode( s, decodeNamedEntities )
	checkType( 'decode', 1, s, 'string' )
	return php.textDecode( s, decodeNamedEntities and true or false )
end

function text.nowiki( s )
	checkType( 'nowiki', 1, s, 'string' )
	return php.textNowiki( s )
end

function text.tag( name, attrs, content )
	local named = false
	if type( name ) == 'table' then
		named = true
		name, attrs, content = name.name, name.attrs, name.content
		checkType( 'tag', 'name', name, 'string' )
	else
		checkType( 'tag', 1, name, 'string' )
		checkType( 'tag', 2, attrs, 'table', true )
	end
	local ret = { '<' .. name }
	for k, v in pairs( attrs or {} ) do
		if type( k ) ~= 'string' then
			error( "bad named argument attrs to 'tag' (keys must be strings, found " .. type( k ) .. ')', 2 )
		end
		if v == true then
			ret[#ret + 1] = ' ' .. k
		elseif type( v ) == 'string' or type( v ) == 'number' then
			ret[#ret + 1] = string.format( ' %s="%s"', k, text.encode( tostring( v ) ) )
		elseif v ~= false then
			error( "bad named argument attrs to 'tag' (value for key '" .. k ..
				"' may not be " .. type( v ) .. ')', 2 )
		end
	end
	if content == nil then
		ret[#ret + 1] = '>'
	elseif content == false then
		ret[#ret + 1] = ' />'
	else
		ret[#ret + 1] = '>' .. tostring( content ) .. '</' .. name .. '>'
	end
	return table.concat( ret )
end

function text.unstrip( s )
	checkType( 'unstrip', 1, s, 'string' )
	return php.unstrip( s )
end

function text.unstripNoWiki( s )
	checkType( 'unstripNoWiki', 1, s, 'string' )
	return php.unstripNoWiki( s )
end

function text.killMarkers( s )
	checkType( 'killMarkers', 1, s, 'string' )
	return ( string.gsub( s, '\127\'"`UNIQ%-.-%-QINU`"\'\127', '' ) )
end

function text.split( s, pattern, plain )
	local ret = {}
	for m in text.gsplit( s, pattern, plain ) do
		ret[#ret + 1] = m
	end
	return ret
end

function text.gsplit( s, pattern, plain )
	checkType( 'gsplit', 1, s, 'string' )
	checkType( 'gsplit', 2, pattern, 'string' )
	local ascii = not string.find( s, '[\128-\255]' )
	local sfind, ssub = ustring.find, ustring.sub
	local len = ustring.len( s )
	if ascii and plain then
		sfind, ssub, len = string.find, string.sub, #s
	end
	local i, done = 1, false
	return function ()
		if done then
			return
		end
		local m, n = sfind( s, pattern, i, plain )
		if not m then
			done = true
			return ssub( s, i )
		end
		if n < m then
			-- empty match: split off one character
			if m > len then
				done = true
				if i > len then
					return nil
				end
				return ssub( s, i )
			end
			local ret = ssub( s, i, m )
			i = m + 1
			return ret
		end
		local ret = ssub( s, i, m - 1 )
		i = n + 1
		return ret
	end
end

function text.listToText( list, separator, conjunction )
	checkType( 'listToText', 1, list, 'table' )
	separator = separator or ', '
	conjunction = conjunction or ' and '
	local n = #list
	if n == 0 then
		return ''
	elseif n == 1 then
		return tostring( list[1] )
	end
	return table.concat( list, separator, 1, n - 1 ) .. conjunction .. list[n]
end

function text.truncate( s, length, ellipsis, adjustLength )
	checkType( 'truncate', 1, s, 'string' )
	checkType( 'truncate', 2, length, 'number' )
	checkType( 'truncate', 3, ellipsis, 'string', true )
	ellipsis = ellipsis or '...'
	local sl = ustring.len( s )
	if sl <= math.abs( length ) then
		return s
	end
	local el = ustring.len( ellipsis )
	if adjustLength then
		if length > 0 then
			length = length - el
			if length <= 0 then
				return ellipsis
			end
		else
			length = length + el
			if length >= 0 then
				return ellipsis
			end
		end
	end
	if math.abs( length ) + el >= sl then
		return s
	end
	if length > 0 then
		return ustring.sub( s, 1, length ) .. ellipsis
	elseif length < 0 then
		return ellipsis .. ustring.sub( s, length )
	end
	return ellipsis
end

function text.getStripMarkerPrefix()
	return PREFIX
end
function text.getStripMarkerSuffix()
	return SUFFIX
end

text.JSON_PRESERVE_KEYS = 1
text.JSON_TRY_FIXING = 2
text.JSON_PRETTY = 4

-- Tables go to Python as { t = { {key, value}, ... } } (pairs order, __pairs honoured) and
-- nil values as { n = true }, after the checks MediaWiki makes.
local function jsonPrepare( v, seen )
	local tv = type( v )
	if tv == 'table' then
		if seen[v] then
			error( 'mw.text.jsonEncode: Cannot use recursive tables', 4 )
		end
		seen[v] = true
		local list = {}
		for k, x in pairs( v ) do
			local tk = type( k )
			if tk == 'number' then
				if k ~= k or k == math.huge or k == -math.huge then
					error( "mw.text.jsonEncode: Cannot use '" .. tostring( k ) .. "' as a table key", 4 )
				end
			elseif tk ~= 'string' then
				error( "mw.text.jsonEncode: Cannot use type '" .. tk .. "' as a table key", 4 )
			end
			list[#list + 1] = { k, x == nil and { n = true } or jsonPrepare( x, seen ) }
		end
		seen[v] = nil
		return { t = list }
	elseif tv == 'number' then
		if v ~= v or v == math.huge or v == -math.huge then
			error( 'mw.text.jsonEncode: Cannot encode non-finite numbers', 4 )
		end
		return v
	elseif tv == 'string' or tv == 'boolean' then
		return v
	elseif tv == 'nil' then
		return { n = true }
	end
	error( "mw.text.jsonEncode: Cannot encode type '" .. tv .. "'", 4 )
end

function text.jsonEncode( value, flags )
	checkType( 'mw.text.jsonEncode', 2, flags, 'number', true )
	return php.textJsonEncode( jsonPrepare( value, {} ), flags )
end

function text.jsonDecode( s, flags )
	checkType( 'mw.text.jsonDecode', 1, s, 'string' )
	checkType( 'mw.text.jsonDecode', 2, flags, 'number', true )
	return php.textJsonDecode( s, flags )
end

return text
