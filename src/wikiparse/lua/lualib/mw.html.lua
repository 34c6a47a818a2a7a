-- wikiparse: mw.html, a builder for HTML fragments (MIT; Scribunto's documented API).
local util = ( ... ).loadLibrary( 'libraryUtil' )
local checkType = util.checkType
local checkTypeMulti = util.checkTypeMulti

local HtmlBuilder = {}
local methods = {}
local metatable = {}

local selfClosing = { area = true, base = true, br = true, col = true, command = true,
	embed = true, hr = true, img = true, input = true, keygen = true, link = true, meta = true,
	param = true, source = true, track = true, wbr = true }

local htmlencodeMap = { ['>'] = '&gt;', ['<'] = '&lt;', ['&'] = '&amp;', ['"'] = '&quot;' }

local function htmlEncode( s )
	return ( string.gsub( s, '[<>&"]', htmlencodeMap ) )
end

local function cssEncode( s )
	return ( mw.ustring.gsub( s, '[^%w%-_ :;%.,#%%%(%)!/\'"]', function ( c )
		return '\\' .. string.format( '%x', mw.ustring.codepoint( c ) ) .. ' '
	end ) )
end

local function isValidTag( name )
	return type( name ) == 'string' and name:match( '^[a-zA-Z0-9]+$' ) ~= nil
end

local function isValidAttributeName( s )
	return type( s ) == 'string' and mw.ustring.match( s, '^[:_%w][:_%.%-%w]*$' ) ~= nil
end

local function createBuilder( tagName, args )
	if tagName ~= nil and tagName ~= '' and not isValidTag( tagName ) then
		error( string.format( "invalid tag name '%s'", tostring( tagName ) ), 3 )
	end
	args = args or {}
	local builder = {}
	setmetatable( builder, metatable )
	builder.nodes = {}
	builder.attributes = {}
	builder.styles = {}
	if tagName ~= '' then
		builder.tagName = tagName
	end
	builder.parent = args.parent
	builder.selfClosing = selfClosing[tagName] or args.selfClosing or false
	return builder
end

metatable.__index = methods
metatable.__tostring = function ( t )
	local ret = {}
	t:_build( ret )
	return table.concat( ret )
end

function methods:_build( ret )
	if self.tagName then
		ret[#ret + 1] = '<' .. self.tagName
		for _, attr in ipairs( self.attributes ) do
			ret[#ret + 1] = ' ' .. attr.name .. '="' .. htmlEncode( attr.val ) .. '"'
		end
		if #self.styles > 0 then
			ret[#ret + 1] = ' style="'
			local css = {}
			for _, prop in ipairs( self.styles ) do
				if type( prop ) ~= 'table' then
					css[#css + 1] = htmlEncode( prop )
				else
					css[#css + 1] = htmlEncode( cssEncode( prop.name ) .. ':' .. cssEncode( prop.val ) )
				end
			end
			ret[#ret + 1] = table.concat( css, ';' )
			ret[#ret + 1] = '"'
		end
		if self.selfClosing then
			ret[#ret + 1] = ' />'
			return
		end
		ret[#ret + 1] = '>'
	end
	for _, node in ipairs( self.nodes ) do
		if node then
			if type( node ) == 'table' then
				node:_build( ret )
			else
				ret[#ret + 1] = tostring( node )
			end
		end
	end
	if self.tagName then
		ret[#ret + 1] = '</' .. self.tagName .. '>'
	end
end

function methods:node( builder )
	if builder then
		if type( builder ) ~= 'table' or getmetatable( builder ) ~= metatable then
			-- Scribunto accepts only builders; anything else is text
			checkType( 'node', 1, builder, 'table' )
		end
		if self.selfClosing then
			error( 'self-closing tags can\'t have child nodes', 2 )
		end
		builder.parent = self
		self.nodes[#self.nodes + 1] = builder
	end
	return self
end

function methods:wikitext( ... )
	local vals = { ... }
	for i = 1, select( '#', ... ) do
		checkTypeMulti( 'wikitext', i, vals[i], { 'string', 'number' } )
		if self.selfClosing then
			error( 'self-closing tags can\'t have child nodes', 2 )
		end
		self.nodes[#self.nodes + 1] = vals[i]
	end
	return self
end

function methods:newline()
	return self:wikitext( '\n' )
end

function methods:tag( tagName, args )
	checkType( 'tag', 1, tagName, 'string' )
	checkType( 'tag', 2, args, 'table', true )
	args = args or {}
	args.parent = self
	local builder = createBuilder( tagName, args )
	self:node( builder )
	return builder
end

function methods:getAttr( name )
	checkType( 'getAttr', 1, name, 'string' )
	for _, attr in ipairs( self.attributes ) do
		if attr.name == name then
			return attr.val
		end
	end
	return nil
end

function methods:attr( name, val )
	if type( name ) == 'table' then
		if val ~= nil then
			error( "bad argument #2 to 'attr' (if argument #1 is a table, argument #2 must be left empty)", 2 )
		end
		local callForTable = function ()
			for attrName, attrValue in pairs( name ) do
				self:attr( attrName, attrValue )
			end
		end
		if not pcall( callForTable ) then
			error( "bad argument #1 to 'attr' (table keys must be strings, and values must be strings or numbers)", 2 )
		end
		return self
	end
	checkType( 'attr', 1, name, 'string' )
	checkTypeMulti( 'attr', 2, val, { 'string', 'number', 'nil' } )
	if not isValidAttributeName( name ) then
		error( "bad argument #1 to 'attr' (invalid attribute name '" .. name .. "')", 2 )
	end
	if name == 'style' then
		self.styles = { val }
		return self
	end
	for i, attr in ipairs( self.attributes ) do
		if attr.name == name then
			if val ~= nil then
				attr.val = tostring( val )
			else
				table.remove( self.attributes, i )
			end
			return self
		end
	end
	if val ~= nil then
		self.attributes[#self.attributes + 1] = { name = name, val = tostring( val ) }
	end
	return self
end

function methods:addClass( class )
	checkTypeMulti( 'addClass', 1, class, { 'string', 'number', 'nil' } )
	if class ~= nil then
		local attr = self:getAttr( 'class' )
		if attr then
			self:attr( 'class', attr .. ' ' .. class )
		else
			self:attr( 'class', class )
		end
	end
	return self
end

function methods:css( name, val )
	if type( name ) == 'table' then
		if val ~= nil then
			error( "bad argument #2 to 'css' (if argument #1 is a table, argument #2 must be left empty)", 2 )
		end
		local callForTable = function ()
			for attrName, attrValue in pairs( name ) do
				self:css( attrName, attrValue )
			end
		end
		if not pcall( callForTable ) then
			error( "bad argument #1 to 'css' (table keys and values must be strings or numbers)", 2 )
		end
		return self
	end
	checkTypeMulti( 'css', 1, name, { 'string', 'number' } )
	checkTypeMulti( 'css', 2, val, { 'string', 'number', 'nil' } )
	for i, prop in ipairs( self.styles ) do
		if prop.name == name then
			if val ~= nil then
				prop.val = tostring( val )
			else
				table.remove( self.styles, i )
			end
			return self
		end
	end
	if val ~= nil then
		self.styles[#self.styles + 1] = { name = tostring( name ), val = tostring( val ) }
	end
	return self
end

function methods:cssText( css )
	checkTypeMulti( 'cssText', 1, css, { 'string', 'number', 'nil' } )
	if css ~= nil then
		self.styles[#self.styles + 1] = tostring( css )
	end
	return self
end

function methods:done()
	return self.parent or self
end

function methods:allDone()
	local builder = self
	while builder.parent do
		builder = builder.parent
	end
	return builder
end

function HtmlBuilder.create( tagName, args )
	checkType( 'mw.html.create', 1, tagName, 'string', true )
	checkType( 'mw.html.create', 2, args, 'table', true )
	return createBuilder( tagName, args )
end

return HtmlBuilder
