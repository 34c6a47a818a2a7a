-- wikiparse: mw.site (MIT).  Facts come from the engine's ParserConfig and site settings.
local php = ( ... ).php
local info = php.siteInfo()
local site = {
	siteName = info.siteName, server = info.server, scriptPath = info.scriptPath,
	stylePath = info.stylePath, currentVersion = info.currentVersion,
	namespaces = {}, contentNamespaces = {}, subjectNamespaces = {}, talkNamespaces = {},
	stats = info.stats, wikiId = info.wikiId,
}

for id, ns in pairs( info.namespaces ) do
	ns.displayName = id == 0 and '(Main)' or ns.name
	site.namespaces[id] = ns
end
for id, ns in pairs( site.namespaces ) do
	-- Subject/talk/associated as namespace objects (Scribunto gives tables, not numbers).
	ns.subject = site.namespaces[ns.subject]
	ns.talk = site.namespaces[ns.talk]
	ns.associated = ns.associated and site.namespaces[ns.associated] or nil
	if ns.isContent then
		site.contentNamespaces[id] = ns
	end
	if ns.isSubject then
		site.subjectNamespaces[id] = ns
	end
	if ns.isTalk then
		site.talkNamespaces[id] = ns
	end
end

-- Lookup by any name or alias, any case, spaces or underscores.
local byName = {}
for id, ns in pairs( site.namespaces ) do
	byName[mw and string.lower( ns.name ) or ns.name] = ns
	for _, alias in ipairs( ns.aliases ) do
		byName[string.lower( alias )] = ns
	end
end
setmetatable( site.namespaces, { __index = function ( t, k )
	if type( k ) == 'string' then
		k = k:gsub( '_', ' ' ):gsub( '^ +', '' ):gsub( ' +$', '' ):gsub( '  +', ' ' )
		return byName[string.lower( k )]
	end
end } )

function site.stats.pagesInCategory( category, which )
	if which == '*' then
		return { all = 0, subcats = 0, files = 0, pages = 0 }
	end
	return 0
end

function site.stats.pagesInNamespace( ns )
	return 0
end

function site.stats.usersInGroup( group )
	return 0
end

function site.interwikiMap( filter )
	if filter ~= nil then
		if type( filter ) ~= 'string' then
			error( "bad argument #1 to 'interwikiMap' (string expected, got " .. type( filter ) .. ')', 2 )
		end
		if filter ~= 'local' and filter ~= '!local' then
			error( "bad argument #1 to 'interwikiMap' (unknown filter '" .. filter .. "')", 2 )
		end
	end
	return {}
end

return site
