-- wikiparse: mw.title (MIT).  Titles are normalised in Python (the wiki's namespaces);
-- `exists` and `getContent` read the host's page store; existence is an expensive call.
local internals = ...
local php = internals.php
local util = internals.loadLibrary( 'libraryUtil' )
local checkType = util.checkType

local title = {}
local titleMt = {}
local currentTitle

local function prefixed( data, text )
	if data.nsText ~= '' then
		return data.nsText .. ':' .. text
	end
	return text
end

local function makeTitleObject( data )
	if not data then
		return nil
	end
	local obj = {}
	local expensive
	local function getExpensive()
		if expensive == nil then
			expensive = php.titleExpensive( prefixed( data, data.text ) ) or false
		end
		return expensive
	end
	local ns = mw.site.namespaces[data.namespace] or {}
	local fields = {
		namespace = data.namespace, nsText = data.nsText, text = data.text,
		fragment = data.fragment, interwiki = data.interwiki, isLocal = data.isLocal,
		isCurrentTitle = data.isCurrentTitle,
	}
	fields.prefixedText = prefixed( data, data.text )
	if data.interwiki ~= '' then
		fields.prefixedText = data.interwiki .. ':' .. fields.prefixedText
	end
	local function fullText()
		return fields.prefixedText .. ( fields.fragment ~= '' and '#' .. fields.fragment or '' )
	end
	fields.baseText = data.text:match( '^(.+)/[^/]*$' ) or data.text
	fields.rootText = data.text:match( '^([^/]+)/' ) or data.text
	fields.subpageText = data.text:match( '/([^/]*)$' ) or data.text
	if not ns.hasSubpages then
		fields.baseText, fields.rootText, fields.subpageText = data.text, data.text, data.text
	end
	fields.isSubpage = ns.hasSubpages and data.text:find( '/' ) ~= nil or false
	fields.isSpecialPage = data.namespace == -1
	fields.isTalkPage = ns.isTalk or false
	fields.isContentPage = ns.isContent or false
	fields.isExternal = data.interwiki ~= ''
	if data.interwiki == '' then
		-- another wiki's title has none of these (its namespaces are that wiki's)
		fields.subjectNsText = ns.subject and ns.subject.name or ''
		fields.talkNsText = ns.talk and ns.talk.name or nil
		fields.canTalk = ns.talk ~= nil
	else
		fields.isTalkPage = nil
	end
	fields.dbKey = data.text:gsub( ' ', '_' )
	fields.partialUrl = function () return data.thePartialUrl end
	fields.contentModel = data.namespace == 828 and 'Scribunto' or 'wikitext'

	local lazy = {
		fullText = fullText,
		exists = function () return getExpensive().exists or false end,
		isRedirect = function () return getExpensive().isRedirect or false end,
		id = function () return getExpensive().id or 0 end,
		redirectTarget = function ()
			local target = php.titleRedirectTarget( fields.prefixedText )
			return target and title.new( target ) or false
		end,
		protectionLevels = function () return {} end,
		cascadingProtection = function () return { restrictions = {}, sources = {} } end,
		file = function () return data.file end,
		pageLang = function () return mw.language.getContentLanguage() end,
		pageLanguage = function () return mw.language.getContentLanguage() end,
		content = function () return php.titleContent( fields.prefixedText ) end,
		basePageTitle = function () return title.makeTitle( data.namespace, fields.baseText ) end,
		rootPageTitle = function () return title.makeTitle( data.namespace, fields.rootText ) end,
		talkPageTitle = function ()
			return ns.talk and title.makeTitle( ns.talk.id, data.text ) or nil
		end,
		subjectPageTitle = function ()
			return title.makeTitle( ns.subject and ns.subject.id or data.namespace, data.text )
		end,
	}

	function obj:inNamespace( n )
		local other = mw.site.namespaces[n]
		return other ~= nil and other.id == data.namespace
	end
	function obj:inNamespaces( ... )
		for _, n in ipairs( { ... } ) do
			if self:inNamespace( n ) then
				return true
			end
		end
		return false
	end
	function obj:hasSubjectNamespace( n )
		local other = mw.site.namespaces[n]
		return other ~= nil and ns.subject ~= nil and other.id == ns.subject.id
	end
	function obj:isSubpageOf( other )
		return data.namespace == other.namespace and
			data.text:sub( 1, #other.text + 1 ) == other.text .. '/'
	end
	function obj:subPageTitle( text )
		return title.makeTitle( data.namespace, data.text .. '/' .. text )
	end
	function obj:partialUrl()
		return data.thePartialUrl
	end
	function obj:fullUrl( query, proto )
		return php.titleUrl( fullText(), 'fullUrl', query, proto )
	end
	function obj:localUrl( query )
		return php.titleUrl( fullText(), 'localUrl', query )
	end
	function obj:canonicalUrl( query )
		return php.titleUrl( fullText(), 'canonicalUrl', query )
	end
	function obj:getContent()
		return php.titleContent( fields.prefixedText )
	end

	return setmetatable( obj, {
		__index = function ( t, k )
			local v = fields[k]
			if v ~= nil then
				if type( v ) == 'function' then
					return nil
				end
				return v
			end
			local f = lazy[k]
			if f then
				return f()
			end
			return nil
		end,
		__newindex = function ( t, k, v )
			if k == 'fragment' then
				checkType( 'setFragment', 1, v, 'string' )
				v = v:gsub( '_', ' ' ):gsub( '  +', ' ' ):gsub( ' +$', '' )
				fields.fragment = v
				return
			end
			error( "index '" .. tostring( k ) .. "' is read only", 2 )
		end,
		__eq = titleMt.__eq,
		__lt = titleMt.__lt,
		__le = titleMt.__le,
		__tostring = function () return fields.prefixedText end,
		__index_fields = fields,
		__title = true,
	} )
end

titleMt.__eq = function ( a, b )
	return a.namespace == b.namespace and a.text == b.text and a.interwiki == b.interwiki
end
titleMt.__lt = function ( a, b )
	if a.namespace ~= b.namespace then
		return a.namespace < b.namespace
	end
	return a.text < b.text
end
titleMt.__le = function ( a, b )
	return not titleMt.__lt( b, a )
end

function title.new( textOrId, defaultNamespace )
	local t = type( textOrId )
	if t == 'number' then
		return nil
	end
	if t ~= 'string' then
		error( "bad argument #1 to 'title.new' (number or string expected, got " .. t .. ')', 2 )
	end
	return makeTitleObject( php.titleNew( textOrId, defaultNamespace ) )
end

function title.makeTitle( ns, text, fragment, interwiki )
	checkType( 'makeTitle', 2, text, 'string' )
	return makeTitleObject( php.titleMake( ns, text, fragment, interwiki ) )
end

function title.getCurrentTitle()
	return title.new( php.currentTitle() )
end

-- A batch whose existence is looked up in one go: one expensive call per 25 titles, and the
-- titles' `exists` is free afterwards (Media: titles still cost one call each).
function title.newBatch( list, defaultNamespace )
	checkType( 'newBatch', 1, list, 'table' )
	local titles = {}
	for i, text in ipairs( list ) do
		titles[i] = title.new( text, defaultNamespace )
	end
	local batch = {}
	function batch:lookupExistence()
		local names = {}
		for _, t in ipairs( titles ) do
			if t then
				names[#names + 1] = t.prefixedText
			end
		end
		php.titleBatch( names )
		return self
	end
	function batch:getTitles()
		return titles
	end
	return batch
end

function title.equals( a, b )
	return a.interwiki == b.interwiki and a.namespace == b.namespace and a.text == b.text
end

function title.compare( a, b )
	if a.interwiki ~= b.interwiki then
		return a.interwiki < b.interwiki and -1 or 1
	end
	if a.namespace ~= b.namespace then
		return a.namespace < b.namespace and -1 or 1
	end
	if a.text ~= b.text then
		return a.text < b.text and -1 or 1
	end
	return 0
end

return title
