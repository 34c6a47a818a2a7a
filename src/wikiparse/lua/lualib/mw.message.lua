-- wikiparse: mw.message with plain English messages (MIT).  Offline there is no message
-- store, so a message's text is its key in angle brackets unless raw text was given.
local util = ( ... ).loadLibrary( 'libraryUtil' )
local message = {}
local known = {
	['and'] = ' and', ['comma-separator'] = ', ', ['word-separator'] = ' ',
	['parentheses'] = '($1)', ['brackets'] = '[$1]', ['pipe-separator'] = ' | ',
	['colon-separator'] = ': ', ['ellipsis'] = '...', ['semicolon-separator'] = '; ',
	['percent'] = '$1%',
}

local function makeMessage( key, rawText, params )
	local msg = { key = key, _params = params or {}, lang = 'en', useDB = true }

	local function text()
		local t = rawText or known[key]
		if t == nil then
			return nil
		end
		return ( t:gsub( '%$(%d+)', function ( n )
			local v = msg._params[tonumber( n )]
			if type( v ) == 'table' then
				v = v.raw or v.num or ''
			end
			return v ~= nil and tostring( v ) or '$' .. n
		end ) )
	end

	function msg:params( ... )
		local a = { ... }
		if #a == 1 and type( a[1] ) == 'table' and a[1].raw == nil and a[1].num == nil then
			a = a[1]
		end
		for _, v in ipairs( a ) do
			self._params[#self._params + 1] = v
		end
		return self
	end
	msg.rawParams = msg.params
	msg.numParams = msg.params
	function msg:inLanguage( lang )
		self.lang = type( lang ) == 'table' and lang.code or lang
		return self
	end
	function msg:useDatabase( v )
		self.useDB = not not v
		return self
	end
	function msg:plain()
		return text() or ( '⧼' .. key .. '⧽' )
	end
	msg.text = msg.plain
	msg.escaped = function ( self )
		return mw.text.encode( self:plain() )
	end
	msg.parse = msg.plain
	function msg:exists()
		return text() ~= nil
	end
	function msg:isBlank()
		local t = text()
		return t == nil or t == ''
	end
	function msg:isDisabled()
		local t = text()
		return t == nil or t == '' or t == '-'
	end
	return setmetatable( msg, { __tostring = function ( self ) return self:plain() end } )
end

function message.new( key, ... )
	util.checkType( 'message.new', 1, key, 'string' )
	return makeMessage( key, nil ):params( ... )
end

function message.newFallbackSequence( ... )
	local keys = { ... }
	for _, k in ipairs( keys ) do
		if known[k] then
			return makeMessage( k, nil )
		end
	end
	return makeMessage( keys[1] or '', nil )
end

function message.newRawMessage( msg, ... )
	util.checkType( 'message.newRawMessage', 1, msg, 'string' )
	return makeMessage( 'rawmessage', msg ):params( ... )
end

function message.rawParam( value )
	return { raw = value }
end

function message.numParam( value )
	return { num = value }
end

function message.getDefaultLanguage()
	return mw.language.getContentLanguage()
end

return message
