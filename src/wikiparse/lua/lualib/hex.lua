-- hex: the hexadecimal helpers of LuaBit 0.4 (to_hex, to_dec), which Scribunto offers to
-- modules through require( 'hex' ).  Written for wikiparse (MIT).

local floor = math.floor
local TWO32 = 4294967296

local hex = {}

-- "0x" and the upper-case hex digits of n; a negative n as its 32-bit two's complement.
function hex.to_hex( n )
	if type( n ) ~= 'number' then
		error( 'non-number type passed in.', 2 )
	end
	if n - floor( n ) > 0 then
		error( 'trying to apply bitwise operation on non-integer!', 2 )
	end
	if n < 0 then
		n = ( TWO32 - ( -n ) % TWO32 ) % TWO32
	end
	local digits = ''
	while n ~= 0 do
		local low = n % 16
		digits = ( '0123456789ABCDEF' ):sub( low + 1, low + 1 ) .. digits
		n = ( n - low ) / 16
	end
	return '0x' .. ( digits == '' and '0' or digits )
end

function hex.to_dec( s )
	if type( s ) ~= 'string' then
		error( 'non-string type passed in.', 2 )
	end
	local head = s:sub( 1, 2 )
	if head ~= '0x' and head ~= '0X' then
		error( 'wrong hex format, should lead by 0x or 0X.', 2 )
	end
	return tonumber( s:sub( 3 ), 16 )
end

return hex
