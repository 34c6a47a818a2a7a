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
uriMt.__tostring = function ( u )
	local s = ''
	if u.protocol then
		s = u.protocol .. ':'
	end
	if u.host then
		s = s .. '//'
		if u.user then
			s = s .. u.user .. ( u.password and ':' .. u.password or '' ) .. '@'
		end
		s = s .. u.host .. ( u.port and ':' .. u.port or '' )
	end
	s = s .. ( u.path or '' )
	if u.query and next( u.query ) ~= nil then
		s = s .. '?' .. uri.buildQueryString( u.query )
	end
	if u.fragment then
		s = s .. '#' .. u.fragment
	end
	return s
end

function uri.new( s )
	if s == nil or type( s ) == 'string' then
		local u = setmetatable( {}, uriMt )
		s = s or tostring( mw.title.getCurrentTitle():fullUrl() )
		local rest = s
		local frag = rest:match( '#(.*)$' )
		if frag then
			u.fragment = frag
			rest = rest:gsub( '#.*$', '' )
		end
		local q = rest:match( '%?(.*)$' )
		if q then
			u.query = uri.parseQueryString( q )
			rest = rest:gsub( '%?.*$', '' )
		else
			u.query = {}
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
				u.user, u.password = userinfo:match( '^([^:]*):?(.*)$' )
				if u.password == '' then u.password = nil end
			else
				hostport = auth
			end
			local host, port = hostport:match( '^(.*):(%d+)$' )
			u.host = host or hostport
			u.port = port and tonumber( port ) or nil
			rest = path
		end
		u.path = rest
		return u
	elseif type( s ) == 'table' then
		return setmetatable( mw.clone( s ), uriMt )
	end
	error( "bad argument #1 to 'mw.uri.new' (string or table expected)", 2 )
end

function uri.validate( u )
	return true
end

return uri
