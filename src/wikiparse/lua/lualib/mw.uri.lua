-- wikiparse: mw.uri (MIT).
local internals = ...
local php = internals.php
local util = internals.loadLibrary( 'libraryUtil' )
local checkType = util.checkType
local uri = {}

function uri.encode( s, enctype )
	checkType( 'encode', 1, s, 'string' )
	enctype = enctype or 'QUERY'
	if enctype ~= 'QUERY' and enctype ~= 'PATH' and enctype ~= 'WIKI' then
		error( "bad argument #2 to 'encode' (expected QUERY, PATH, or WIKI)", 2 )
	end
	return php.uriEncode( s, enctype )
end

function uri.decode( s, enctype )
	checkType( 'decode', 1, s, 'string' )
	enctype = enctype or 'QUERY'
	if enctype ~= 'QUERY' and enctype ~= 'PATH' and enctype ~= 'WIKI' then
		error( "bad argument #2 to 'decode' (expected QUERY, PATH, or WIKI)", 2 )
	end
	return php.uriDecode( s, enctype )
end

function uri.anchorEncode( s )
	checkType( 'anchorEncode', 1, s, 'string' )
	return php.uriAnchorEncode( s )
end

function uri.buildQueryString( t )
	checkType( 'buildQueryString', 1, t, 'table' )
	local keys = {}
	for k in pairs( t ) do
		keys[#keys + 1] = tostring( k )
	end
	table.sort( keys )
	local out = {}
	for _, k in ipairs( keys ) do
		local v = t[k]
		if v == nil then
			v = t[tonumber( k )]
		end
		local ek = uri.encode( k, 'QUERY' )
		if type( v ) == 'table' then
			for _, vv in ipairs( v ) do
				out[#out + 1] = ek .. '=' .. uri.encode( tostring( vv ), 'QUERY' )
			end
		elseif v == false then
			out[#out + 1] = ek
		else
			out[#out + 1] = ek .. '=' .. uri.encode( tostring( v ), 'QUERY' )
		end
	end
	return table.concat( out, '&' )
end

function uri.parseQueryString( s, i, j )
	checkType( 'parseQueryString', 1, s, 'string' )
	s = string.sub( s, i or 1, j or -1 )
	local ret = {}
	for pair in string.gmatch( s, '[^&]+' ) do
		local k, v = pair:match( '^([^=]*)=(.*)$' )
		if k == nil then
			k, v = pair, false
		else
			v = uri.decode( v, 'QUERY' )
		end
		k = uri.decode( k, 'QUERY' )
		if ret[k] == nil then
			ret[k] = v
		elseif type( ret[k] ) == 'table' then
			table.insert( ret[k], v )
		else
			ret[k] = { ret[k], v }
		end
	end
	return ret
end

local function url( which, page, query )
	checkType( which, 1, page, 'string' )
	if type( query ) == 'table' then
		query = uri.buildQueryString( query )
	end
	return uri.new( php.uriUrl( which, page, query ) )
end

function uri.localUrl( page, query ) return url( 'localUrl', page, query ) end
function uri.fullUrl( page, query ) return url( 'fullUrl', page, query ) end
function uri.canonicalUrl( page, query ) return url( 'canonicalUrl', page, query ) end

local uriMt = {}

-- The query string in the order the keys were first seen (parsing order), then the rest sorted.
local function queryString( u )
	local q = u.query or {}
	local order, seen = {}, {}
	for _, k in ipairs( u._order or {} ) do
		if q[k] ~= nil and not seen[k] then
			order[#order + 1] = k
			seen[k] = true
		end
	end
	local rest = {}
	for k in pairs( q ) do
		if not seen[k] then
			rest[#rest + 1] = tostring( k )
		end
	end
	table.sort( rest )
	for _, k in ipairs( rest ) do
		order[#order + 1] = k
	end
	local out = {}
	for _, k in ipairs( order ) do
		local v = q[k]
		local ek = uri.encode( k, 'QUERY' )
		if type( v ) == 'table' then
			for _, vv in ipairs( v ) do
				out[#out + 1] = vv == false and ek or ek .. '=' .. uri.encode( tostring( vv ), 'QUERY' )
			end
		elseif v == false then
			out[#out + 1] = ek
		else
			out[#out + 1] = ek .. '=' .. uri.encode( tostring( v ), 'QUERY' )
		end
	end
	return table.concat( out, '&' )
end

local function derive( u )
	local userInfo = u.user and ( u.user .. ( u.password and ':' .. u.password or '' ) ) or nil
	rawset( u, 'userInfo', userInfo )
	local hostPort = u.host and ( u.host .. ( u.port and ':' .. u.port or '' ) ) or nil
	rawset( u, 'hostPort', hostPort )
	rawset( u, 'authority', hostPort and ( userInfo and userInfo .. '@' or '' ) .. hostPort or nil )
	local qs = nil
	if ( u.query and next( u.query ) ~= nil ) or u._hadQuery then
		qs = queryString( u )
	end
	rawset( u, 'queryString', qs )
	rawset( u, 'relativePath', ( u.path or '' ) .. ( qs and '?' .. qs or '' ) ..
		( u.fragment and '#' .. u.fragment or '' ) )
end

uriMt.__tostring = function ( u )
	derive( u )
	local s = ''
	if u.protocol then
		s = u.protocol .. ':'
	end
	if u.authority then
		s = s .. '//' .. u.authority
	end
	return s .. u.relativePath
end

function uri.new( s )
	if s == nil or type( s ) == 'string' then
		local u = setmetatable( {}, uriMt )
		s = s or tostring( mw.title.getCurrentTitle():fullUrl() )
		local rest = s
		local hash = rest:find( '#', 1, true )
		if hash then
			u.fragment = rest:sub( hash + 1 )
			rest = rest:sub( 1, hash - 1 )
		end
		local qmark = rest:find( '?', 1, true )
		u.query = {}
		if qmark then
			local q = rest:sub( qmark + 1 )
			rest = rest:sub( 1, qmark - 1 )
			u.query = uri.parseQueryString( q )
			local order = {}
			for pair in q:gmatch( '[^&]+' ) do
				order[#order + 1] = uri.decode( pair:match( '^[^=]*' ), 'QUERY' )
			end
			rawset( u, '_order', order )
			rawset( u, '_hadQuery', true )
		end
		local proto, r2 = rest:match( '^([%a][%w+.-]*):(.*)$' )
		if proto then
			u.protocol = proto
			rest = r2
		end
		local auth, path = rest:match( '^//([^/]*)(.*)$' )
		if auth then
			local userinfo, hostport = auth:match( '^(.*)@(.*)$' )
			if userinfo then
				local user, password = userinfo:match( '^([^:]*):(.*)$' )
				u.user = user or userinfo
				u.password = password
			else
				hostport = auth
			end
			local host, port = hostport:match( '^(.*):(%d+)$' )
			if host and not host:find( '^%[[^%]]*$' ) then
				u.host = host
				u.port = tonumber( port )
			else
				u.host = hostport
			end
			rest = path
		end
		u.path = rest
		derive( u )
		local order, had = u._order, u._hadQuery
		u._order, u._hadQuery = nil, nil
		return setmetatable( u, { __tostring = uriMt.__tostring, __index = function ( t, k )
			if k == '_order' then return order elseif k == '_hadQuery' then return had end
		end } )
	elseif type( s ) == 'table' then
		return setmetatable( mw.clone( s ), uriMt )
	end
	error( "bad argument #1 to 'mw.uri.new' (string or table expected)", 2 )
end

function uri.validate( u )
	return true
end

return uri
