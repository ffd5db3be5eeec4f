-- SPDX-License-Identifier: ISC
-- Feature groups for square image rows (pixels in row-major order: 8x8
-- digits, 28x28 MNIST): square patches of SIZE x SIZE pixels, named
-- "patch R,C" (0-based patch row and column). The default size is 2 for
-- images up to 8x8 (16 patches) and 4 above (49 patches for 28x28).
-- Options: {"patches", size = 7}.
local opts = ...
opts = opts or {}

return function(names)
	local d = #names
	local side = math.floor(math.sqrt(d) + 0.5)
	assert(side * side == d, string.format("patches: %d features is not a "
	    .. "square image", d))
	local size = opts.size or (side <= 8 and 2 or 4)
	local groups = {}
	for r = 0, side - 1 do
		for c = 0, side - 1 do
			local g = (r // size) * ((side + size - 1) // size) + c // size + 1
			if groups[g] == nil then
				groups[g] = {name = string.format("patch %d,%d", r // size,
				    c // size), members = {}}
			end
			table.insert(groups[g].members, r * side + c + 1)
		end
	end
	return groups
end
