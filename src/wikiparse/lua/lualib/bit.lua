-- bit: the API of LuaBit 0.4 (bnot, band, bor, bxor, brshift, blshift, bxor2, blogic_rshift,
-- tobits, tonumb), which Scribunto offers to modules through require( 'bit' ).  Written for
-- wikiparse (MIT) on plain arithmetic.  As in LuaBit, and/or/xor work on non-negative integers
-- of any size, a negative operand stands for its 32-bit two's complement, `bnot` flips at least
-- 32 bits, and the left shift keeps the low 32 bits.

local floor, max = math.floor, math.max
local TWO32 = 4294967296

local bit = {}

local function checkInteger( n )
	if n - floor( n ) > 0 then
		error( 'trying to use bitwise operation on non-integer!', 3 )
	end
end

-- A negative number as its 32-bit two's complement; others unchanged.
local function unsigned( n )
	checkInteger( n )
	if n < 0 then
		return ( TWO32 - ( -n ) % TWO32 ) % TWO32
	end
	return n
end

-- The bits of n, lowest first (an empty table for 0).
function bit.tobits( n )
	n = unsigned( n )
	local bits = {}
	while n > 0 do
		local low = n % 2
		bits[#bits + 1] = low
		n = ( n - low ) / 2
	end
	return bits
end

-- The number whose bits (lowest first) are in the table.
function bit.tonumb( bits )
	local n, weight = 0, 1
	for i = 1, #bits do
		n = n + bits[i] * weight
		weight = weight * 2
	end
	return n
end

-- Applies `op` to each pair of bits of m and n.
local function combine( m, n, op )
	m, n = unsigned( m ), unsigned( n )
	local result, weight = 0, 1
	while m > 0 or n > 0 do
		local a, b = m % 2, n % 2
		result = result + op( a, b ) * weight
		m, n = ( m - a ) / 2, ( n - b ) / 2
		weight = weight * 2
	end
	return result
end

local function andBit( a, b ) return a * b end
local function orBit( a, b ) return ( a + b > 0 ) and 1 or 0 end
local function xorBit( a, b ) return ( a + b ) % 2 end

function bit.band( m, n ) local r = combine( m, n, andBit ) return r end
function bit.bor( m, n ) local r = combine( m, n, orBit ) return r end
function bit.bxor( m, n ) local r = combine( m, n, xorBit ) return r end
bit.bxor2 = bit.bxor

function bit.bnot( n )
	n = unsigned( n )
	local width = max( #bit.tobits( n ), 32 )
	return 2 ^ width - 1 - n
end

-- Arithmetic right shift: a negative number keeps its sign bit (bit 31) set.
function bit.brshift( n, bits )
	local negative = n < 0
	n = unsigned( n )
	for _ = 1, bits do
		n = floor( n / 2 )
		if negative then
			n = bit.bor( n, 2147483648 )
		end
	end
	return floor( n )
end

-- Logical right shift: zeros come in from the left.
function bit.blogic_rshift( n, bits )
	n = unsigned( n )
	for _ = 1, bits do
		n = n / 2
	end
	return floor( n )
end

function bit.blshift( n, bits )
	n = unsigned( n )
	for _ = 1, bits do
		n = n * 2
	end
	return bit.band( n, TWO32 - 1 )
end

return bit
