-- wikiparse: mw.language with English rules (MIT).
local internals = ...
local php = internals.php
local util = internals.loadLibrary( 'libraryUtil' )
local checkType = util.checkType

local language = {}
local langMt = {}
local contentLanguage

function language.fetchLanguageName( code, inLanguage )
	checkType( 'fetchLanguageName', 1, code, 'string' )
	return php.langName( code, inLanguage )
end

function language.fetchLanguageNames( inLanguage, include )
	return php.langNames( inLanguage )
end

function language.isKnownLanguageTag( code )
	return type( code ) == 'string' and php.langName( code, nil ) ~= ''
end

function language.isSupportedLanguage( code )
	return code == 'en'
end

function language.isValidCode( code )
	return type( code ) == 'string' and not code:find( '[:/\\%%<>&\'"%z\n%[%]{}|#\127]' ) and code ~= ''
end

local rtl = { ar = true, arc = true, arz = true, azb = true, ckb = true, dv = true, fa = true,
	he = true, ku_arab = true, mzn = true, pnb = true, ps = true, sd = true, ug = true,
	ur = true, yi = true }

local durationUnits = {
	{ 'millennia', 31556952000 }, { 'centuries', 3155695200 }, { 'decades', 315569520 },
	{ 'years', 31556952 }, { 'weeks', 604800 }, { 'days', 86400 }, { 'hours', 3600 },
	{ 'minutes', 60 }, { 'seconds', 1 },
}
local durationDefault = { 'millennia', 'centuries', 'decades', 'years', 'days', 'hours',
	'minutes', 'seconds' }
local durationNames = {
	millennia = { 'millennium', 'millennia' }, centuries = { 'century', 'centuries' },
	decades = { 'decade', 'decades' }, years = { 'year', 'years' }, weeks = { 'week', 'weeks' },
	days = { 'day', 'days' }, hours = { 'hour', 'hours' }, minutes = { 'minute', 'minutes' },
	seconds = { 'second', 'seconds' },
}

local function durationIntervals( seconds, chosen )
	chosen = chosen or durationDefault
	local wanted = {}
	for _, name in ipairs( chosen ) do
		wanted[name] = true
	end
	local out, smallest = {}, nil
	for _, unit in ipairs( durationUnits ) do
		if wanted[unit[1]] then
			smallest = unit[1]
		end
	end
	for _, unit in ipairs( durationUnits ) do
		local name, size = unit[1], unit[2]
		if wanted[name] then
			local n = math.floor( seconds / size )
			if n > 0 or ( name == smallest and next( out ) == nil ) then
				out[name] = n
				seconds = seconds - n * size
			end
		end
	end
	return out
end

function language.isValidBuiltInCode( code )
	return type( code ) == 'string' and code:match( '^[a-z0-9%-]+$' ) ~= nil
end

function language.getFallbacksFor( code )
	if code == 'en' then
		return {}
	end
	return { 'en' }
end

function language.new( code )
	checkType( 'mw.language.new', 1, code, 'string' )
	local isRtl = rtl[( code:lower():gsub( '%-', '_' ) )] or false
	local lang = { code = code }
	function lang:getCode() return self.code end
	function lang:getFallbackLanguages() return language.getFallbacksFor( self.code ) end
	function lang:isRTL() return isRtl end
	function lang:getDir() return isRtl and 'rtl' or 'ltr' end
	function lang:getDirMark( opposite )
		return ( isRtl ~= not not opposite ) and '\226\128\143' or '\226\128\142'
	end
	function lang:getDirMarkEntity( opposite )
		return ( isRtl ~= not not opposite ) and '&rlm;' or '&lrm;'
	end
	function lang:getArrow( direction )
		direction = direction or 'forwards'
		if direction == 'forwards' then
			direction = isRtl and 'left' or 'right'
		elseif direction == 'backwards' then
			direction = isRtl and 'right' or 'left'
		end
		local arrows = { left = '←', right = '→', up = '↑', down = '↓' }
		return arrows[direction] or '→'
	end
	function lang:lc( s ) return mw.ustring.lower( s ) end
	function lang:uc( s ) return mw.ustring.upper( s ) end
	function lang:lcfirst( s )
		return mw.ustring.lower( mw.ustring.sub( s, 1, 1 ) ) .. mw.ustring.sub( s, 2 )
	end
	function lang:ucfirst( s )
		return mw.ustring.upper( mw.ustring.sub( s, 1, 1 ) ) .. mw.ustring.sub( s, 2 )
	end
	function lang:caseFold( s ) return mw.ustring.upper( s ) end
	function lang:formatNum( n, opt )
		local t = type( n )
		if t ~= 'number' and t ~= 'string' then
			error( "bad argument #1 to 'formatNum' (number or string expected, got " .. t .. ')', 2 )
		end
		if t == 'number' and n ~= n then
			error( "bad argument #1 to 'formatNum' (NaN)", 2 )
		elseif t == 'number' and ( n == math.huge or n == -math.huge ) then
			error( "bad argument #1 to 'formatNum' (infinite)", 2 )
		end
		return php.langFormatNum( n, type( opt ) == 'table' and opt.noCommafy or false )
	end
	function lang:parseFormattedNumber( s )
		if type( s ) == 'number' then
			return s
		end
		return tonumber( ( tostring( s ):gsub( ',', '' ) ) )
	end
	function lang:formatDate( format, timestamp, localTime )
		checkType( 'formatDate', 1, format, 'string' )
		checkType( 'formatDate', 2, timestamp, 'string', true )
		return php.langFormatDate( format, timestamp, localTime )
	end
	function lang:formatDuration( seconds, chosen )
		checkType( 'formatDuration', 1, seconds, 'number' )
		local intervals = durationIntervals( seconds, chosen )
		local out = {}
		for _, unit in ipairs( durationUnits ) do
			local n = intervals[unit[1]]
			if n then
				out[#out + 1] = self:formatNum( n ) .. ' ' .. durationNames[unit[1]][n == 1 and 1 or 2]
			end
		end
		return mw.text.listToText( out )
	end
	function lang:getDurationIntervals( seconds, chosen )
		checkType( 'getDurationIntervals', 1, seconds, 'number' )
		return durationIntervals( seconds, chosen )
	end
	function lang:convertPlural( n, ... )
		local forms = { ... }
		if type( forms[1] ) == 'table' then
			forms = forms[1]
		end
		if #forms == 0 then
			return ''
		end
		if tonumber( n ) == 1 then
			return forms[1]
		end
		return forms[2] or forms[1]
	end
	lang.plural = lang.convertPlural
	function lang:convertGrammar( word, case ) return word end
	lang.grammar = lang.convertGrammar
	function lang:gender( what, masculine, feminine, neutral )
		if type( masculine ) == 'table' then
			masculine, feminine, neutral = masculine[1], masculine[2], masculine[3]
		end
		if what == 'male' then
			return masculine
		elseif what == 'female' then
			return feminine or masculine
		end
		return neutral or masculine
	end
	function lang:toBcp47Code()
		local special = { ['sr-ec'] = 'sr-Cyrl', ['sr-el'] = 'sr-Latn', simple = 'en-simple' }
		return special[self.code] or self.code
	end
	if not language.isValidCode( code ) then
		-- Scribunto creates the object, but every language-specific method fails.
		for name, f in pairs( lang ) do
			if type( f ) == 'function' and name ~= 'getCode' and name ~= 'getFallbackLanguages' then
				lang[name] = function ()
					error( "language code '" .. code .. "' is invalid", 2 )
				end
			end
		end
	end
	return lang
end

function language.getContentLanguage()
	if not contentLanguage then
		contentLanguage = language.new( 'en' )
	end
	return contentLanguage
end

return language
