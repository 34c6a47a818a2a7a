-- bit32: Lua 5.2's bitwise library for Lua 5.1, on plain arithmetic (written for wikiparse,
-- MIT).  Scribunto offers it to modules through require( 'bit32' ); the behaviour follows the
-- Lua 5.2 reference manual: every operand is taken modulo 2^32 after rounding down, and
-- results are unsigned 32-bit integers.

local floor, min, max = math.floor, math.min, math.max
local TWO32 = 4294967296

local bit32 = {}

-- A number argument, rounded down (a string that reads as a number is accepted, as in Lua).
local function integer( fname, pos, value, level )
	local n = tonumber( value )
	if n == nil then
		error( ( "bad argument #%d to '%s' (number expected, got %s)" ):format(
			pos, fname, type( value ) ), level + 1 )
	end
	return floor( n )
end

-- The same, reduced to the unsigned 32-bit range.
local function word( fname, pos, value, level )
	return integer( fname, pos, value, level + 1 ) % TWO32
end

-- Folds `op` (on single bits) over the words of the argument list, starting from `init`.
local function fold( fname, init, op, ... )
	local n = select( '#', ... )
	local words = { ... }
	for i = 1, n do
		words[i] = word( fname, i, words[i], 3 )
	end
	local result, weight = 0, 1
	for _ = 1, 32 do
		local bitValue = init
		for i = 1, n do
			local w = words[i]
			local low = w % 2
			words[i] = ( w - low ) / 2
			bitValue = op( bitValue, low )
		end
		result = result + bitValue * weight
		weight = weight * 2
	end
	return result
end

local function andBit( a, b ) return ( a == 1 and b == 1 ) and 1 or 0 end
local function orBit( a, b ) return ( a == 1 or b == 1 ) and 1 or 0 end
local function xorBit( a, b ) return a == b and 0 or 1 end

-- (Not tail calls: an error's level must count the public function's own frame.)
function bit32.band( ... ) local r = fold( 'band', 1, andBit, ... ) return r end
function bit32.bor( ... ) local r = fold( 'bor', 0, orBit, ... ) return r end
function bit32.bxor( ... ) local r = fold( 'bxor', 0, xorBit, ... ) return r end
function bit32.btest( ... ) return fold( 'btest', 1, andBit, ... ) ~= 0 end

function bit32.bnot( x )
	return TWO32 - 1 - word( 'bnot', 1, x, 2 )
end

-- The field/width pair of extract and replace, checked as Lua 5.2 checks it.
local function fieldWidth( fname, fieldPos, field, width )
	field = integer( fname, fieldPos, field, 3 )
	width = integer( fname, fieldPos + 1, width == nil and 1 or width, 3 )
	if field < 0 then
		error( ( "bad argument #%d to '%s' (field cannot be negative)" ):format( fieldPos, fname ), 3 )
	end
	if width <= 0 then
		error( ( "bad argument #%d to '%s' (width must be positive)" ):format( fieldPos + 1, fname ), 3 )
	end
	if field + width > 32 then
		error( 'trying to access non-existent bits', 3 )
	end
	return field, width
end

function bit32.extract( n, field, width )
	n = word( 'extract', 1, n, 2 )
	field, width = fieldWidth( 'extract', 2, field, width )
	return floor( n / 2 ^ field ) % 2 ^ width
end

function bit32.replace( n, v, field, width )
	n = word( 'replace', 1, n, 2 )
	v = word( 'replace', 2, v, 2 )
	field, width = fieldWidth( 'replace', 3, field, width )
	local low = n % 2 ^ field
	local high = floor( n / 2 ^ ( field + width ) ) * 2 ^ ( field + width )
	return high + ( v % 2 ^ width ) * 2 ^ field + low
end

-- Shift distances beyond 32 either way clear every bit, so they are clamped there.
local function distance( fname, disp )
	return max( -32, min( 32, integer( fname, 2, disp, 3 ) ) )
end

-- Logical shift left by `disp` (right when negative).
local function shift( x, disp )
	if disp >= 0 then
		return ( x * 2 ^ disp ) % TWO32
	end
	return floor( x / 2 ^ -disp )
end

function bit32.lshift( x, disp )
	return shift( word( 'lshift', 1, x, 2 ), distance( 'lshift', disp ) )
end

function bit32.rshift( x, disp )
	return shift( word( 'rshift', 1, x, 2 ), -distance( 'rshift', disp ) )
end

function bit32.arshift( x, disp )
	x = word( 'arshift', 1, x, 2 )
	disp = distance( 'arshift', disp )
	if disp <= 0 or x < 2147483648 then
		return shift( x, -disp )
	end
	-- The sign bit is set: the vacated high bits fill with ones.
	if disp >= 32 then
		return TWO32 - 1
	end
	return shift( x, -disp ) + ( TWO32 - 2 ^ ( 32 - disp ) )
end

-- Rotations work modulo 32; rotating right by d is rotating left by -d.
local function rotate( x, disp )
	disp = disp % 32
	local wide = x * 2 ^ disp
	return wide % TWO32 + floor( wide / TWO32 )
end

function bit32.lrotate( x, disp )
	return rotate( word( 'lrotate', 1, x, 2 ), integer( 'lrotate', 2, disp, 2 ) )
end

function bit32.rrotate( x, disp )
	return rotate( word( 'rrotate', 1, x, 2 ), -integer( 'rrotate', 2, disp, 2 ) )
end

return bit32
