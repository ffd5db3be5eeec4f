-- SPDX-License-Identifier: ISC
-- Baseline: a k-means summary of the data (as shap.kmeans): K centroids
-- weighted by the share of rows in each cluster. Distances use features
-- scaled by their standard deviation; centroids are in the data's units.
-- Seeded k-means++ start, then Lloyd iterations until nothing moves.
-- Options: {"kmeans", k = 10, seed = 0, iterations = 50}.
local opts, seed = ...
opts = opts or {}
local K = opts.k or 10
local SEED = opts.seed or seed or 0
local ITERATIONS = opts.iterations or 50

local function dist2(a, b, scale)
	local s = 0
	for j = 1, #a do
		local t = (a[j] - b[j]) * scale[j]
		s = s + t * t
	end
	return s
end

return function(data)
	local d, rows = data:ncols(), {}
	for r = 0, #data - 1 do
		if not data:missing(r) then
			rows[#rows + 1] = data:row(r)
		end
	end
	local n = #rows
	assert(n > 0, "kmeans: every row has a missing value")
	local k = math.min(K, n)
	local scale = {}
	for j, sd in ipairs(data:sds()) do
		scale[j] = (sd > 0) and 1 / sd or 1
	end
	-- k-means++: each next centre drawn with probability ~ distance^2.
	local rng = gshap.rng(SEED, 2)
	local centres = {}
	local near = {}
	local first = rows[rng:integer(1, n)]
	centres[1] = {table.unpack(first, 1, d)}
	for i = 1, n do
		near[i] = dist2(rows[i], centres[1], scale)
	end
	while #centres < k do
		local total = 0
		for i = 1, n do
			total = total + near[i]
		end
		local pick = n
		if total > 0 then
			local u, acc = rng:uniform() * total, 0
			for i = 1, n do
				acc = acc + near[i]
				if acc > u then
					pick = i
					break
				end
			end
		else
			pick = rng:integer(1, n)
		end
		local c = {table.unpack(rows[pick], 1, d)}
		centres[#centres + 1] = c
		for i = 1, n do
			near[i] = math.min(near[i], dist2(rows[i], c, scale))
		end
	end
	-- Lloyd's iterations.
	local assign = {}
	for _ = 1, ITERATIONS do
		local moved = false
		for i = 1, n do
			local best, bd = 1, math.huge
			for c = 1, k do
				local dd = dist2(rows[i], centres[c], scale)
				if dd < bd then
					best, bd = c, dd
				end
			end
			if assign[i] ~= best then
				assign[i] = best
				moved = true
			end
		end
		local sum, count = {}, {}
		for c = 1, k do
			sum[c], count[c] = {}, 0
			for j = 1, d do
				sum[c][j] = 0
			end
		end
		for i = 1, n do
			local c = assign[i]
			count[c] = count[c] + 1
			for j = 1, d do
				sum[c][j] = sum[c][j] + rows[i][j]
			end
		end
		for c = 1, k do
			if count[c] > 0 then
				for j = 1, d do
					centres[c][j] = sum[c][j] / count[c]
				end
			end
		end
		if not moved then
			break
		end
	end
	local out, weights = {}, {}
	local count = {}
	for i = 1, n do
		count[assign[i]] = (count[assign[i]] or 0) + 1
	end
	for c = 1, k do
		if (count[c] or 0) > 0 then
			out[#out + 1] = centres[c]
			weights[#weights + 1] = count[c] / n
		end
	end
	return {rows = out, weights = weights,
	    desc = string.format("%d k-means centroids of %s (seed %d)", #out,
	    data:name(), SEED)}
end
