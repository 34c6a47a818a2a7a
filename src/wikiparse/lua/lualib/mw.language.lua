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
	return type( code ) == 'string' and not code:find( '[:/\\%%<>&\'"%z\n]' ) and code ~= ''
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
	local lang = { code = code }
	function lang:getCode() return self.code end
	function lang:getFallbackLanguages() return language.getFallbacksFor( self.code ) end
	function lang:isRTL() return false end
	function lang:getDir() return 'ltr' end
	function lang:getDirMark( opposite ) return opposite and '\226\128\143' or '\226\128\142' end
	function lang:getDirMarkEntity( opposite ) return opposite and '&rlm;' or '&lrm;' end
	function lang:getArrow( direction )
		local arrows = { forwards = '→', backwards = '←', left = '←', right = '→', up = '↑', down = '↓' }
		return arrows[direction or 'forwards'] or '→'
	end
	function lang:lc( s ) return mw.ustring.lower( s ) end
	function lang:uc( s ) return mw.ustring.upper( s ) end
	function lang:lcfirst( s )
		return mw.ustring.lower( mw.ustring.sub( s, 1, 1 ) ) .. mw.ustring.sub( s, 2 )
	end
	function lang:ucfirst( s )
		return mw.ustring.upper( mw.ustring.sub( s, 1, 1 ) ) .. mw.ustring.sub( s, 2 )
	end
	function lang:caseFold( s ) return mw.ustring.lower( s ) end
	function lang:formatNum( n, opt )
		local t = type( n )
		if t ~= 'number' and t ~= 'string' then
			error( "bad argument #1 to 'formatNum' (number or string expected, got " .. t .. ')', 2 )
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
	function lang:formatDuration( seconds, allowed )
		local units = { { 'years', 31557600 }, { 'days', 86400 }, { 'hours', 3600 },
			{ 'minutes', 60 }, { 'seconds', 1 } }
		local out = {}
		for _, u in ipairs( units ) do
			local n = math.floor( seconds / u[2] )
			if n > 0 then
				seconds = seconds - n * u[2]
				local name = u[1]
				if n == 1 then name = name:sub( 1, -2 ) end
				out[#out + 1] = n .. ' ' .. name
			end
		end
		if #out == 0 then
			return '0 seconds'
		end
		return mw.text.listToText( out )
	end
	function lang:getDurationIntervals( seconds )
		return { seconds = seconds }
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
			return masculine[3] or masculine[1]
		end
		return neutral or masculine
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
