-- wikiparse: argument checks shared by the mw libraries (MIT; Scribunto's libraryUtil API).
local util = {}

local function fail( msg )
	error( msg, 4 )
end

function util.checkType( name, argIdx, arg, expectType, nilOk )
	if arg == nil and nilOk then
		return
	end
	if type( arg ) ~= expectType then
		fail( string.format( "bad argument #%d to '%s' (%s expected, got %s)",
			argIdx, name, expectType, type( arg ) ) )
	end
end

function util.checkTypeMulti( name, argIdx, arg, expectTypes )
	local got = type( arg )
	for _, t in ipairs( expectTypes ) do
		if got == t then
			return
		end
	end
	local n = #expectTypes
	local list = expectTypes[1]
	if n > 1 then
		list = table.concat( expectTypes, ', ', 1, n - 1 ) .. ' or ' .. expectTypes[n]
	end
	fail( string.format( "bad argument #%d to '%s' (%s expected, got %s)", argIdx, name, list, got ) )
end

function util.checkTypeForIndex( index, value, expectType )
	if type( value ) ~= expectType then
		fail( string.format( "value for index '%s' must be %s, %s given", index, expectType, type( value ) ) )
	end
end

function util.checkTypeForNamedArg( name, argName, arg, expectType, nilOk )
	if arg == nil and nilOk then
		return
	end
	if type( arg ) ~= expectType then
		fail( string.format( "bad named argument %s to '%s' (%s expected, got %s)",
			argName, name, expectType, type( arg ) ) )
	end
end

function util.makeCheckSelfFunction( libraryName, varName, selfObj, selfObjDesc )
	return function ( self, method )
		if self ~= selfObj then
			error( string.format(
				"%s: invalid %s. Did you call %s with a dot instead of a colon, i.e. " ..
				"%s.%s() instead of %s:%s()?",
				libraryName, selfObjDesc, method, varName, method, varName, method ), 3 )
		end
	end
end

return util
