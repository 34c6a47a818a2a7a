-- wikiparse: mw.hash (MIT).
local php = ( ... ).php
local util = ( ... ).loadLibrary( 'libraryUtil' )
local hash = {}

function hash.listAlgorithms()
	return php.hashList()
end

function hash.hashValue( algo, value )
	util.checkType( 'hashValue', 1, algo, 'string' )
	util.checkType( 'hashValue', 2, value, 'string' )
	return php.hashValue( algo, value )
end

return hash
